import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import OPXTesting
import Testing

/// The row store, the row encoder and the payload reader.
@Suite struct RowsTests {
    /// Every payload of the fixture read through ``Payload``/``JSONView`` gives what the full parser gives.
    @Test func payloadViewsAgreeWithTheParser() throws {
        for e in Fixture.investigations {
            let payload = Payload(e.event.data)
            guard case .object(let object) = try JSONParser.parse(e.event.data) else { Issue.record("not an object"); continue }
            for (key, value) in object.members {
                let view = try #require(payload[key], "\(key) missing")
                #expect(view.value == value, "\(e.event.type) \(key)")
                #expect(RawJSON(value).bytes == view.raw.bytes)
                switch value {
                case .string(let s): #expect(view.string == s)
                case .number(let n): #expect(view.double == n.double); if let i = n.integer { #expect(view.int == i) }
                case .bool(let b): #expect(view.bool == b)
                case .array(let a): #expect(view.elements.count == a.count)
                case .object(let o): #expect(view.members.map(\.key) == o.keys)
                case .null: #expect(view.isNull)
                }
                // The scalar members read in place give what the view gives.
                #expect(payload.string(key) == view.string && payload.int(key) == view.int && payload.double(key) == view.double)
                #expect(payload.bool(key) == view.bool && payload.raw(key)?.bytes == view.raw.bytes)
            }
            payload.prefetch.start()
            #expect(payload["no-such-member"] == nil)
        }
    }

