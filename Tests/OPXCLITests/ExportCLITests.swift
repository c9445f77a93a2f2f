import Foundation
import OPXTesting
import Testing

@Suite("opx export, verify --export, import (end to end)")
struct ExportCLITests {
    static let events = (0..<40).map { i in
        #"{"stream":"changes-svc\#(i % 3)","type":"change.recorded","data":{"changeId":"00000000-0000-4000-8000-\#(String(format: "%012d", i))","service":"svc\#(i % 3)","kind":"deployment","version":"v\#(i)","at":"2026-01-01T00:00:00Z"}}"#
    }.joined(separator: "\n") + "\n"

    static func opx(_ arguments: [String], stdin: String = "") throws -> OPXCommand.Result {
        try OPXCommand.run(arguments, stdin: stdin)
    }

    @Test("an exported file verifies, a tampered one fails with exit 2 and its line, and import reproduces the store")
    func exportVerifyImport() throws {
        let directory = TemporaryDirectory(prefix: "opx-export-cli")
        let data = directory.appending("data"), file = directory.appending("all.ndjson")
        #expect(try Self.opx(["init", "--data", data]).status == 0)
        #expect(try Self.opx(["append", "--data-dir", data, "--batch-size", "1"], stdin: Self.events).status == 0)

        let export = try Self.opx(["export", "--data", data, "--output", file])
        #expect(export.status == 0 && export.stderr.contains("exported 40 events"), "\(export.stderr)")
        let verified = try Self.opx(["verify", "--export", file, "--quiet"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("ok:"), "\(verified.stderr)")

        let copy = directory.appending("copy")
        let imported = try Self.opx(["import", "--data", copy, file, "--quiet"])
        #expect(imported.status == 0 && imported.stdout.contains("40 appended") && imported.stdout.contains("every record has the export's position and hash"), "\(imported.stdout)\(imported.stderr)")
        #expect(try Self.opx(["verify", "--data", copy, "--quiet"]).status == 0)
        #expect(try Self.opx(["import", "--data", copy, file, "--quiet"]).stdout.contains("40 already present"))
        #expect(try Self.opx(["export", "--data", copy]).stdout.split(separator: "\n").dropLast()
            == (try String(contentsOfFile: file, encoding: .utf8)).split(separator: "\n").dropLast())

        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[9] = lines[9].replacingOccurrences(of: "\"version\":\"v9\"", with: "\"version\":\"v8\"")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let damaged = try Self.opx(["verify", "--export", file, "--quiet"])
        #expect(damaged.status == 2 && damaged.stderr.contains("first bad line 10"), "\(damaged.stderr)")
        let refused = try Self.opx(["import", "--data", directory.appending("other"), file, "--quiet"])
        #expect(refused.status == 1 && refused.stderr.contains("line 10"), "\(refused.stderr)")
    }

    @Test("selections are checked before anything is read, with a message naming the options")
    func badSelections() throws {
        let directory = TemporaryDirectory(prefix: "opx-export-cli")
        let data = directory.appending("data")
        #expect(try Self.opx(["init", "--data", data]).status == 0)
        let reversed = try Self.opx(["export", "--data", data, "--from", "9", "--to", "3"])
        #expect(reversed.status != 0 && reversed.stderr.contains("--from 9 is after --to 3"))
        let format = try Self.opx(["export", "--data", data, "--format", "xml"])
        #expect(format.status != 0 && format.stderr.contains("cloudevents-batch"))
        let unknown = try Self.opx(["export", "--data", data, "--investigation", "0192f0c4-0000-4000-8000-000000000000"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no investigation"))
        let empty = try Self.opx(["export", "--data", data])
        #expect(empty.status == 0 && empty.stdout.contains("\"count\":0"))
    }
}
