import Foundation
import OPXTesting
import Testing

/// End-to-end tests of the projection commands: rebuild, projections, inspect, history, diff,
/// investigations, status, usage, debug last.
@Suite struct ProjectionCLITests {
    let dir = TemporaryDirectory(prefix: "opx-cli-proj")
    var data: String { dir.appending("store") }

    /// The committed fixture without its test-clock times (`opx append` refuses unknown fields).
    static let fixture: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OPXProjectionsTests/Fixtures/investigations.ndjson")
        let text = try! String(contentsOf: url, encoding: .utf8)
        // Lines start with {"at":"…", (keys are sorted); payloads may have an "at" of their own.
        return text.split(separator: "\n").map { line in
            line.replacingOccurrences(of: #"^\{"at":"[^"]*","#, with: "{", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }()

    static let failedInvestigation = "20ea06d4-b258-4556-a233-bbb28266f0e4"
    static let failedIncident = "f48f31a3-ad16-498e-bb33-203ef4e14f4b"

    private func opx(_ arguments: String..., stdin: String = "", environment: [String: String] = [:]) throws -> OPXCommand.Result {
        try OPXCommand.run(arguments, stdin: stdin, environment: environment)
    }

    private func loaded(environment: [String: String] = [:]) throws {
        #expect(try opx("init", "--data", data).status == 0)
        let appended = try opx("append", "--data-dir", data, stdin: Self.fixture, environment: environment)
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    @Test func appendsKeepProjectionsCurrentAndTheCheckAgrees() throws {
        try loaded()
        let list = try opx("projections", "--data", data, "--json")
        #expect(list.status == 0)
        #expect(list.stdout.contains(#""head":549"#))
        // One line per built-in projection (nine, with evidence), each with lag 0.
        #expect(!list.stdout.contains(#""lag":5"#) && list.stdout.components(separatedBy: #""lag":0"#).count == 10)
        let check = try opx("rebuild", "--check", "--data", data)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == 9)
        let rebuilt = try opx("rebuild", "--data", data, "--json")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains(#""eventsRead":549"#))
        let again = try opx("rebuild", "--check", "--data", data, "--json")
        #expect(again.stdout.hasPrefix(#"{"ok":true"#))
    }

    @Test func deferredAppendsAreCaughtUpLater() throws {
        try loaded(environment: ["OPX_PROJECTIONS": "defer"])
        let behind = try opx("projections", "--data", data)
        #expect(behind.stdout.contains("behind"))
        let query = try opx("investigations", "--data", data)
        #expect(query.status != 0 || query.stderr.contains("note: projection investigations is at position"))
        let caught = try opx("projections", "catch-up", "--data", data)
        #expect(caught.status == 0, "\(caught.stderr)")
        #expect(caught.stdout.contains("caught up to position 549"))
        #expect(try opx("rebuild", "--check", "--data", data).status == 0)
    }

    @Test func inspectHistoryAndDiffAnInvestigation() throws {
        try loaded()
        let id = Self.failedInvestigation
        let now = try opx("inspect", "investigation", id, "--data", data)
        #expect(now.status == 0, "\(now.stderr)")
        #expect(now.stdout.contains("investigation \(id)  FAILED"))
        #expect(now.stdout.contains("no-quorum"))
        #expect(now.stdout.contains("signal-intelligence  failed"))
        let json = try opx("inspect", "investigation", id, "--data", data, "--checkpoint", "2", "--json")
        #expect(json.stdout.hasPrefix("{\"asOf\":"))
        #expect(json.stdout.contains(#""status":"running""#))
        let history = try opx("history", id, "--data", data)
        #expect(history.stdout.contains("82 events, 8 checkpoints"))
        #expect(history.stdout.contains("◆ checkpoint 8"))
        // The digest printed at a checkpoint in history is the digest of the state there.
        let line = try #require(history.stdout.split(separator: "\n").first { $0.contains("◆ checkpoint 3") })
        let prefix = try #require(line.split(separator: " ").first { $0.hasSuffix("…") }).dropLast()
        let at3 = try opx("inspect", "investigation", id, "--data", data, "--checkpoint", "3")
        #expect(at3.stdout.contains("state digest: \(prefix)"))
        let diff = try opx("diff", id, "--data", data, "--from", "@2", "--to", "@4")
        #expect(diff.status == 0)
        #expect(diff.stdout.contains(#"~ /state/agents/historical-pattern/status: "pending" → "failed""#))
        let same = try opx("diff", id, "--data", data, "--from", "rev:5", "--to", "rev:5")
        #expect(same.stdout.contains("no changes"))
        let incident = try opx("inspect", "incident", Self.failedIncident, "--data", data, "--at", "330")
        #expect(incident.stdout.contains("SEV4 open"))
        #expect(incident.stdout.contains("investigations: \(id)"))
        #expect(try opx("history", Self.failedIncident, "--data", data).stdout.contains("incident-\(Self.failedIncident): 6 events"))
    }

    @Test func queriesOverTheProjections() throws {
        try loaded()
        let all = try opx("investigations", "--data", data)
        #expect(all.stdout.split(separator: "\n").count == 9)
        let failed = try opx("investigations", "--data", data, "--status", "failed", "--json")
        #expect(failed.stdout.split(separator: "\n").count == 1 && failed.stdout.contains(Self.failedInvestigation))
        #expect(try opx("investigations", "--data", data, "--service", "shipping").stdout.contains(Self.failedInvestigation))
        #expect(try opx("investigations", "--data", data, "--incident", Self.failedIncident).stdout.split(separator: "\n").count == 2)
        #expect(try opx("investigations", "--data", data, "--since", "2200-01-01T00:00:00Z").stdout.contains("no investigations match"))
        let status = try opx("status", Self.failedInvestigation, "--data", data)
        #expect(status.stdout.contains("session \(Self.failedInvestigation)  FAILED"))
        #expect(status.stdout.contains("knowledge-runbook    succeeded"))
        let usage = try opx("usage", "--data", data, "--by", "model")
        #expect(usage.stdout.contains("claude-sonnet-4-5") && usage.stdout.contains("TOTAL") && usage.stdout.contains("budgets:"))
        #expect(try opx("usage", "--data", data, "--by", "agent", "--json").stdout.contains(#""agent":"signal-intelligence""#))
        let last = try opx("debug", "last", "--data", data)
        #expect(last.stdout.hasPrefix("last investigation 664a5d01-4b35-40cb-b21b-d350c9926e51: COMPLETED"))
        #expect(last.stdout.contains("consensus"))
    }

    @Test(arguments: [
        (["inspect", "investigation", "nope"], "no investigation nope"),
        (["inspect", "investigation", ProjectionCLITests.failedInvestigation, "--at", "99999"], "position 99999 is beyond the head of the log (549)"),
        (["inspect", "investigation", ProjectionCLITests.failedInvestigation, "--time", "yesterday"], "\"yesterday\" is not an RFC 3339 time"),
        (["inspect", "investigation", ProjectionCLITests.failedInvestigation, "--revision", "500"], "there is no revision 500"),
        (["inspect", "investigation", ProjectionCLITests.failedInvestigation, "--at", "5"], "had not started at position 5"),
        (["inspect", "investigation", ProjectionCLITests.failedInvestigation, "--at", "5", "--revision", "2"], "at most one of"),
        (["diff", ProjectionCLITests.failedInvestigation, "--from", "soon"], "is not a point in time"),
        (["status", "nope"], "no session nope"),
        (["investigations", "--since", "2999-01-01T00:00:00Z"], "opx times run from 1678 to 2261"),
        (["rebuild", "--projection", "nope"], "no projection named \"nope\""),
        (["investigations", "--status", "sleeping"], "--status must be"),
    ])
    func badInputIsOneClearLine(_ arguments: [String], _ message: String) throws {
        try loaded()
        let result = try OPXCommand.run(arguments + ["--data", data])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func queriesOnAStoreWithoutProjectionsSayHowToBuildThem() throws {
        #expect(try opx("init", "--data", data).status == 0)
        // `init` already registers the projections; a store written with them deferred has positions but no rows.
        let empty = try opx("investigations", "--data", data)
        #expect(empty.status == 0 && empty.stdout.contains("no investigations match"))
        let last = try opx("debug", "last", "--data", data)
        #expect(last.status != 0 && last.stderr.contains("no investigation has been started"))
    }
}
