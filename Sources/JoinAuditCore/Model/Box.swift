/// An immutable value out of line: copies of whatever holds it share it (one retain instead
/// of one per string inside), and a change makes a new one.
@usableFromInline
final class Box<Value: Sendable>: Sendable {
    @usableFromInline let value: Value

    @usableFromInline init(_ value: Value) { self.value = value }
}
