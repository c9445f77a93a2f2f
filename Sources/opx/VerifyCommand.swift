import ArgumentParser
import Foundation
import OPXEventLog

/// `opx verify`: re-computes the hash chain and checks every index.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole log (hash chain, contiguous positions, indexes, head sidecar), or an export file with --export.",
        discussion: "Exits 0 when the store verifies, 2 when it is damaged (the first bad position is listed first)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Check an export file offline instead of the store (no store needed).", valueName: "file"))
    var export: String?

    func run() async throws {
        if let export { return try ExportVerification.run(file: export, quiet: quiet, json: json) }
        let log = try await global.openForReading()
        defer { log.close() }
        let progress = Progress("verify", quiet: quiet)
        let started = Date()
        let report = try log.verify { done, total in progress.update(done, of: total) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            let problems = report.problems.map { p in
                "{\"position\":\(p.position.map(String.init) ?? "null"),\"message\":\(jsonString(p.message))}"
            }.joined(separator: ",")
            Output.line("{\"valid\":\(report.isValid),\"events\":\(report.events),\"streams\":\(report.streams),\"lastPosition\":\(report.lastPosition),\"headHash\":\"\(report.headHash)\",\"problems\":[\(problems)]}")
        } else if report.isValid {
            let rate = seconds > 0 ? Int(Double(report.events) / seconds) : 0
            Output.line("ok: \(report.events) events in \(report.streams) streams verified (\(rate) events/s); head \(report.lastPosition) \(report.headHash)")
        } else {
            let first = report.problems[0]
            Output.error("DAMAGED: \(report.problems.count + report.omittedProblems) problem(s); first bad \(first.position.map { "position \($0)" } ?? "structure"): \(first.message)")
            for problem in report.problems { Output.error("  \(problem)") }
            if report.omittedProblems > 0 { Output.error("  … and \(report.omittedProblems) more") }
        }
        if !report.isValid { throw ExitCode(2) }
    }
}

/// A JSON string literal for `text` (quotes, backslashes and control characters escaped).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let s where s.value < 0x20: out += String(format: "\\u%04x", s.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
