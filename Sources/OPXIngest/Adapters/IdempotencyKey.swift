import Crypto
import OPXEvents

/// Stable event ids from a source's own idempotency key, so a re-sent payload appends nothing new.
///
/// An id is a UUIDv8 (RFC 9562, "custom"): the first 48 bits are the Unix milliseconds of the time the event is
/// about (the alert's start, the change's time, the incident's window), the other 74 free bits come from SHA-256
/// over the key's parts. The same payload gives the same id; ids of events about nearby times sort together, so the
/// log's event-id index grows near its end instead of taking a random page for every event (with ids that were
/// pure digests, an Alertmanager webhook wrote 85 kB to the store instead of about 30 kB).
enum IdempotencyKey {
    /// The event id for `parts` about `time` (see the type's documentation).
    static func eventID(at time: Timestamp, _ parts: String...) -> EventID {
        eventID(at: time, parts)
    }

    /// The event id for `parts` about `time` (see the type's documentation).
    static func eventID(at time: Timestamp, _ parts: [String]) -> EventID {
        let digest = id(self.digest(parts))
        let milliseconds = UInt64(clamping: max(0, time.nanoseconds / 1_000_000)) & 0xFFFF_FFFF_FFFF
        // Keep the digest's version nibble (8) and its last 12 bits of the high word; the low word keeps the variant.
        return EventID(high: milliseconds << 16 | (digest.high & 0xFFFF), low: digest.low)
    }

    /// The event id for `parts` about the event `neighbour` (an `incident.signal-attached` about its signal): the
    /// neighbour's id with its last 16 bits taken from SHA-256 over the parts (never equal to the neighbour's own),
    /// so the two ids sort side by side and share a page of the log's event-id index instead of each taking a
    /// random one (signals whose alerts started in the same millisecond differ only in their digests).
    static func eventID(beside neighbour: EventID, _ parts: String...) -> EventID {
        let bits = id(digest(parts)).low & 0xFFFF
        let low = neighbour.low & ~0xFFFF | (bits == neighbour.low & 0xFFFF ? bits ^ 1 : bits)
        return EventID(high: neighbour.high, low: low)
    }

    /// An entity id (an incident's, a detection's) for `parts`: the first 16 bytes of SHA-256 over the parts joined
    /// with NUL bytes, as a UUIDv8. Entity ids are payload values, not keys of the log's index, so they need no time.
    static func entityID(_ parts: String...) -> EventID {
        id(digest(parts))
    }

    /// `EventID(digest:)` of the digest (its first 16 bytes, marked UUIDv8), read in place: the generic initialiser
    /// copies the digest into arrays, a visible cost with several ids per webhook.
    static func id(_ digest: SHA256.Digest) -> EventID {
        digest.withUnsafeBytes { bytes in
            let high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            let low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            // Byte 6's high nibble is the version (8); byte 8's two high bits the RFC 9562 variant (0b10).
            return EventID(high: high & ~0xF000 | 0x8000, low: low & ~(0xC0 << 56) | 0x80 << 56)
        }
    }

    /// SHA-256 over the parts joined with NUL bytes.
    private static func digest(_ parts: [String]) -> SHA256.Digest {
        var hasher = SHA256()
        for (index, var part) in parts.enumerated() {
            if index > 0 { withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) } }
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hasher.finalize()
    }

    /// A short stable hex digest of `bytes`, for fingerprints of payloads that carry none.
    static func hexDigest(_ bytes: [UInt8], length: Int = 16) -> String {
        String(Hex.encode(SHA256.hash(data: bytes)).prefix(length))
    }
}
