/// A failure of a projection: its stored state, its runner, or a time-travel query.
///
/// The description is one readable sentence that names the projection, position or id involved
/// and what to do; payloads never appear in it.
package struct ProjectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    package struct Code: Sendable, Hashable {
        private enum Base: Hashable, Sendable {
            case corruptRow, conflict, notBuilt, versionMismatch, unknownProjection, notFound, beyondHead, badPoint
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A stored row or position record does not decode (damage, or a layout change without a version bump).
        package static let corruptRow = Code(.corruptRow)
        /// The stored position moved under a runner (another runner wrote the projection).
        package static let conflict = Code(.conflict)
        /// The projection's database does not exist yet in this store.
        package static let notBuilt = Code(.notBuilt)
        /// The stored projection was built by another version of the fold.
        package static let versionMismatch = Code(.versionMismatch)
        /// No projection has that name.
        package static let unknownProjection = Code(.unknownProjection)
        /// An investigation, incident, session or checkpoint that does not exist (at that point).
        package static let notFound = Code(.notFound)
        /// A position or revision past the end of the log or stream.
        package static let beyondHead = Code(.beyondHead)
        /// A time-travel point that cannot be understood.
        package static let badPoint = Code(.badPoint)
    }

    /// What kind of failure.
    package let code: Code
    /// The readable message.
    package let description: String

    package init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
