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
    /// The hash of ``text``'s UTF-8 bytes.
    private let hash: KeyHash

    init(_ text: String) {
        self.text = text
        var utf8 = text
        hash = utf8.withUTF8 { KeyHash(UnsafeRawBufferPointer($0)) }
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

    func hash(into hasher: inout Hasher) { hash.hash(into: &hasher) }

    /// The stored hash mixed with the seed (``KeyHash/_rawHashValue(seed:)``): no `Hasher`.
    func _rawHashValue(seed: Int) -> Int { hash._rawHashValue(seed: seed) }
}

/// A 64-bit hash of a key's bytes (eight bytes per multiply, the length mixed in), which
/// dictionaries bucket without a `Hasher`: the key of the row caches (``CachedKey``) and of a page's
/// stream names (``StreamNames``).
///
/// Not for anything adversarial (keys come from the projections' own folds and the log's own
/// stream ids); dictionary order over these hashes is never relied on.
struct KeyHash: Hashable {
    /// The hash.
    let value: UInt64

    /// The hash of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
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
        value = h ^ h >> 32
    }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// The hash a dictionary with `seed` buckets this key by: the hash mixed with the seed
    /// (MurmurHash3's finalizer), without a `Hasher` (whose SipHash set-up and finalization per
    /// operation were 2 % of a rebuild once the bytes were hashed only once).
    ///
    /// `Hashable`'s customization point for types that hash to one word (the standard library's
    /// integers implement it the same way); the dictionary takes the bucket from the low bits, so
    /// every bit of the hash and the seed reaches them.
    func _rawHashValue(seed: Int) -> Int {
        var h = value ^ UInt64(UInt(bitPattern: seed))
        h = (h ^ h >> 33) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ h >> 33) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ h >> 33)
    }
}
