@testable import OPXEvents
import Testing

@Suite("Timestamp parsing")
struct TimestampTests {
    @Test("the last representable instant parses and formats back")
    func lastRepresentableInstantRoundTrips() throws {
        let text = "2262-04-11T23:47:16.854775807Z"
        #expect(try Timestamp(rfc3339: text).nanoseconds == Int64.max)
    }

    @Test("times past 2262 are rejected with an error naming the supported range, not a trap")
    func yearsBeyondTheStorableRangeThrow() {
        for text in ["2262-04-11T23:47:17Z", "9999-12-31T23:59:59Z", "1000-01-01T00:00:00Z"] {
            #expect {
                try Timestamp(rfc3339: text)
            } throws: { error in
                "\(error)".contains("outside the times opx stores")
            }
        }
    }

    @Test("an offset is applied: 07:28:46+01:00 is 06:28:46Z")
    func offsetsAreNormalisedToUTC() throws {
        #expect(try Timestamp(rfc3339: "2026-11-24T07:28:46+01:00") == Timestamp(rfc3339: "2026-11-24T06:28:46Z"))
    }

    @Test("the first and last representable instants and the epoch format as RFC 3339")
    func extremesFormat() {
        #expect(Timestamp(nanoseconds: Int64.min).description == "1677-09-21T00:12:43.145224192Z")
        #expect(Timestamp(nanoseconds: Int64.max).description == "2262-04-11T23:47:16.854775807Z")
        #expect(Timestamp(nanoseconds: 0).description == "1970-01-01T00:00:00.000000000Z")
        #expect(Timestamp(nanoseconds: -1).description == "1969-12-31T23:59:59.999999999Z")
        #expect(Timestamp(nanoseconds: 951_782_400_000_000_010).description == "2000-02-29T00:00:00.000000010Z")
    }

    @Test("formatted instants parse back to themselves, every field of the form in place")
    func formattedInstantsParseBack() throws {
        var generator = SystemRandomNumberGenerator()
        let last = Int64(7_258_118_400) * 1_000_000_000   // 2200-01-01
        for i in 0..<20_000 {
            let instant = i < 100 ? Int64(i - 50) * 86_399_999_999_999 : Int64.random(in: -last...last, using: &generator)
            let text = Timestamp(nanoseconds: instant).description
            let bytes = Array(text.utf8)
            #expect(bytes.count == Timestamp.formattedLength && bytes[4] == UInt8(ascii: "-") && bytes[10] == UInt8(ascii: "T") && bytes[29] == UInt8(ascii: "Z"), "\(text)")
            #expect(try Timestamp(rfc3339: text).nanoseconds == instant, "\(instant) \(text)")
        }
    }
}
