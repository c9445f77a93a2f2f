import OPXEvents
import OPXProjections
import Testing

/// The bytes the row encoder writes, pinned: stored rows and golden digests depend on every one of them.
@Suite struct RowEncoderTests {
    private static let t0 = Timestamp(nanoseconds: 1_767_225_600_123_456_789)
    private static let t1 = Timestamp(nanoseconds: -1_000_000_001)

    private static func text(_ row: some ProjectionRow) -> String { String(decoding: row.canonicalBytes, as: UTF8.self) }

    /// An agent's state with every field: nested rows, counters, times, escapes, numbers.
    static var agent: AgentState {
        var a = AgentState()
        a.status = "failed"
        a.step = "triage"
        a.attempts = 3
        a.startedAt = t0
        a.invokedAt = t1
        a.finishedAt = Timestamp(nanoseconds: 0)
        a.runner = "subprocess"
        a.model = "m\u{e9}-1"
        a.outputDigest = String(repeating: "ab", count: 32)
        a.outputPosition = 9_007_199_254_740_993
        a.failure = AgentState.Failure(reason: "timeout", message: "line 1\nline \"2\" \\ \u{1}\u{1f}\t\u{7f}", attempt: 3)
        a.validations.add("passed", 2)
        a.validations.add("failed")
        a.lastValidation = AgentState.ValidationResult(attempt: 3, stage: "schema", passed: false, errors: -4)
        a.guardrailViolations = Int64.min
        a.usage.add(inputTokens: 1200, outputTokens: 345, costUsd: 0.1 + 0.2)
        a.usage.add(inputTokens: 0, outputTokens: 0, costUsd: 1e21)
        return a
    }

    @Test func agentStateBytesArePinned() {
        #expect(Self.text(Self.agent) == #"{"attempts":3,"failure":{"attempt":3,"message":"line 1\nline \"2\" \\ \u0001\u001f\t\#u{7f}","reason":"timeout"},"finishedAt":"1970-01-01T00:00:00.000000000Z","guardrailViolations":-9223372036854776000,"invokedAt":"1969-12-31T23:59:58.999999999Z","lastValidation":{"attempt":3,"errors":-4,"passed":false,"stage":"schema"},"model":"mé-1","outputDigest":"abababababababababababababababababababababababababababababababab","outputPosition":9007199254740992,"runner":"subprocess","startedAt":"2026-01-01T00:00:00.123456789Z","status":"failed","step":"triage","usage":{"calls":2,"costUsd":1e+21,"inputTokens":1200,"outputTokens":345},"validations":{"failed":1,"passed":2}}"#)
    }

    @Test func summaryBytesArePinned() {
        var s = InvestigationSummary(id: "inv-1")
        s.incidentId = "inc/\u{1F600}"
        s.trigger = ""
        s.budgetUsd = 12.5
        s.forkedFrom = InvestigationSummary.Fork(investigationId: "inv-0", step: "plan", position: 0)
        s.status = "degraded"
        s.startedAt = Self.t0
        s.failedAgents = ["a\"b", "c"]
        s.consensus = InvestigationSummary.Consensus(outputDigest: "d", degraded: true, confidence: 0.875, summary: nil,
                                                     action: "restart", risk: "low", position: 77, at: Self.t0)
        s.budget = InvestigationSummary.Budget(threshold: 0.8, spentUsd: -0.0, limitUsd: 5e-7, at: Self.t1)
        s.guardrailViolations.add("\u{E000}")
        s.guardrailViolations.add("\u{10000}", 2)
        s.guardrailViolations.add("B", 3)
        s.guardrailViolations.add("a", 4)
        s.resumes = Int64.max
        s.steps = -1
        s.events = 1 << 53
        s.firstPosition = -(1 << 53) - 1
        s.revision = 0
        #expect(Self.text(s) == #"{"agents":{},"budget":{"at":"1969-12-31T23:59:58.999999999Z","limitUsd":5e-7,"spentUsd":0,"threshold":0.8},"budgetUsd":12.5,"consensus":{"action":"restart","at":"2026-01-01T00:00:00.123456789Z","confidence":0.875,"degraded":true,"outputDigest":"d","position":77,"risk":"low"},"events":9007199254740992,"failedAgents":["a\"b","c"],"firstPosition":-9007199254740992,"forkedFrom":{"investigationId":"inv-0","position":0,"step":"plan"},"guardrailViolations":{"B":3,"a":4,"𐀀":2,"\#u{E000}":1},"id":"inv-1","incidentId":"inc/😀","resumes":9223372036854776000,"revision":0,"startedAt":"2026-01-01T00:00:00.123456789Z","status":"degraded","steps":-1,"trigger":"","usage":{"calls":0,"costUsd":0,"inputTokens":0,"outputTokens":0},"validations":{}}"#)
    }

