import Foundation

/// Runs `opx` subcommands as child processes for `opx demo` and prints each one the way a user would type it,
/// followed by its output, indented. Children are real processes, so the demo can kill one with SIGKILL mid-run.
struct DemoShell {
    /// What one child printed and how it ended.
    struct Run {
        /// Its exit status, or the signal that killed it.
        let status: Int32
        /// Whether a signal ended it (`status` is then the signal number).
        let killedBySignal: Bool
        /// Its standard output.
        let stdout: String
        /// Its standard error.
        let stderr: String
    }

    /// The data directory every command is given.
    let data: String
    /// This very binary (`/proc/self/exe`), so the demo runs the same opx it was started as.
    private let executable: String
    /// Where children's output is captured (inside the data directory's parent-free scratch folder).
    private let scratch: URL
    private var stepNumber = 0

    /// A shell for the store in `data`.
    init(data: String) throws {
        self.data = data
        executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("opx-demo-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// Prints the heading of the next step.
    mutating func step(_ title: String) {
        stepNumber += 1
        Output.line("\n[\(stepNumber)] \(title)")
    }

    /// Prints an explanation under the current step.
    func say(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { Output.line("    \(line)") }
    }

    /// Runs `opx <command> --data DIR <arguments>`, printing the command line and (up to `shown` lines of) its
    /// output; throws when it fails unless `allowFailure`.
    @discardableResult
    func opx(_ command: [String], _ arguments: [String] = [], environment: [String: String] = [:], shown: Int = 30,
             allowFailure: Bool = false) throws -> Run {
        let full = command + ["--data", data] + arguments
        let prefix = environment.keys.sorted().map { "\($0)=\(environment[$0]!) " }.joined()
        Output.line("    $ \(prefix)opx \(full.map(Self.quoted).joined(separator: " "))")
        let run = try launch(full, environment: environment)
        let lines = (run.stdout + run.stderr).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty }
        for line in lines.prefix(shown) { Output.line("      \(line)") }
        if lines.count > shown { Output.line("      … (\(lines.count - shown) more lines)") }
        if !allowFailure && (run.killedBySignal || run.status != 0) {
            throw CLIError("demo step failed: opx \(full.joined(separator: " ")) "
                           + (run.killedBySignal ? "was killed by signal \(run.status)" : "exited with \(run.status)"))
        }
        return run
    }

    /// Removes the scratch folder.
    func finish() { try? FileManager.default.removeItem(at: scratch) }

    private func launch(_ arguments: [String], environment: [String: String]) throws -> Run {
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        // A file that could not be created makes `FileHandle(forWritingTo:)` below throw.
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OPX_DATA")
        env.removeValue(forKey: "OPX_CRASHPOINT")
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                   stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    private static func quoted(_ argument: String) -> String {
        argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@,".contains($0) } ? argument : "'\(argument)'"
    }
}
