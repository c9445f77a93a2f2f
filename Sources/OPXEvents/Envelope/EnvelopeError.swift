/// Invalid envelope input: a stream id, event type, id, time or hash that cannot be used.
package struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong and how to fix it.
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
