/// One setting or fact that a decision looked at, with the value it had. A decision's trace
/// is what `explain` prints step by step and what a finding's `reason` sentence summarises.
public struct TraceStep: Sendable, Equatable, CustomStringConvertible {
    /// A setting name as Teams PowerShell spells it (`AutoAdmittedUsers`), or a fact of the
    /// meeting (`session`, `identity`).
    public var name: String
    public var value: String
    /// What the value meant for this decision, in plain words.
    public var meaning: String

    public init(_ name: String, _ value: String, _ meaning: String) {
        self.name = name
        self.value = value
        self.meaning = meaning
    }

    public var description: String { "\(name) = \(value): \(meaning)" }
}
