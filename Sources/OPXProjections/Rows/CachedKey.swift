import Glibc

/// A row key as the row caches (and their sets of removed keys) hold it: the key and a hash of its
/// bytes computed once.
///
/// A `String` key is hashed with SipHash over all its bytes at every dictionary operation, and a
/// row missing from a cache takes up to four of them (look up, older generation, insert, index):
/// string-key hashing was about 5 % of a rebuild. This key hashes its bytes once, a word at a time,
/// and the dictionary buckets it by that word mixed with its seed (``_rawHashValue(seed:)``).
///
/// Not for anything adversarial (keys come from the projections' own folds); dictionary order over
/// these keys is never relied on (changes and digests are sorted by key bytes).
struct CachedKey: Hashable {
    /// The key.
    let text: String
    /// The hash of ``text``'s UTF-8 bytes (``hash(of:)``).
    private let hash: UInt64

    init(_ text: String) {
        self.text = text
        hash = Self.hash(of: text)
    }

    /// Byte-wise equality, as LMDB compares keys (`String`'s `==` takes canonically equivalent
    /// spellings, `"é"` and `"e\u{301}"`, as one key; stored, they are two).
    static func == (a: Self, b: Self) -> Bool {
        guard a.hash == b.hash else { return false }
        var x = a.text, y = b.text
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// The hash a dictionary with `seed` buckets this key by: the stored hash mixed with the seed
    /// (MurmurHash3's finalizer), without a `Hasher` (whose SipHash set-up and finalization per
    /// operation were 2 % of a rebuild once the bytes were hashed only once).
    ///
    /// `Hashable`'s customization point for types that hash to one word (the standard library's
    /// integers implement it the same way); the dictionary takes the bucket from the low bits, so
    /// every bit of the stored hash and the seed reaches them.
    func _rawHashValue(seed: Int) -> Int {
        var h = hash ^ UInt64(UInt(bitPattern: seed))
        h = (h ^ h >> 33) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ h >> 33) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ h >> 33)
    }

    /// A 64-bit hash of `text`'s UTF-8 bytes: eight bytes per multiply, the length mixed in.
    private static func hash(of text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let k: UInt64 = 0x9E37_79B9_7F4A_7C15
            var h = UInt64(bytes.count) &* k
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            while i < bytes.count {
                tail = tail << 8 | UInt64(bytes[i])
                i += 1
            }
            h = (h ^ tail) &* k
            return h ^ h >> 32
        }
    }
}
