package import Foundation

/// Runs the built `opx` binary, for end-to-end tests.
package enum OPXCommand {
    /// What a finished run printed and how it exited.
    package struct Result: Sendable {
        /// The exit status (or 128 + signal number when it was killed).
        package let status: Int32
        /// Everything written to stdout.
        package let stdout: String
        /// Everything written to stderr.
        package let stderr: String
    }

    /// The `opx` executable next to the running test bundle (same build folder).
    package static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opx")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for folder in ["debug", "release"] {
            let candidate = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/\(folder)/opx")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return beside
    }

    /// Runs `opx arguments…` to completion, feeding `stdin`.
    package static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> Result {
        let process = try start(arguments, environment: environment)
        let input = process.standardInput as! Pipe
        let output = process.standardOutput as! Pipe
        let error = process.standardError as! Pipe
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = Locked(Data())
        let errorReader = Thread { errorData.set(readAll(error.fileHandleForReading)) }
        errorReader.start()
        let out = readAll(output.fileHandleForReading)
        process.waitUntilExit()
        while errorData.isUnset { usleep(1000) }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    /// Everything until end of file, retrying reads interrupted by signals.
    private static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            return data
        }
    }

    /// Starts `opx arguments…` with piped stdin, stdout and stderr; the caller manages it.
    package static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        // A child that exits before reading all its input must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OPX_DATA")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = Pipe()
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}

/// A value set once by another thread.
private final class Locked: @unchecked Sendable {
    // Safe to share: every access holds `lock`.
    private let lock = NSLock()
    private var stored: Data?

    init(_ initial: Data) {}

    func set(_ data: Data) { lock.withLock { stored = data } }
    var isUnset: Bool { lock.withLock { stored == nil } }
    var value: Data { lock.withLock { stored ?? Data() } }
}
