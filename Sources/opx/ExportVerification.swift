import ArgumentParser
import Foundation
import OPXExport

/// `opx verify --export FILE`: the offline check of an export file and its report.
enum ExportVerification {
    static func run(file: String, quiet: Bool, json: Bool) throws {
        let progress = Progress("verify", quiet: quiet)
        let started = Date()
        let report: ExportVerificationReport
        do {
            report = try ExportVerifier.verify(fileAt: file) { progress.update($0, of: $1) }
        } catch let error as ExportError {
            throw CLIError(error.message)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            let problems = report.problems.map { "{\"line\":\($0.line),\"message\":\(jsonString($0.message))}" }.joined(separator: ",")
            let last = report.summary.map { "\"\($0.lastHash)\"" } ?? "null"
            Output.line("{\"valid\":\(report.isValid),\"format\":\(report.format.map { "\"\($0.rawValue)\"" } ?? "null"),\"events\":\(report.events),\"lastHash\":\(last),\"problems\":[\(problems)]}")
        } else if report.isValid, let summary = report.summary {
            let rate = seconds > 0 ? Int(Double(report.events) / seconds) : 0
            Output.line("ok: \(file): \(report.events) events verified (\(rate) events/s), positions \(summary.firstPosition)–\(summary.lastPosition); anchor \(summary.anchorHash); last hash \(summary.lastHash)")
        } else if let first = report.firstProblem {
            Output.error("DAMAGED: \(file): \(report.problems.count + report.omittedProblems) problem(s); first bad line \(first.line): \(first.message)")
            for problem in report.problems { Output.error("  \(problem)") }
            if report.omittedProblems > 0 { Output.error("  … and \(report.omittedProblems) more") }
        }
        if !report.isValid { throw ExitCode(2) }
    }
}
