import OPXEvents
import Testing

@Suite struct CanonicalJSONWriterTests {
    private func canonical(_ value: JSONValue) -> String {
        String(decoding: CanonicalJSONWriter.canonicalBytes(value), as: UTF8.self)
    }

    private func canonical(_ number: JSONNumber) -> String {
        var writer = CanonicalJSONWriter(capacity: 32)
        writer.writeNumber(number)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    // MARK: - RFC 8785 examples

    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    static let rfcNumberTable: [(UInt64, String)] = [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ]

    @Test(arguments: rfcNumberTable)
    func writesRFC8785NumberTable(_ bits: UInt64, _ expected: String) throws {
        let value = Double(bitPattern: bits)
        #expect(canonical(JSONNumber(value)) == expected)
        // The text parses back to the same double.
        #expect(try JSONParser.parse(expected).doubleValue == value)
    }

    @Test func sortsRFC8785KeyExampleByUTF16CodeUnits() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let value = try JSONParser.parse(input)
        #expect(value.objectValue?.keys == ["\r", "1", "\u{80}", "\u{F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"])
        #expect(value.objectValue?.values.compactMap(\.stringValue) == [
            "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
            "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
        ])
        #expect(canonical(value).hasPrefix("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\""))
    }

    @Test func writesRFC8785StructureExample() throws {
        let input = #"""
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"#
            + #""string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(canonical(try JSONParser.parse(input)) == expected)
    }

    // MARK: - Numbers

    @Test func switchesBetweenFixedAndExponentNotationWhereECMAScriptDoes() {
        #expect(canonical(JSONNumber(1e20)) == "100000000000000000000")
        #expect(canonical(JSONNumber(1e21)) == "1e+21")
        #expect(canonical(JSONNumber(1.5e21)) == "1.5e+21")
        #expect(canonical(JSONNumber(0.000001)) == "0.000001")
        #expect(canonical(JSONNumber(1e-7)) == "1e-7")
        #expect(canonical(JSONNumber(1.25e-7)) == "1.25e-7")
        #expect(canonical(JSONNumber(123.0)) == "123")
        #expect(canonical(JSONNumber(-0.0)) == "0")
        #expect(canonical(JSONNumber(0.1)) == "0.1")
        #expect(canonical(JSONNumber(-1.5)) == "-1.5")
        #expect(canonical(JSONNumber(123456.789)) == "123456.789")
        #expect(canonical(JSONNumber(1e16)) == "10000000000000000")
    }

    @Test func printsIntegersUpTo2Pow53AsDigitsAndLargerOnesAsDoubles() {
        #expect(canonical(JSONNumber(Int64(9_007_199_254_740_992))) == "9007199254740992")
        #expect(canonical(JSONNumber(Int64(-9_007_199_254_740_992))) == "-9007199254740992")
        #expect(canonical(JSONNumber(Int64(9_007_199_254_740_993))) == "9007199254740992")
        #expect(canonical(JSONNumber(Int64.max)) == "9223372036854776000")
        #expect(canonical(JSONNumber(Int64.min)) == "-9223372036854776000")
        #expect(canonical(JSONNumber(Int64(0))) == "0")
        #expect(JSONNumber(Int64(42)).description == "42")
    }

    @Test func comparesNumbersByCanonicalValue() {
        #expect(JSONNumber(Int64(1)) == JSONNumber(1.0))
        #expect(JSONNumber(0.0) == JSONNumber(-0.0))
        #expect(JSONNumber(0.0).hashValue == JSONNumber(-0.0).hashValue)
        #expect(JSONNumber(Int64(9_007_199_254_740_993)) == JSONNumber(Int64(9_007_199_254_740_992)))
        #expect(JSONNumber(0.1) != JSONNumber(0.2))
    }

    // MARK: - Strings

    @Test func escapesStringsLikeJSONStringify() {
        #expect(canonical("\"\\/") == #""\"\\/""#)
        #expect(canonical("\u{8}\u{9}\u{A}\u{C}\u{D}") == #""\b\t\n\f\r""#)
        #expect(canonical("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(canonical("\u{7F}\u{2028}\u{2029}é😀") == "\"\u{7F}\u{2028}\u{2029}é😀\"")
    }

    /// `JSON.stringify` string escaping, written the slow and obvious way.
    private func referenceQuoted(_ string: String) -> String {
        var quoted = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\u{8}": quoted += "\\b"
            case "\t": quoted += "\\t"
            case "\n": quoted += "\\n"
            case "\u{C}": quoted += "\\f"
            case "\r": quoted += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    @Test func escapesLikeTheReferenceAtEveryLengthAndPosition() throws {
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{8}", "é", "\u{7F}", "😀", " ", "!"]
        for length in 0...20 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    var characters = Array(repeating: "a", count: length)
                    if length > 0 { characters[position] = special }
                    let string = characters.joined()
                    #expect(canonical(.string(string)) == referenceQuoted(string))
                    let object = try JSONObject([(string, 1)])
                    #expect(canonical(.object(object)) == "{" + referenceQuoted(string) + ":1}")
                }
            }
        }
    }

    @Test func writesPiecesAndRawFragments() {
        var writer = CanonicalJSONWriter(capacity: 16)
        writer.writeRaw(Array("{".utf8))
        writer.writeString("k")
        writer.writeRaw(Array(":".utf8))
        Array("[1]".utf8).withUnsafeBytes { writer.writeRaw($0) }
        writer.writeRaw("}".utf8)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"k":[1]}"#)
    }

    // MARK: - Properties

    @Test func isIdempotentOnRandomValues() throws {
        var random = RandomJSON(seed: 8785)
        for _ in 0..<5_000 {
            let value = random.value()
            let bytes = CanonicalJSONWriter.canonicalBytes(value)
            let reparsed = try JSONParser.parse(bytes)
            #expect(reparsed == value)
            #expect(CanonicalJSONWriter.canonicalBytes(reparsed) == bytes)
        }
    }

    @Test func roundTripsEveryFiniteDoubleItWrites() throws {
        var random = RandomJSON(seed: 754)
        for _ in 0..<20_000 {
            let value = random.anyFiniteDouble()
            let text = canonical(JSONNumber(value))
            #expect(try JSONParser.parse(text).doubleValue == value, "\(text)")
        }
    }
}
