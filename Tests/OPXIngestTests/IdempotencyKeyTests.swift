import Crypto
@testable import OPXIngest
import OPXEvents
import Testing

/// Event ids from idempotency keys: deterministic, UUIDv8, and sorted by the time the event is about.
@Suite struct IdempotencyKeyTests {
    private let earlier = Timestamp(nanoseconds: 1_795_000_000_000_000_000), later = Timestamp(nanoseconds: 1_795_000_060_000_000_000)

    @Test func theSameKeyAndTimeGiveTheSameIdAndAnotherKeyAnother() {
        let id = IdempotencyKey.eventID(at: earlier, "alertmanager", "abc")
        #expect(id == IdempotencyKey.eventID(at: earlier, "alertmanager", "abc"))
        #expect(id != IdempotencyKey.eventID(at: earlier, "alertmanager", "abd"))
    }

    @Test func digestsBecomeTheSameIdsAsTheGenericInitialiserGives() {
        for text in ["", "a", "alertmanager\u{0}fp\u{0}firing", String(repeating: "x", count: 300)] {
            let digest = SHA256.hash(data: Array(text.utf8))
            #expect(IdempotencyKey.id(digest) == EventID(digest: digest))
        }
    }

    @Test func idsAreVersion8UUIDsThatSortByTheirTime() {
        let a = IdempotencyKey.eventID(at: earlier, "zzz"), b = IdempotencyKey.eventID(at: later, "aaa")
        #expect(a < b)
        #expect(a.high >> 16 == UInt64(earlier.nanoseconds / 1_000_000))
        for id in [a, b] {
            #expect((id.high >> 12) & 0xF == 8, "version nibble")
            #expect(id.low >> 62 == 0b10, "RFC 9562 variant")
        }
    }

    @Test func anIdBesideAnotherSharesAllButItsLast16BitsAndIsNeverTheSame() {
        for index in 0..<2000 {
            let neighbour = IdempotencyKey.eventID(at: earlier, "alertmanager", "fp\(index)")
            let id = IdempotencyKey.eventID(beside: neighbour, "opx-correlation", "attach")
            #expect(id != neighbour)
            #expect(id.high == neighbour.high && id.low >> 16 == neighbour.low >> 16)
            #expect(id == IdempotencyKey.eventID(beside: neighbour, "opx-correlation", "attach"))
        }
        let neighbour = IdempotencyKey.eventID(at: earlier, "alertmanager", "fp")
        #expect(IdempotencyKey.eventID(beside: neighbour, "a") != IdempotencyKey.eventID(beside: neighbour, "b"))
    }
}
