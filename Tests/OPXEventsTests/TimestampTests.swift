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
}