    /// A member whose key is written with escapes is still found (the index holds raw key bytes, so
    /// a miss falls back to a scan), and escapes in values alone never make a missing member appear.
    @Test func payloadFindsKeysWrittenWithEscapes() {
        let escapedKey = Payload(Array(#"{"a":"x\"y","e\u0073c":"v","z":1}"#.utf8))
        #expect(escapedKey.string("esc") == "v")
        #expect(escapedKey.string("a") == "x\"y")
        #expect(escapedKey.int("z") == 1)
        #expect(escapedKey["b"] == nil)
        let escapedValue = Payload(Array(#"{"a":"x\"y","esc":"v"}"#.utf8))
        #expect(escapedValue.string("esc") == "v")
        #expect(escapedValue["b"] == nil)
    }

    @Test(arguments: [
        #"{"a":"x\"y\\z\n\u00e9\ud83d\ude00","b":[1,{"c":[]},"]"],"n":-12.5e3}"#,
        #"  { "k" : [ true , false , null ] , "e\u0073c" : "v" }  "#,
    ])
    func viewsHandleEscapesAndWhitespace(_ text: String) throws {
        let view = JSONView(Array(text.utf8))
        let parsed = try JSONParser.parse(text)
        #expect(view.value == parsed)
        for (key, value) in parsed.objectValue!.members { #expect(view[key]?.value == value, "\(key)") }
    }

    /// Reading several members in one pass gives what a subscript per key gives: the first member of a
    /// name, `nil` for a missing one, in any key order, escaped keys included.
    @Test(arguments: [
        #"{"a":1,"b":{"c":[2,{"d":3}]},"a":4,"e\u0073c":"v","z":null}"#,
        #"  { "k" : [ true , false ] , "s" : "x" }  "#,
        #"{"a":1,"b":"#,
        #"[1,2]"#,
    ])
    func oneReadOfSeveralMembersEqualsASubscriptPerMember(_ text: String) {
        let view = JSONView(Array(text.utf8))
        let keys = ["z", "esc", "missing", "a", "b", "k", "s"]
        #expect(view.values(keys).map { $0?.raw.bytes } == keys.map { view[$0]?.raw.bytes })
        #expect(view.values([]).isEmpty)
    }

    /// Strings of quotes, backslashes and letters, short and long (the skipping steps through a string's
    /// first bytes, then jumps from quote to quote), end where the parser says, in objects and arrays.
    @Test func stringsWithRunsOfEscapesAreSkippedWhole() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15   // a fixed sequence: the same strings every run
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<2_000 {
            let text = String((0..<next(60)).map { _ in ["\"", "\\", "a", "\\", "b"][next(5)] as Character })
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let json = #"{"k":"\#(escaped)","l":["\#(escaped)",{"m":"\#(escaped)"}],"z":1}"#
            let payload = Payload(Array(json.utf8))
            #expect(payload.string("k") == text && payload.int("z") == 1, "\(json)")
            #expect(payload["l"]?.elements.count == 2 && payload["l"]?.elements.last?["m"]?.string == text)
            #expect(payload["l"]?.value == (try JSONParser.parse(json))["l"])
        }
    }

    @Test(arguments: ["", "{", "{\"a\":", "[1,2", "\"abc", "{\"a\"1}", "nul", "{\"a\":[}]", "\u{0}"])
    func malformedBytesNeverTrap(_ text: String) {
        let bytes = Array(text.utf8)
        let payload = Payload(bytes)
        _ = payload["a"]; _ = payload.string("a"); _ = payload.int("a")
        payload.prefetch.start()   // also of an empty payload
        let view = JSONView(bytes)
        _ = view["a"]; _ = view.elements; _ = view.members; _ = view.string; _ = view.int; _ = view.double
    }

    @Test func encoderWritesCanonicalJSON() throws {
        var summary = InvestigationSummary(id: "x\"y")
        summary.agents["b-agent"] = AgentState()
        summary.agents["a-agent"] = AgentState()
        summary.usage.add(inputTokens: 10, outputTokens: 2, costUsd: 0.1 + 0.2)
        summary.validations.add("passed", 3)
        summary.startedAt = Timestamp(nanoseconds: 1_767_225_600_123_456_789)
        let bytes = summary.canonicalBytes
        let parsed = try JSONParser.parse(bytes)
        #expect(CanonicalJSONWriter.canonicalBytes(parsed) == bytes)
        #expect(try InvestigationSummary(row: RowDecoder(parsed)) == summary)
    }

    @Test func rowsOverLMDBSeeUnwrittenChangesAndWriteInKeyOrder() async throws {
        let changes = try await Self.changes(stored: ["k/2": 2, "k/3": 3]) { rows in
            #expect(try rows.get("k/2", as: UsageTotals.self)?.calls == 2)
            try rows.update("k/1", as: UsageTotals.self, default: { UsageTotals() }) { $0.calls = 1 }
            try rows.update("k/2", as: UsageTotals.self, default: { UsageTotals() }) { $0.calls += 10 }
            rows.remove("k/3")
            let scanned = try rows.scan(prefix: "k/", as: UsageTotals.self)
            #expect(scanned.map(\.key) == ["k/1", "k/2"])
            #expect(scanned.map(\.row.calls) == [1, 12])
        }
        var written: [(key: String, removed: Bool)] = []
        changes.forEach { _, key, value in written.append((String(decoding: key, as: UTF8.self), value == nil)) }
        #expect(written.map(\.key) == ["k/1", "k/2", "k/3"])
        #expect(written.map(\.removed) == [false, false, true])
    }

    /// Keys that share long prefixes, differ only in their last bytes or length, or are not ASCII are
    /// each their own row (the caches hash a key's bytes once, a word at a time).
    @Test func keysDifferingAnywhereAreDistinctRows() async throws {
        let base = "agent/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/"
        let keys = ["a", "é", "e\u{301}", base, base + "x", base + "y", base + "xy", String(base.dropLast())]
            + (0..<200).map { "\(base)\($0)" }
        let changes = try await Self.changes(stored: [base + "7": 70]) { rows in
            for (i, key) in keys.enumerated() {
                try rows.update(key, as: UsageTotals.self, default: { UsageTotals() }) { $0.calls += Int64(i) }
            }
            for (i, key) in keys.enumerated() {
                let expected = Int64(i) + (key == base + "7" ? 70 : 0)
                #expect(try rows.get(key, as: UsageTotals.self)?.calls == expected)
            }
            rows.remove(base + "x")
            #expect(try rows.get(base + "x", as: UsageTotals.self) == nil)
            #expect(try rows.get(base + "xy", as: UsageTotals.self) != nil)
        }
        #expect(changes.count == keys.count)
    }

    /// The changes `body` makes to stored rows over a fresh LMDB database holding usage rows with `stored`
    /// calls by key; taking them leaves none.
    private static func changes(stored: [String: Int64] = [:], _ body: (inout ProjectionRows) throws -> Void) async throws -> RowChanges {
        let fixture = try await FixtureLog.empty()
        let env = fixture.log.environment
        let db = try env.database("projection.rows-test")
        try await env.write { txn in
            for (key, calls) in stored {
                try txn.put(db, key: Array(key.utf8), value: Array(#"{"calls":\#(calls),"costUsd":0,"inputTokens":0,"outputTokens":0}"#.utf8))
            }
        }
        var rows = ProjectionRows(projection: "rows-test", stored: true)
        let changes: RowChanges = try env.read { txn in
            try rows.withSource(txn, database: db) { rows in
                try body(&rows)
                return rows.takeChanges()
            }
        }
        #expect(!rows.hasChanges)
        return changes
    }

    /// Rows put straight into a batch's changes (``ProjectionRows/put(_:_:)``), removals and cached rows
    /// changed in the same batch: each key's last change is the one written, once.
    @Test func theLastChangeOfAKeyInABatchIsTheOneWritten() async throws {
        func usage(_ calls: Int64) -> UsageTotals {
            var u = UsageTotals()
            u.calls = calls
            return u
        }
        let changes = try await Self.changes { rows in
            rows.put("k/1", usage(1))
            rows.remove("k/1")
            rows.remove("k/2")
            rows.put("k/2", usage(2))
            rows.put("k/3", usage(3))
            rows.put("k/3", usage(4))
            rows.remove("k/4")
            try rows.update("k/4", as: UsageTotals.self, default: { usage(0) }) { $0.calls = 5 }
            try rows.update("k/5", as: UsageTotals.self, default: { usage(6) }) { _ in }
            rows.remove("k/5")
        }
        var written: [(key: String, calls: Int64?)] = []
        try changes.forEach { _, key, value in
            let calls = try value.map { try UsageTotals(row: RowDecoder(JSONParser.parse($0))).calls }
            written.append((String(decoding: key, as: UTF8.self), calls))
        }
        #expect(written.map(\.key) == ["k/1", "k/2", "k/3", "k/4", "k/5"])
        #expect(written.map(\.calls) == [nil, 2, 4, 5, nil])
    }

    /// A row changed in place while its body changes rows of another type (``ProjectionRows/update(_:as:default:withRows:)``):
    /// both are written, the outer one once, a removed key comes back, and a stored row is changed from what was stored.
    @Test func aRowChangedWhileItsBodyChangesOtherRowsIsWrittenWithThem() async throws {
        let changes = try await Self.changes(stored: ["s/1": 2]) { rows in
            rows.remove("s/2")
            for key in ["s/1", "s/2", "s/1"] {
                try rows.update(key, as: UsageTotals.self, default: { UsageTotals() }) { usage, rows in
                    usage.calls += 1
                    try rows.update("a/\(key)", as: AgentState.self, default: { AgentState() }) { $0.attempts += 1 }
                }
            }
            #expect(try rows.get("s/1", as: UsageTotals.self)?.calls == 4)
            #expect(try rows.get("a/s/1", as: AgentState.self)?.attempts == 2)
        }
        var written: [(key: String, value: JSONValue?)] = []
        try changes.forEach { _, key, value in written.append((String(decoding: key, as: UTF8.self), try value.map { try JSONParser.parse($0) })) }
        #expect(written.map(\.key) == ["a/s/1", "a/s/2", "s/1", "s/2"])
        #expect(written.compactMap(\.value).suffix(2).map { UsageTotals(row: RowDecoder($0)).calls } == [4, 1])
        #expect(try written.compactMap(\.value).prefix(2).map { try AgentState(row: RowDecoder($0)).attempts } == [2, 1])
    }

    /// The status table compares day numbers instead of formatted days: they differ exactly when the days do.
    @Test func statusDayNumbersChangeExactlyWhenTheDayDoes() {
        let day: Int64 = 86_400_000_000_000
        let times = [-day - 1, -day, -1, 0, 1, day - 1, day, 1_767_225_600_000_000_000 - 1, 1_767_225_600_000_000_000, 1_767_225_600_123_456_789]
            .map { Timestamp(nanoseconds: $0) }
        for a in times {
            for b in times {
                #expect((StatusTableProjection.dayNumber(a) == StatusTableProjection.dayNumber(b)) == (StatusTableProjection.day(a) == StatusTableProjection.day(b)),
                        "\(a) \(b)")
            }
        }
    }

    /// A key path is its parts joined with `/`, as an interpolation writes it, multi-byte characters and empty parts included.
    @Test func keyPathsJoinTheirParts() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
        #expect(RowKey.path("agent", id, "triage") == "agent/\(id)/triage")
        #expect(RowKey.path("détail", "", "é🙂") == "détail//é🙂")
        #expect(RowKey.path("latest") == "latest")
        #expect(RowKey.path("") == "")
        #expect(RowKey.path("summary", id).utf8.count == 8 + id.utf8.count)
    }

    /// A padded number is its decimal zero-padded to the width (never cut), as `String(_:)` plus leading zeros writes it.
    @Test(arguments: [0, 1, 9, 10, 99, 100, 999, 1000, 123_456, Int64.max, -1, -42, Int64.min])
    func paddedNumbersAreTheirDecimalWithLeadingZeros(value: Int64) {
        for width in [0, 1, 3, 6, 20, 21] {
            let text = String(value)
            let expected = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
            #expect(RowKey.padded(value, width: width) == expected)
        }
        #expect(RowKey.padded(UInt64.max) == "18446744073709551615")
        #expect(RowKey.padded(UInt64(7)) == "00000000000000000007")
    }

    @Test func longKeysAreShortenedDeterministically() {
        let long = "by-service/" + String(repeating: "é", count: 300) + "/x"
        let a = RowKey.normalized(long), b = RowKey.normalized(long)
        #expect(a == b && a.utf8.count <= ProjectionRows.maximumKeyBytes)
        #expect(RowKey.normalized(long + "y") != a)
        #expect(RowKey.normalized("short") == "short")
    }

    @Test func inMemoryDigestEqualsTheDigestOfTheSameRowsInLMDB() async throws {
        let fixture = try await FixtureLog.with(Fixture.investigations)
        let runner = try await ProjectionRunner.open(log: fixture.log, projections: BuiltInProjections.registrations(mode: .catchUp), logger: quietLogger)
        try await runner.catchUp()
        var fold = FoldSet(projections: BuiltInProjections.all())
        try fold.fold(fixture.log)
        let stored = try ProjectionStore(log: fixture.log).digests(BuiltInProjections.all())
        for m in fold.members {
            #expect(m.rows.digest() == stored[m.projection.name]?.digest)
            #expect(m.rows.digest().rows > 0, "\(m.projection.name) folded nothing from the fixture")
        }
    }
}

