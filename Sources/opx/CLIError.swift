import ArgumentParser
import Foundation

/// A failure reported as one readable line on stderr, exit status 1 (commands that need another status, such as
/// `opx verify` finding damage, throw ArgumentParser's `ExitCode`).
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// Leaves ArgumentParser's own errors (usage, help, exit codes) alone; flattens the rest to one line.
    static func wrap(_ error: any Error) -> any Error {
        switch error {
        case is ExitCode, is CleanExit, is ValidationError, is CLIError: return error
        default:
            let text = String(describing: error)
            if String(describing: type(of: error)).hasPrefix("CommandError") || text.hasPrefix("ParserError") { return error }
            return CLIError(text.replacingOccurrences(of: "\n", with: " "))
        }
    }
}
