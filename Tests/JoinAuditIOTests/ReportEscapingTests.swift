import Testing

@testable import JoinAuditIO

@Suite("Report escaping: each output's own rules")
struct ReportEscapingTests {
    @Test("CSV: formula starters get a quote, one per starter", arguments: ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
    func csvFormula(_ text: String) {
        let cell = CSVText.cell(text)
        #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"))
    }

    @Test("CSV: plain text is left alone; commas, quotes and line ends are quoted; controls shown escaped")
    func csvQuoting() {
        #expect(CSVText.cell("Ada Lovelace") == "Ada Lovelace")
        #expect(CSVText.cell("a,b") == "\"a,b\"")
        #expect(CSVText.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.cell("\u{1B}[31m") == "\\u{1b}[31m")
        #expect(CSVText.number(-3) == "-3")
    }

    @Test("HTML: markup and quotes become entities; controls are shown")
    func html() {
        #expect(HTMLText.escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(HTMLText.escape("a\"b&c") == "a&quot;b&amp;c")
        #expect(HTMLText.escape("\u{1B}x\u{202E}") == "\\u{1b}x\\u{202e}")
    }

    @Test("Markdown: links, images, emphasis, table pipes and HTML are inert")
    func markdown() {
        #expect(MarkdownText.escape("![p](http://e/x.png)") == "\\!\\[p\\]\\(http\\://e/x\\.png\\)")
        #expect(MarkdownText.escape("a|b") == "a\\|b")
        #expect(MarkdownText.escape("<b>") == "&lt;b&gt;")
        #expect(MarkdownText.escape("*x*_y_") == "\\*x\\*\\_y\\_")
        #expect(!MarkdownText.escape("a\nb").contains("\n"))
    }

    @Test("SVG ticks are round numbers from 0 up to the peak")
    func ticks() {
        #expect(SVGChart.ticks(4) == [0, 1, 2, 3, 4])
        #expect(SVGChart.ticks(5) == [0, 2, 4])
        #expect(SVGChart.ticks(1234) == [0, 500, 1000])
    }
}

@Suite("SVG chart labels")
struct SVGLabelTests {
    @Test("long ids keep their start and end; Teams thread ids keep their distinctive middle")
    func shortened() {
        #expect(SVGChart.shortened("u-ada", to: 21) == "u-ada")
        let guid = SVGChart.shortened("3e9a5b4c-7fbd-4c6e-8b5a-8d2f5e0fab2c35", to: 21)
        #expect(guid.count == 21 && guid.hasPrefix("3e9a5b4c") && guid.hasSuffix("fab2c35"))
        #expect(SVGChart.shortened("19:meeting_ZZY3u3KXYHsLLCabcdefghij@thread.v2", to: 21) == "…ZZY3u3KXYHsLLCabcde…")
    }
}
