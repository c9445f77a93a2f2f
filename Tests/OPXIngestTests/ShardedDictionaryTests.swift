@testable import OPXIngest
import Testing

@Suite("Sharded dictionary")
struct ShardedDictionaryTests {
    @Test("agrees with a Dictionary through inserts, updates, removals and defaults")
    func agreesWithDictionary() {
        var sharded = ShardedDictionary<String, Int>()
        var plain: [String: Int] = [:]
        // Enough keys that every shard grows several times.
        for i in 0..<5_000 {
            sharded["k\(i)"] = i
            plain["k\(i)"] = i
        }
        for i in stride(from: 0, to: 5_000, by: 3) {
            sharded["k\(i)"] = nil
            plain["k\(i)"] = nil
        }
        for i in stride(from: 1, to: 5_000, by: 7) {
            sharded["k\(i)", default: 0] += 1_000
            plain["k\(i)", default: 0] += 1_000
        }
        sharded["absent"] = nil
        sharded["new", default: 5] += 1
        plain["new", default: 5] += 1

        #expect(sharded.count == plain.count)
        #expect(sharded["k1"] == plain["k1"])
        #expect(sharded["k3"] == nil)
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key, $0.value) }) == plain)
        #expect(Set(sharded.keys) == Set(plain.keys))
        #expect(sharded.values.sorted() == plain.values.sorted())
    }
}
