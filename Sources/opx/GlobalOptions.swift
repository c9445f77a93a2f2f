public import ArgumentParser
import Foundation
public import Logging
import OPXEventLog
import OPXEvents
import OPXStorage

/// Options every command that touches a store accepts: `--data DIR` (or `--data-dir`), `--log-level`.
struct GlobalOptions: ParsableArguments, StoreOptions {
    @Option(name: [.customLong("data"), .customLong("data-dir")],
            help: ArgumentHelp("The data directory (default: $OPX_DATA or ./opx-data).", valueName: "dir"))
    var directory: String?

    @Option(name: .long, help: "Diagnostics on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .warning
}

/// The store options of `opx append`, where `--data` is the event payload, so the directory is
/// chosen with `--data-dir` or `OPX_DATA`.
struct AppendStoreOptions: ParsableArguments, StoreOptions {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("The data directory (default: $OPX_DATA or ./opx-data).", valueName: "dir"))
    var directory: String?

    @Option(name: .long, help: "Diagnostics on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .warning
}

/// How a command finds and opens its store.
protocol StoreOptions {
    /// The directory given on the command line, if any.
    var directory: String? { get }
    /// The diagnostics level.
    var logLevel: Logger.Level { get }
}

extension StoreOptions {
    /// The data directory chosen by the option, `OPX_DATA` or the default `./opx-data`.
    var dataDirectory: String {
        directory ?? ProcessInfo.processInfo.environment["OPX_DATA"] ?? "./opx-data"
    }

    /// A stderr logger at the chosen level.
    func makeLogger(_ label: String = "opx") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel
        return logger
    }

    /// Opens the log for reading; works beside a writer process.
    func openForReading() async throws -> EventLog {
        try await EventLog(path: dataDirectory, configuration: .readOnly, logger: makeLogger())
    }

    /// Opens the log for writing, waiting up to `lockTimeout` seconds for another writer to finish.
    ///
    /// Every event appended through it is validated against the event catalogue (including the
    /// custom types registered with `opx schema add`).
    func openForWriting(create: Bool = false, lockTimeout: Double = 0, command: String) async throws -> EventLog {
        var configuration = LMDBEnvironment.Configuration.readWrite(create: create)
        configuration.processDescription = "opx \(command)"
        let deadline = Date().addingTimeInterval(lockTimeout)
        while true {
            do {
                let log = try await EventLog(path: dataDirectory, configuration: configuration, registry: EventRegistry(),
                                             logger: makeLogger())
                do { try await ProjectionSetup.attach(log, logger: makeLogger()) } catch { log.close(); throw error }
                return log
            } catch let error as StorageError {
                guard case .directoryLocked = error.code, Date() < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