    @Test func sessionMapAndValuesArePinned() throws {
        var session = SessionRow(id: "s", startedAt: Self.t0)
        session.agents["z"] = SessionRow.Agent()
        var a = SessionRow.Agent()
        a.model = "m"
        a.attempts = 1
        a.usage.add(inputTokens: 1, outputTokens: 2, costUsd: 0.000123)
        session.agents["a\u{0}"] = a
        session.agents["\u{10000}"] = a
        #expect(Self.text(session) == #"{"agents":{"a\u0000":{"attempts":1,"model":"m","status":"pending","usage":{"calls":1,"costUsd":0.000123,"inputTokens":1,"outputTokens":2}},"z":{"attempts":0,"status":"pending","usage":{"calls":0,"costUsd":0,"inputTokens":0,"outputTokens":0}},"𐀀":{"attempts":1,"model":"m","status":"pending","usage":{"calls":1,"costUsd":0.000123,"inputTokens":1,"outputTokens":2}}},"expiresAt":"2026-01-01T00:00:00.123456789Z","id":"s","startedAt":"2026-01-01T00:00:00.123456789Z","status":"running","updatedAt":"2026-01-01T00:00:00.123456789Z","usage":{"calls":0,"costUsd":0,"inputTokens":0,"outputTokens":0}}"#)
        let json = try JSONParser.parse(Array(#"{"b":[1,2.5,"x\u0007",null,true,{}],"a":-0.0}"#.utf8))
        #expect(Self.text(JSONRow(json)) == #"{"a":0,"b":[1,2.5,"x\u0007",null,true,{}]}"#)
        #expect(Self.text(MarkerRow()) == "{}")
    }

    /// A string is written as the canonical writer writes it whatever bytes needing escapes it holds and
    /// wherever they are (the encoder tests eight bytes at a time for them).
    @Test func stringsAreEscapedWhereverTheSpecialBytesAre() {
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1f}", "\n", "\u{7f}", "\u{e9}", "!", "#", "[", "]", " ", "\u{20ac}"]
        for length in 0...19 {
            for offset in 0..<max(length, 1) {
                for special in specials {
                    var characters = Array(repeating: Character("a"), count: length)
                    if length > 0 { characters[offset] = special }
                    let string = String(characters)
                    let row = AgentState.Failure(reason: string, message: nil, attempt: 0)
                    let expected = #"{"attempt":0,"reason":"# + String(decoding: CanonicalJSONWriter.canonicalBytes(.string(string)), as: UTF8.self) + "}"
                    #expect(Self.text(row) == expected, "\(length) \(offset) \(special.unicodeScalars.first!.value)")
                }
            }
        }
    }

    /// Rows far longer than any buffer the encoder starts with, written into a batch's changes beside short
    /// ones, come out as their canonical bytes.
    @Test func longRowsInABatchAreTheirCanonicalBytes() throws {
        var long = Counts()
        for i in 0..<2_000 { long.add("counter-\(i)-" + String(repeating: "x", count: i % 7), Int64(i) * 1_000_003) }
        let text = JSONRow(.string(String(repeating: "\u{e9}\"\n", count: 3_000)))
        var rows = ProjectionRows(projection: "encoder-test", stored: true)
        rows.put("c", long)
        rows.put("a", Self.agent)
        rows.put("b", text)
        rows.put("d", MarkerRow())
        var written: [String: [UInt8]] = [:]
        rows.takeChanges().forEach { _, key, value in written[String(decoding: key, as: UTF8.self)] = value.map { Array($0) } }
        #expect(written["a"] == Self.agent.canonicalBytes)
        #expect(written["b"] == text.canonicalBytes)
        #expect(written["c"] == long.canonicalBytes)
        #expect(written["d"] == Array("{}".utf8))
        #expect(long.canonicalBytes.count > 40_000 && text.canonicalBytes.count > 15_000)
        let parsed = try JSONParser.parse(long.canonicalBytes)
        #expect(CanonicalJSONWriter.canonicalBytes(parsed) == long.canonicalBytes)
        #expect(Counts(row: RowDecoder(parsed)) == long)
    }
}
