/// A dictionary split into a fixed number of dictionaries by the key's hash, so that growing it never rehashes
/// more than one shard at a time.
///
/// A Swift `Dictionary` doubles its storage and rehashes every entry at once when it fills: in a correlation group
/// of a few hundred thousand alerts that is tens of milliseconds on the correlation actor, during which every
/// request in flight waits (the webhook benchmark's slow 1 %: four such maps grew in the same `decide`). Each shard
/// here holds about 1/`shardCount` of the entries, so a growth step rehashes that many, and the shards reach their
/// growth points one request at a time rather than all in one.
///
/// Iteration order is unspecified, as a `Dictionary`'s is (the hash is seeded per process).
struct ShardedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sequence, Sendable {
    /// How many dictionaries the entries are spread over.
    static var shardCount: Int { 64 }

    private var shards: [[Key: Value]] = Array(repeating: [:], count: Self.shardCount)
    /// The number of entries.
    private(set) var count = 0

    init() {}

    /// The value stored for `key`; setting `nil` removes it.
    subscript(key: Key) -> Value? {
        get { shards[Self.shard(of: key)][key] }
        set {
            let shard = Self.shard(of: key)
            if let newValue {
                if shards[shard].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[shard].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// The value stored for `key`, or `defaultValue` (stored on mutation) when there is none.
    subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    /// The keys, in no particular order.
    var keys: FlattenSequence<LazyMapSequence<[[Key: Value]], Dictionary<Key, Value>.Keys>> {
        shards.lazy.map(\.keys).joined()
    }

    /// The values, in no particular order.
    var values: FlattenSequence<LazyMapSequence<[[Key: Value]], Dictionary<Key, Value>.Values>> {
        shards.lazy.map(\.values).joined()
    }

    func makeIterator() -> FlattenSequence<[[Key: Value]]>.Iterator {
        shards.joined().makeIterator()
    }

    /// The shard of `key`, from its hash (each shard's own table hashes with a seed of its own).
    private static func shard(of key: Key) -> Int {
        Int(UInt(bitPattern: key.hashValue) % UInt(shardCount))
    }
}
