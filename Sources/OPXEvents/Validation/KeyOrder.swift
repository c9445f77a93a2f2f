/// Compares object keys in RFC 8785 (UTF-16) order, with a fast path for the short ASCII keys payloads are made of.
///
/// A string of up to 15 ASCII bytes lives inline in the `String` value (see ``ValidatedUTF8String``); two such keys
/// compare with a few integer operations on their raw words, without reading characters one by one. Schema property
/// names are unpacked once, at compile time (``SmallKey``); any other key goes through
/// ``UTF16CodeUnitOrder/compare(_:_:)``.
enum KeyOrder {
    /// A short ASCII key as two integers that order like its bytes, plus its length.
    struct SmallKey: Sendable {
        let first: UInt64
        let second: UInt64
        let count: Int

        /// Unpacks a key; `nil` unless it is an inline ASCII string on a runtime whose layout is verified.
        init?(_ key: String) {
            #if _pointerBitWidth(_64) && _endian(little)
            guard ValidatedUTF8String.isSmallLayoutVerified else { return nil }
            let words = unsafeBitCast(key, to: (UInt64, UInt64).self)
            guard words.1 >> 61 == 0b111 else { return nil }
            self.init(words: words)
            #else
            return nil
            #endif
        }

        /// Unpacks the raw words of an inline ASCII string.
        @inline(__always)
        init(words: (UInt64, UInt64)) {
            // Byte-swapping puts the first byte most significant; unused bytes are zero, and the count settles ties.
            first = words.0.byteSwapped
            second = (words.1 & 0x00FF_FFFF_FFFF_FFFF).byteSwapped
            count = Int((words.1 >> 56) & 0xF)
        }
    }

    /// Compares a schema property's name with an object member's key: negative, zero, or positive as the property
    /// sorts before, equal to, or after the key.
    @inline(__always)
    static func compare(_ property: SchemaNode.Property, _ key: String) -> Int {
        #if _pointerBitWidth(_64) && _endian(little)
        // A property only has a SmallKey when the layout was verified, so the raw words of `key` can be trusted.
        if let small = property.smallKey {
            let words = unsafeBitCast(key, to: (UInt64, UInt64).self)
            // The top three bits 0b111 mark an inline ASCII string (discriminator 0xE0 | count).
            if words.1 >> 61 == 0b111 {
                let other = SmallKey(words: words)
                if small.first != other.first { return small.first < other.first ? -1 : 1 }
                if small.second != other.second { return small.second < other.second ? -1 : 1 }
                return small.count - other.count
            }
        }
        #endif
        return UTF16CodeUnitOrder.compare(property.key, key)
    }
}
