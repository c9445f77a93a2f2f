import Foundation
import OPXTesting
import Testing

/// End-to-end tests of `opx ingest` and `opx candidates`.
@Suite struct IngestCLITests {
    let dir = TemporaryDirectory(prefix: "opx-ingest-cli")
    var data: String { dir.appending("store") }

    private func opx(_ arguments: String..., stdin: String = "") throws -> OPXCommand.Result {
        try OPXCommand.run(arguments, stdin: stdin)
    }

    private func webhook(_ fingerprint: String, service: String, severity: String) throws -> String {
        let path = dir.appending("\(fingerprint).json")
        let body = """
        {"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Errors","service":"\(service)",\
        "severity":"\(severity)"},"annotations":{"summary":"errors up"},"startsAt":"2026-11-24T06:00:00Z",\
        "endsAt":"0001-01-01T00:00:00Z","fingerprint":"\(fingerprint)"}]}
        """
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func ingestPrintsAppendedDuplicatesAndIncidentAndFeedsTheIncidentProjection() throws {
        #expect(try opx("init", "--data", data).status == 0)
        let file = try webhook("fp-1", service: "checkout", severity: "critical")
        let first = try opx("ingest", "--data", data, "--adapter", "alertmanager", file)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("appended 3 events, 0 duplicates, up to position 3; incident "))
        #expect(first.stdout.contains("(checkout): detected, opened"))
        let again = try opx("ingest", "--data", data, "--adapter", "alertmanager", file)
        #expect(again.stdout == "appended 0 events, 1 duplicate\n")
        let incident = try #require(first.stdout.split(separator: " ").dropFirst(10).first.map(String.init))
        let inspected = try opx("inspect", "incident", incident, "--data", data, "--json")
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains(#""severity":"SEV1""#) && inspected.stdout.contains(#""status":"open""#))
        #expect(inspected.stdout.contains(#""signalCount":1"#))
    }

    @Test func candidatesListsGroupsBelowEveryRule() throws {
        #expect(try opx("init", "--data", data).status == 0)
        #expect(try opx("candidates", "--data", data).stdout.hasPrefix("no candidates"))
        let file = try webhook("fp-2", service: "search", severity: "warning")
        #expect(try opx("ingest", "--data", data, "--adapter", "alertmanager", file).stdout == "appended 1 event, 0 duplicates, up to position 1\n")
        let table = try opx("candidates", "--data", data)
        #expect(table.stdout.contains("search") && table.stdout.contains("candidate") && table.stdout.contains("Errors"))
        let json = try opx("candidates", "--data", data, "--json")
        #expect(json.stdout.contains(#""service":"search""#) && json.stdout.contains(#""status":"candidate""#))
    }

    @Test func ingestReadsStdinAndRejectsInvalidPayloadsWithTheirPointer() throws {
        #expect(try opx("init", "--data", data).status == 0)
        let trigger = #"{"routing_key":"k","event_action":"trigger","dedup_key":"disk-1","payload":{"summary":"disk full","source":"db-1","severity":"warning"}}"#
        let answer = try opx("ingest", "--data", data, "--adapter", "pagerduty", "--json", "-", stdin: trigger)
        #expect(answer.stdout == #"{"dedup_key":"disk-1","message":"Event processed","status":"success"}"# + "\n")
        let invalid = try opx("ingest", "--data", data, "--adapter", "pagerduty", "-", stdin: #"{"routing_key":"k","event_action":"explode"}"#)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("422") && invalid.stderr.contains("/event_action"))
    }

    @Test func ingestLinesAppendsEveryWebhookOnce() throws {
        #expect(try opx("init", "--data", data).status == 0)
        let lines = (1...20).map { index in
            #"{"alerts":[{"labels":{"alertname":"A\#(index)","service":"svc\#(index % 3)","severity":"info"},"startsAt":"2026-11-24T06:00:00Z","fingerprint":"f\#(index)"}]}"#
        }.joined(separator: "\n")
        let run = try opx("ingest", "--data", data, "--adapter", "alertmanager", "--lines", "--concurrency", "4", "-", stdin: lines)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("20 requests: appended "))
        let again = try opx("ingest", "--data", data, "--adapter", "alertmanager", "--lines", "-", stdin: lines)
        #expect(again.stdout.hasPrefix("20 requests: appended 0 events, 20 duplicates"))
    }

    @Test func anUnknownDetectionKeyIsAnErrorNamingTheFileAndKeyPath() throws {
        #expect(try opx("init", "--data", data).status == 0)
        try #"{"detection":{"rules":[{"name":"x","minSignal":2}]},"server":{"port":1}}"#.write(toFile: data + "/opx.json", atomically: true, encoding: .utf8)
        let run = try opx("candidates", "--data", data)
        #expect(run.status != 0)
        #expect(run.stderr.contains("opx.json: detection.rules[0].minSignal: unknown key"), "\(run.stderr)")
    }
}
