import Glibc

/// System randomness drawn a buffer at a time (`arc4random_buf`, one `getrandom` call), where
/// `SystemRandomNumberGenerator` makes a system call per word: the engine draws two words for the id of every
/// event it appends, so it sizes the buffer to the batch.
struct BufferedRandom: RandomNumberGenerator {
    private var words: [UInt64]
    private var position = 0

    /// A generator drawing `count` words from the kernel's random source per system call.
    init(count: Int) {
        words = [UInt64](repeating: 0, count: max(count, 1))
        Self.fill(&words)
    }

    /// The next word, refilling the buffer when it is used up.
    mutating func next() -> UInt64 {
        if position == words.count {
            Self.fill(&words)
            position = 0
        }
        defer { position += 1 }
        return words[position]
    }

    private static func fill(_ words: inout [UInt64]) {
        words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
    }
}
