/// The frame of the HTML report: doctype, the strict Content-Security-Policy, and the one
/// inline stylesheet (system fonts only, readable on a laptop, printable on A4).
enum HTMLPage {
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="joinaudit">
        <title>\(HTMLText.escape(title))</title>
        <style>\(style)</style>
        </head><body>

        """
    }

    static let tail = "<footer>Made by joinaudit. Every finding names the event and the settings that decided; <code>joinaudit explain EVENT_ID --db FILE</code> shows the decision step by step.</footer>\n</body></html>\n"

    static let style = """
        :root{--ink:#212529;--muted:#6c757d;--line:#dee2e6;--bg:#f8f9fa}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);max-width:1180px;margin:0 auto;padding:24px}
        h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px}
        header p{margin:2px 0;color:var(--muted)}
        code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        small{color:var(--muted)}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:18px 0}
        .card{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
        .card b{display:block;font-size:26px}.card span{color:var(--muted);font-size:12px}
        .card.bad{border-color:#a61e4d;background:#fff0f6}.card.warn{border-color:#f59f00;background:#fff9db}
        .pair{display:grid;grid-template-columns:1fr 1fr;gap:24px}
        svg{width:100%;height:auto;font-size:11px;fill:var(--ink)}svg .grid{stroke:var(--line)}svg .axis{fill:var(--muted)}
        .legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:12.5px}
        th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
        th{background:var(--bg);font-weight:600}
        table.narrow{width:auto;min-width:280px}
        .tables{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
        .sev{display:inline-block;border-radius:3px;padding:0 5px;color:#fff;font-size:11px;font-weight:600}
        .sev.critical{background:#a61e4d}.sev.high{background:#e8590c}.sev.medium{background:#f59f00;color:#212529}.sev.low{background:#1c7ed6}.sev.info{background:#868e96}
        .note,.empty{color:var(--muted)}.bad{color:#a61e4d}
        footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
        @media (max-width:800px){.pair{grid-template-columns:1fr}}
        @media print{body{max-width:none;padding:0;font-size:11px}.pair{grid-template-columns:1fr 1fr}section{break-inside:auto}tr,svg,.cards{break-inside:avoid}.page{break-before:page}h2{break-after:avoid}}
        """
}
