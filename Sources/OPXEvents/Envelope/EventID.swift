package import Foundation

/// The unique id of an event (a UUID); the idempotency key of appends.
package struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 16 bytes of the UUID, big-endian as written.
    package let high: UInt64
    package let low: UInt64

    /// An id from its two 64-bit halves.
    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An id from a Foundation `UUID`.
    package init(_ uuid: UUID) {
        let u = uuid.uuid
        high = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7].reduce(0) { $0 << 8 | UInt64($1) }
        low = [u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses the canonical 36-character form (`8-4-4-4-12` hex digits, either case); `nil` otherwise.
    package init?(_ text: String) {
        var text = text
        guard text.utf8.count == 36 else { return nil }
        var value: (UInt64, UInt64) = (0, 0)
        var digits = 0
        let ok = text.withUTF8 { bytes -> Bool in
            for (index, byte) in bytes.enumerated() {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    if byte != UInt8(ascii: "-") { return false }
                    continue
                }
                guard let nibble = Hex.nibble(byte) else { return false }
                if digits < 16 { value.0 = value.0 << 4 | UInt64(nibble) } else { value.1 = value.1 << 4 | UInt64(nibble) }
                digits += 1
            }
            return true
        }
        guard ok else { return nil }
        high = value.0
        low = value.1
    }

    /// A new time-ordered random id (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then
    /// 74 random bits.
    ///
    /// Ids made one after another sort roughly in time order, so the log's event-id index grows
    /// at its end instead of touching a random page per append.
    package static func random() -> EventID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// ``random()`` with the 74 random bits from `generator` (two words), for callers that draw many ids at once
    /// from a buffer filled by one system call.
    package static func random(using generator: inout some RandomNumberGenerator) -> EventID {
        let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000) & 0xFFFF_FFFF_FFFF
        let high = milliseconds << 16 | 0x7000 | (generator.next() & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (generator.next() & 0x3FFF_FFFF_FFFF_FFFF)
        return EventID(high: high, low: low)
    }

    /// A deterministic id derived from the first 16 bytes of a digest, marked as UUID version 8
    /// ("custom", RFC 9562). Adapters use it for idempotency keys of re-sent webhooks.
    package init(digest: some Sequence<UInt8>) {
        var bytes = Array(digest.prefix(16))
        while bytes.count < 16 { bytes.append(0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Calls `body` with the 16 bytes, big-endian, without allocating.
    @inline(__always)
    package func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let words = (high.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: words) { try body($0) }
    }

    /// The 16 bytes, big-endian.
    package var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            out[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        return out
    }

    /// The lowercase canonical form, e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`.
    package var description: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            writeCanonical(into: UnsafeMutableRawBufferPointer(buffer))
            return 36
        }
    }

    /// Writes the 36 canonical ASCII bytes to `buffer` (which must hold at least 36 bytes).
    package func writeCanonical(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 36, "writeCanonical needs 36 bytes")
        let out = buffer.baseAddress!
        let dash = UInt8(ascii: "-")
        Hex.write(high >> 32, digits: 8, to: out)
        out.storeBytes(of: dash, toByteOffset: 8, as: UInt8.self)
        Hex.write(high >> 16, digits: 4, to: out + 9)
        out.storeBytes(of: dash, toByteOffset: 13, as: UInt8.self)
        Hex.write(high, digits: 4, to: out + 14)
        out.storeBytes(of: dash, toByteOffset: 18, as: UInt8.self)
        Hex.write(low >> 48, digits: 4, to: out + 19)
        out.storeBytes(of: dash, toByteOffset: 23, as: UInt8.self)
        Hex.write(low, digits: 12, to: out + 24)
    }

    package static func < (a: EventID, b: EventID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// Lowercase hexadecimal helpers.
package enum Hex {
    /// The ASCII digits `0-9a-f`.
    package static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes the lowest `digits` hex digits of `value` to `out`, most significant first, lowercase.
    @inline(__always)
    package static func write(_ value: UInt64, digits: Int, to out: UnsafeMutableRawPointer) {
        var rest = value
        var index = digits - 1
        while index >= 0 {
            let digit = UInt8(truncatingIfNeeded: rest & 0xF)
            out.storeBytes(of: digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") - 10 + digit, toByteOffset: index, as: UInt8.self)
            rest >>= 4
            index -= 1
        }
    }

    /// The value of one hex digit (either case), or `nil`.
    @inline(__always)
    package static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `bytes` as lowercase hex.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even-length hex string, or `nil`.
    package static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let h = nibble(utf8[i]), let l = nibble(utf8[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }
}
