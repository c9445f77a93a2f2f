import Foundation
import OPXTesting
import Testing

/// End-to-end tests of the built `opx` binary.
@Suite struct CLITests {
    let dir = TemporaryDirectory(prefix: "opx-cli")
    var data: String { dir.appending("store") }

    private func opx(_ arguments: String..., stdin: String = "") throws -> OPXCommand.Result {
        try OPXCommand.run(arguments, stdin: stdin)
    }

    /// Creates the store and registers the permissive custom types `a.b` and `signal.test`
    /// (position 1 and 2), so tests can append free-form payloads.
    private func initStore() throws {
        #expect(try opx("init", "--data", data).status == 0)
        for type in ["a.b", "signal.test"] {
            let added = try opx("schema", "add", type, "-", "--data", data, stdin: #"{"type":"object"}"#)
            #expect(added.status == 0, "\(added.stderr)")
        }
    }

    @Test func initAppendReadVerifyRoundTrip() throws {
        #expect(try opx("init", "--data", data).status == 0)
        let payload = #"{"incidentId":"7f3c0e4a-1b2c-4d5e-8f90-0123456789ab","title":"checkout 5xx","service":"checkout","severity":"SEV2","openedAt":"2026-11-24T06:00:00Z"}"#
        let appended = try opx("append", "--data-dir", data, "--stream", "incident-1", "--type", "incident.opened",
                               "--data", payload, "--expected", "no-stream", "--json")
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout.contains(#""firstPosition":1,"lastPosition":1"#))
        let read = try opx("read", "--data", data, "--json")
        #expect(read.stdout.contains(#""data":{"incidentId":"7f3c0e4a-1b2c-4d5e-8f90-0123456789ab","openedAt":"2026-11-24T06:00:00Z","service":"checkout","severity":"SEV2","title":"checkout 5xx"}"#))
        #expect(read.stdout.contains(#""opxstream":"incident-1""#))
        let table = try opx("read", "--data", data)
        #expect(table.stdout.contains("incident-1@0"))
        let verify = try opx("verify", "--data", data)
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok: 1 events in 1 streams"))
        let stats = try opx("stats", "--data", data, "--json")
        #expect(stats.stdout.contains(#""events":1"#) && stats.stdout.contains("LMDB 0.9"))
    }

    @Test func ndjsonInputIsBatchedPerStreamWithOneAckPerCommit() throws {
        try initStore()
        let lines = """
            {"type":"signal.test","data":{"n":1}}
            {"type":"signal.test","data":{"n":2}}
            {"stream":"changes-api","type":"a.b","data":{"n":3}}
            {"type":"signal.test","data":{"n":4},"id":"0f8fad5b-d9cb-469f-a165-70867728950e"}
            """
        let result = try opx("append", "--data-dir", data, "--stream", "signals-am", "--json", stdin: lines)
        #expect(result.status == 0, "\(result.stderr)")
        let acks = result.stdout.split(separator: "\n")
        #expect(acks.count == 3)
        #expect(acks[0].contains(#""firstPosition":3,"lastPosition":4"#))
        #expect(acks[2].contains("0f8fad5b-d9cb-469f-a165-70867728950e"))
        let retry = try opx("append", "--data-dir", data, "--json",
                            stdin: #"{"stream":"signals-am","type":"signal.test","data":{"n":4},"id":"0f8fad5b-d9cb-469f-a165-70867728950e"}"#)
        #expect(retry.stdout.contains(#""firstPosition":6,"lastPosition":6"#) && retry.stdout.contains(#""duplicate":true"#))
    }

    @Test(arguments: [
        (#"{"type":"x.y"}"#, "line 1: missing \"data\""),
        (#"{"type":"X Y","data":{}}"#, "line 1: event type"),
        (#"{"type":"x.y","data":{},"extra":1}"#, "unknown field \"extra\""),
        (#"{"type":"x.y","data":{"a":}}"#, "line 1: not valid JSON"),
        (#"{"type":"x.y","data":{},"id":"nope"}"#, "is not a UUID"),
    ])
    func badInputIsOneReadableLineAndWritesNothing(_ line: String, _ message: String) throws {
        try initStore()
        let result = try opx("append", "--data-dir", data, "--stream", "s-1", stdin: line)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
        #expect(try opx("stats", "--data", data, "--json").stdout.contains(#""events":2"#))
    }

    @Test func aPayloadThatBreaksItsSchemaNamesTheFieldAndWritesNothing() throws {
        try initStore()
        let result = try opx("append", "--data-dir", data, "--stream", "incident-2", "--type", "incident.opened",
                             "--data", #"{"incidentId":"7f3c0e4a-1b2c-4d5e-8f90-0123456789ab","title":"t","service":"api","severity":"SEV9","openedAt":"2026-11-24T06:00:00Z"}"#)
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"event 0 (incident.opened v1"#) && result.stderr.contains(#"/data/severity: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9""#), "\(result.stderr)")
        let unknown = try opx("append", "--data-dir", data, "--stream", "x-1", "--type", "never.registered", "--data", "{}")
        #expect(unknown.status == 1 && unknown.stderr.contains("never.registered"), "\(unknown.stderr)")
        #expect(try opx("stats", "--data", data, "--json").stdout.contains(#""events":2"#))
        let listed = try opx("schema", "list", "--data", data)
        #expect(listed.stdout.contains("signal.test") && listed.stdout.contains("incident.opened"))
    }

    @Test func aStaleExpectedRevisionFailsWithBothRevisions() throws {
        try initStore()
        _ = try opx("append", "--data-dir", data, "--stream", "s-1", "--type", "a.b", "--data", "{}")
        let result = try opx("append", "--data-dir", data, "--stream", "s-1", "--type", "a.b", "--data", "{}", "--expected", "5")
        #expect(result.status == 1)
        #expect(result.stderr.contains("expected revision 5, but it is at revision 0"))
    }

    @Test func aSecondWriterIsRefusedWithTheHoldersPidWhileReadersWork() throws {
        try initStore()
        _ = try opx("append", "--data-dir", data, "--stream", "s-1", "--type", "a.b", "--data", "{}")
        let holder = try OPXCommand.start(["append", "--data-dir", data, "--stream", "s-2", "--json"])
        defer {
            try? (holder.standardInput as! Pipe).fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let holderInput = (holder.standardInput as! Pipe).fileHandleForWriting
        holderInput.write(Data(#"{"type":"a.b","data":{}}"# .utf8 + [10, 10]))   // a blank line ends the batch
        var ack = Data()
        while !ack.contains(10) { ack.append((holder.standardOutput as! Pipe).fileHandleForReading.availableData) }
        let second = try opx("append", "--data-dir", data, "--stream", "s-3", "--type", "a.b", "--data", "{}")
        #expect(second.status != 0)
        #expect(second.stderr.contains("process \(holder.processIdentifier)"), "\(second.stderr)")
        let read = try opx("read", "--data", data)
        #expect(read.status == 0 && read.stdout.contains("s-2@0"))
        #expect(try opx("verify", "--data", data).status == 0)
    }

    @Test func aFlippedByteInTheDataFileIsReportedAtItsPosition() throws {
        try initStore()
        var lines = ""
        for i in 1...20 { lines += #"{"type":"a.b","data":{"marker":"MARK\#(String(format: "%04d", i))"}}"# + "\n" }
        _ = try opx("append", "--data-dir", data, "--stream", "s-1", "--batch-size", "1", stdin: lines)
        let file = data + "/data.mdb"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        // LMDB keeps superseded copies of pages in the file, so damage every copy of the payload.
        var found = 0
        while let range = bytes.range(of: Data("MARK0013".utf8)) {
            bytes[range.lowerBound] = UInt8(ascii: "N")
            found += 1
        }
        #expect(found >= 1)
        try bytes.write(to: URL(fileURLWithPath: file))
        let verify = try opx("verify", "--data", data, "--quiet")
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("first bad position 15: its content does not match its hash"), "\(verify.stderr)")
    }

    @Test func aTruncatedDataFileIsAReadableErrorNotACrashReport() throws {
        try initStore()
        var lines = ""
        for i in 1...300 { lines += #"{"type":"a.b","data":{"i":\#(i),"pad":"\#(String(repeating: "p", count: 400))"}}"# + "\n" }
        _ = try opx("append", "--data-dir", data, "--stream", "s-1", stdin: lines)
        let file = data + "/data.mdb"
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
        truncate(file, off_t(size / 2))
        let verify = try opx("verify", "--data", data, "--quiet")
        #expect(verify.status != 0)
        #expect(!verify.stderr.contains("Stack dump") && !verify.stderr.contains("Crash"), "\(verify.stderr)")
        #expect(verify.stderr.split(separator: "\n").count >= 1)
    }

    @Test func aMissingStoreSaysHowToCreateOne() throws {
        let result = try opx("read", "--data", dir.appending("nowhere"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("opx init"))
    }
}
