import Foundation
@testable import OPXEvents
import Testing

/// `JSONValueEncoder`/`JSONValueDecoder` give what Foundation's `JSONEncoder`/`JSONDecoder` give through JSON text
/// (the path they replaced), for every catalogue type's golden fixtures and for the Codable corners.
@Suite struct JSONValueCodingTests {
    /// The replaced path: Foundation's encoder, then the strict parser.
    private func viaText(_ value: some Encodable) throws -> JSONValue {
        try JSONParser.parse(Array(try JSONEncoder().encode(value)))
    }

    private func canonical(_ value: JSONValue) -> String {
        String(decoding: CanonicalJSONWriter.canonicalBytes(value), as: UTF8.self)
    }

    @Test(arguments: EventRegistry.allTypes)
    func catalogueEventsEncodeAndDecodeAsThroughJSONText(_ type: any CatalogueEvent.Type) throws {
        try compare(type, schemaID: type.schemaID)
    }

    @Test(arguments: EventRegistry.allAgentOutputTypes)
    func agentOutputsEncodeAndDecodeAsThroughJSONText(_ type: any AgentOutputDocument.Type) throws {
        try compare(type, schemaID: type.schemaID)
    }

    /// Each golden fixture of `schemaID` decodes to what `JSONDecoder` decodes from its text, and encodes to what
    /// `JSONEncoder` encodes.
    private func compare<Value: Codable & Equatable>(_: Value.Type, schemaID: String) throws {
        let fixtures = TestFiles.validFixtures().filter { $0.schemaID == schemaID }
        #expect(!fixtures.isEmpty, "no fixture for \(schemaID)")
        for fixture in fixtures {
            let decoded = try JSONValueDecoder.decode(Value.self, from: fixture.value)
            let reference = try JSONDecoder().decode(Value.self, from: Data(CanonicalJSONWriter.canonicalBytes(fixture.value)))
            #expect(decoded == reference, "\(fixture.path)")
            #expect(canonical(try JSONValueEncoder.encode(decoded)) == canonical(try viaText(decoded)), "\(fixture.path)")
        }
    }

    private enum Mood: String, Codable, Equatable { case calm, stormy }

    private struct Corners: Codable, Equatable {
        var text = "é \"quoted\" \u{1F600}"
        var integer = -42
        var small: Int8 = -7
        var unsigned: UInt64 = 7
        var huge = UInt64(Int64.max) + 1
        var fraction = 0.1
        var whole = 3.0
        var negativeZero = -0.0
        var float: Float = 0.1
        var money = Decimal(string: "0.036")!
        var flag = true
        var present: String? = "here"
        var absent: Int?
        var list = [1, 2, 3]
        var nested = ["b": [1.5, -2.25], "a": []]
        var byNumber = [2: "two", 10: "ten"]
        var bytes = Data([0, 1, 254, 255])
        var link = URL(string: "https://example.com/a?b=c")!
        var date = Date(timeIntervalSinceReferenceDate: 123.5)
        var mood = Mood.stormy
        var holes: [String?] = ["x", nil, "y"]
        var json: JSONValue = ["k": [1, "two", nil, true]]
        var empty = Nothing()
    }

    private struct Nothing: Codable, Equatable {
        func encode(to encoder: any Encoder) throws {}
        init() {}
        init(from decoder: any Decoder) throws {}
    }

    @Test func codableCornersMatchFoundationThroughJSONText() throws {
        let value = Corners()
        let direct = try JSONValueEncoder.encode(value)
        #expect(canonical(direct) == canonical(try viaText(value)))
        #expect(direct["absent"] == nil, "absent optionals are omitted")
        #expect(direct["empty"] == .object(JSONObject()), "a value that encodes nothing is an empty object")
        #expect(try JSONValueDecoder.decode(Corners.self, from: direct) == value)
        #expect(try JSONValueDecoder.decode(Corners.self, from: try viaText(value)) == value)
    }

    /// A hand-written `Codable` that uses nested and super containers.
    private struct Layered: Codable, Equatable {
        var name: String
        var points: [[Int]]
        var base: Int

        enum Keys: String, CodingKey { case name, inner, points, parent }

        init(name: String, points: [[Int]], base: Int) {
            self.name = name
            self.points = points
            self.base = base
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
            try inner.encode(name, forKey: .name)
            var list = inner.nestedUnkeyedContainer(forKey: .points)
            for point in points {
                var pair = list.nestedUnkeyedContainer()
                for coordinate in point { try pair.encode(coordinate) }
            }
            var parent = container.superEncoder(forKey: .parent).singleValueContainer()
            try parent.encode(base)
            var anonymous = container.superEncoder().unkeyedContainer()
            try anonymous.encodeNil()
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
            name = try inner.decode(String.self, forKey: .name)
            var list = try inner.nestedUnkeyedContainer(forKey: .points)
            var points: [[Int]] = []
            while !list.isAtEnd {
                var pair = try list.nestedUnkeyedContainer()
                var point: [Int] = []
                while !pair.isAtEnd { point.append(try pair.decode(Int.self)) }
                points.append(point)
            }
            self.points = points
            base = try container.superDecoder(forKey: .parent).singleValueContainer().decode(Int.self)
            var anonymous = try container.superDecoder().unkeyedContainer()
            #expect(try anonymous.decodeNil())
        }
    }

    @Test func nestedAndSuperContainersMatchFoundation() throws {
        let value = Layered(name: "n", points: [[1, 2], [], [3]], base: 9)
        let direct = try JSONValueEncoder.encode(value)
        #expect(canonical(direct) == canonical(try viaText(value)))
        #expect(canonical(direct) == #"{"inner":{"name":"n","points":[[1,2],[],[3]]},"parent":9,"super":[null]}"#)
        #expect(try JSONValueDecoder.decode(Layered.self, from: direct) == value)
    }

    @Test func nonFiniteNumbersAreEncodingErrors() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode([Float.infinity]) }
    }

    private struct Target: Codable {
        var count: Int8
        var items: [Item]
    }

    private struct Item: Codable {
        var name: String
    }

    /// `describe` turns the coding path into a JSON Pointer; the decoder must report the right one.
    @Test(arguments: [
        (#"{"items":[]}"#, "/count: missing"),
        (#"{"count":"3","items":[]}"#, "/count: expected Int8"),
        (#"{"count":300,"items":[]}"#, "/count: Parsed JSON number <300> does not fit in Int8."),
        (#"{"count":1.5,"items":[]}"#, "/count: Parsed JSON number <1.5> does not fit in Int8."),
        (#"{"count":null,"items":[]}"#, "/count: expected Int8, found null"),
        (#"{"count":1,"items":[{"name":"a"},{}]}"#, "/items/1/name: missing"),
        (#"{"count":1,"items":[{"name":"a"},{"name":7}]}"#, "/items/1/name: expected String"),
    ])
    func decodingErrorsNameTheMemberThatDidNotFit(_ json: String, _ message: String) throws {
        let value = try JSONParser.parse(json)
        do {
            _ = try CodableBridge.decode(Target.self, from: value)
            Issue.record("decoded \(json)")
        } catch {
            #expect(error.message == "cannot decode Target: \(message)")
        }
    }

    @Test func integralDoublesDecodeAsIntegersAsJSONDecoderDoes() throws {
        #expect(try JSONValueDecoder.decode(Int.self, from: .number(JSONNumber(Double(4)))) == 4)
        #expect(try JSONValueDecoder.decode(UInt8.self, from: .number(JSONNumber(Int64(255)))) == 255)
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(UInt8.self, from: .number(JSONNumber(Int64(-1)))) }
    }
}
