import Foundation
import Logging
import OPXEventLog
import OPXProjections

/// Connects the built-in projections to every log the CLI opens for writing.
///
/// Called from ``StoreOptions/openForWriting(create:lockTimeout:command:)``: registers the
/// projections inline (so every append updates them in its own transaction), rebuilds those whose
/// fold version changed, and catches up any that are behind (a new store, a version change, an
/// interrupted rebuild), with progress on stderr.
///
/// Environment:
/// - `OPX_PROJECTIONS=defer` registers nothing: appends leave the projections behind, for fast bulk
///   loads; the next write (or `opx projections catch-up`) catches them up in bulk.
/// - `OPX_STATUS_RETENTION_DAYS=N` sets the status table's retention (default 90 days). Every
///   process writing a store must use the same value; a change rebuilds the table.
enum ProjectionSetup {
    /// Whether opening for writing attaches the projections (commands that run their own runner turn it off).
    @TaskLocal static var attachOnOpen = true

    /// The built-in registrations for this process's settings.
    static func registrations() throws -> [ProjectionRunner.Registration] {
        BuiltInProjections.registrations(mode: .inline, retention: try retention())
    }

    /// The status table's retention from `OPX_STATUS_RETENTION_DAYS` (default 90 days).
    static func retention() throws -> Duration {
        guard let text = ProcessInfo.processInfo.environment["OPX_STATUS_RETENTION_DAYS"] else { return StatusTableProjection.defaultRetention }
        guard let days = Double(text), days > 0, days < 100_000 else {
            throw CLIError("OPX_STATUS_RETENTION_DAYS must be a positive number of days, not \"\(text.prefix(40))\"")
        }
        return .seconds(days * 86_400)
    }

    /// Whether `OPX_PROJECTIONS=defer` is set.
    static var deferred: Bool { ProcessInfo.processInfo.environment["OPX_PROJECTIONS"] == "defer" }

    /// Registers the projections with `log` and catches them up. Returns the runner (`nil` when deferred).
    @discardableResult
    static func attach(_ log: EventLog, logger: Logger) async throws -> ProjectionRunner? {
        guard !deferred, attachOnOpen else { return nil }
        let runner = try await ProjectionRunner.open(log: log, projections: try registrations(), logger: logger)
        try await catchUp(runner)
        return runner
    }

    /// Catches `runner`'s projections up with a progress line when there is much to do.
    static func catchUp(_ runner: ProjectionRunner, quiet: Bool = false) async throws {
        let progress = Progress("projections", quiet: quiet)
        let shared = ProgressBox(progress)
        try await runner.catchUp { done, total in if total >= 20_000 { shared.update(done, total) } }
        progress.finish()
    }
}

/// Lets a `@Sendable` progress callback drive the (single-threaded) progress line.
final class ProgressBox: @unchecked Sendable {
    // Safe to share: catch-up calls the handler from one task at a time.
    private let progress: Progress
    init(_ progress: Progress) { self.progress = progress }
    func update(_ done: UInt64, _ total: UInt64) { progress.update(done, of: total) }
}
