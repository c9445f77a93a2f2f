import Crypto
import OPXEvents

/// Stable event ids from a source's own idempotency key, so a re-sent payload appends nothing new.
enum IdempotencyKey {
    /// The event id for `parts`: the first 16 bytes of SHA-256 over the parts joined with NUL bytes, as a UUIDv8.
    static func eventID(_ parts: String...) -> EventID {
        eventID(parts)
    }

    /// The event id for `parts` (see ``eventID(_:)-variadic``).
    static func eventID(_ parts: [String]) -> EventID {
        var hasher = SHA256()
        for (index, part) in parts.enumerated() {
            if index > 0 { hasher.update(data: [0]) }
            hasher.update(data: Array(part.utf8))
        }
        return EventID(digest: hasher.finalize())
    }

    /// A short stable hex digest of `bytes`, for fingerprints of payloads that carry none.
    static func hexDigest(_ bytes: [UInt8], length: Int = 16) -> String {
        String(Hex.encode(SHA256.hash(data: bytes)).prefix(length))
    }
}
