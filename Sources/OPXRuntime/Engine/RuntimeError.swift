/// Why the investigation runtime could not do what was asked: bad configuration, an unknown investigation or
/// incident, a replay divergence.
///
/// Agent failures are not errors: they are recorded (`agent.failed`) and the investigation goes on.
package struct RuntimeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    package let code: Code
    /// One readable line: what was wrong, where, how to fix it.
    package let description: String

    /// The kind of failure.
    package struct Code: Hashable, Sendable {
        private enum Base: Hashable, Sendable { case configuration, notFound, invalidState, divergence, agent }
        private let base: Base
        /// The configuration file is wrong.
        package static let configuration = Code(base: .configuration)
        /// An investigation, incident or checkpoint does not exist.
        package static let notFound = Code(base: .notFound)
        /// The investigation is not in a state that allows the request.
        package static let invalidState = Code(base: .invalidState)
        /// Replay found that the recorded log and the graph logic disagree.
        package static let divergence = Code(base: .divergence)
        /// An agent attempt failed (timeout, crash, bad answer); recorded, never thrown out of the engine.
        package static let agent = Code(base: .agent)
    }

    /// Creates an error.
    package init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// A configuration error in `file`.
    package static func configuration(_ message: String, file: String) -> RuntimeError {
        RuntimeError(.configuration, "\(file): \(message)")
    }
}
