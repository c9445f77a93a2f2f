import Foundation
import OPXEvents
import OPXExport
import Testing

@Suite("Tampered exports")
struct ExportTamperTests {
    /// A contiguous export of the fixture's first 120 events and its lines.
    static func exported() async throws -> [[UInt8]] {
        let fixture = try await ExportFixture.make()
        return lines(try await fixture.export(ExportSelection(to: LogPosition(120))))
    }

    static func firstBadLine(_ lines: [[UInt8]]) -> Int? {
        ExportVerifier.verify(bytes: joined(lines)).firstProblem?.line
    }

    @Test("one changed payload character is reported at its line")
    func changedPayload() async throws {
        var lines = try await Self.exported()
        let at = lines[40].firstIndex(of: UInt8(ascii: ":"))! + 3
        lines[40][at] = lines[40][at] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(Self.firstBadLine(lines) == 41)
        let report = ExportVerifier.verify(bytes: joined(lines))
        #expect(report.problems.count == 1, "only the changed event is wrong: \(report.problems)")
    }

    @Test("a dropped line is reported where it was")
    func droppedLine() async throws {
        var lines = try await Self.exported()
        lines.remove(at: 30)
        #expect(Self.firstBadLine(lines) == 31)
    }

    @Test("two swapped lines are reported at the first of them")
    func swappedLines() async throws {
        var lines = try await Self.exported()
        lines.swapAt(70, 71)
        #expect(Self.firstBadLine(lines) == 71)
    }

    @Test("a truncated file is reported after its last line, or at a cut line")
    func truncated() async throws {
        let lines = try await Self.exported()
        #expect(Self.firstBadLine(Array(lines.prefix(90))) == 91)
        var cut = joined(lines)
        cut.removeLast(200)
        #expect(ExportVerifier.verify(bytes: cut).firstProblem?.line == lines.count)
        #expect(ExportVerifier.verify(bytes: []).firstProblem?.line == 1)
    }

    @Test("an edited summary is reported at the summary line")
    func editedSummary() async throws {
        for (from, to) in [("\"count\":120", "\"count\":119"), ("\"opxVersion\":\"test\"", "\"opxVersion\":\"tesT\""),
                           ("\"contiguous\":true", "\"contiguous\":false")] {
            var lines = try await Self.exported()
            let text = String(decoding: lines[lines.count - 1], as: UTF8.self)
            #expect(text.contains(from))
            lines[lines.count - 1] = Array(text.replacingOccurrences(of: from, with: to).utf8)
            #expect(Self.firstBadLine(lines) == lines.count, "\(from)")
        }
    }

    @Test("an event with a recomputed hash still breaks the chain at the next line")
    func rehashedEvent() async throws {
        var lines = try await Self.exported()
        var event = try JSONParser.parse(lines[10]).objectValue!
        event.set("opxhash", .string(String(repeating: "ab", count: 32)))
        lines[10] = CanonicalJSONWriter.canonicalBytes(.object(event))
        let report = ExportVerifier.verify(bytes: joined(lines))
        #expect(report.problems.map(\.line).prefix(2) == [11, 12])
    }

    @Test("a line reformatted without changing its content still verifies (the hash is over its JCS form)")
    func reformattedLineVerifies() async throws {
        var lines = try await Self.exported()
        lines[3] = Array(String(decoding: lines[3], as: UTF8.self).replacingOccurrences(of: "{\"data\":{", with: "{ \"data\" : {").utf8)
        #expect(lines[3].starts(with: Array("{ \"data\" : {".utf8)))
        #expect(ExportVerifier.verify(bytes: joined(lines)).isValid)
    }
}
