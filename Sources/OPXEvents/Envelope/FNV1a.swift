/// FNV-1a, 64 bits: a fast, seedless hash of bytes that is the same in every process and on every platform.
///
/// Not for anything secret or adversarial. opx uses it where a stable digest of a short string is the point: the
/// order-independent stream sums of `opx verify` and the incidents projection's Bloom filter of signal ids.
package enum FNV1a {
    /// The hash of `bytes`.
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The hash of `text`'s UTF-8 bytes.
    package static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
