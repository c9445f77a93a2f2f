/// A compiled JSON Schema `pattern`: an ECMAScript regular expression in the subset ``RegexParser`` documents.
///
/// Matching follows JSON Schema: the pattern is searched for anywhere in the string unless anchored with `^` / `$`.
/// The pattern compiles to a Thompson automaton that is simulated in one pass over the string's Unicode scalars
/// (Pike's method), so matching takes time linear in the string for any pattern, needs no backtracking, and
/// allocates nothing for patterns up to a few hundred instructions. ASCII input usually takes the faster path of a
/// ``RegexDFA`` built at compile time.
///
/// A class so that schema nodes share it without copying its tables; immutable, hence `Sendable`.
///
/// ```swift
/// let hex32 = try RegexPattern("^[0-9a-f]{32}$")
/// hex32.matches("4bf92f3577b34da6a3ce929d0e0e4736")   // true
/// ```
final class RegexPattern: Sendable {
    /// The most instructions a pattern may compile to (counted repetitions are unrolled).
    static let maximumProgramSize = 10_000

    /// One step of the automaton.
    enum Instruction: Sendable {
        /// Consume one scalar that is in `sets[index]`, then go on.
        case scalar(Int)
        /// Continue at both targets.
        case split(Int, Int)
        /// Continue at the target.
        case jump(Int)
        /// Continue only at the start of the input.
        case assertStart
        /// Continue only at the end of the input.
        case assertEnd
        /// A match.
        case accept
    }

    /// The pattern as written in the schema.
    let source: String
    private let program: [Instruction]
    private let sets: [ScalarSet]
    /// Whether every match must begin at offset 0, so no new thread starts later.
    private let anchoredAtStart: Bool
    /// The table-driven automaton for ASCII input, when it is small enough to build.
    private let dfa: RegexDFA?

    /// Compiles a pattern.
    ///
    /// - Parameter source: The ECMAScript pattern.
    /// - Throws: ``RegexError`` for syntax outside the supported subset or a pattern that unrolls too large.
    init(_ source: String) throws(RegexError) {
        let tree = try RegexParser.parse(source)
        var builder = Builder()
        try builder.emit(tree)
        builder.instructions.append(.accept)
        guard builder.instructions.count <= Self.maximumProgramSize else {
            throw RegexError(message: "pattern compiles to more than \(Self.maximumProgramSize) steps", offset: 0)
        }
        self.source = source
        self.program = builder.instructions
        self.sets = builder.sets
        if case .sequence(let parts) = tree, case .start = parts.first { anchoredAtStart = true } else if case .start = tree {
            anchoredAtStart = true
        } else {
            anchoredAtStart = false
        }
        dfa = RegexDFA(program: program, sets: sets, anchoredAtStart: anchoredAtStart)
    }

    /// Whether the pattern matches somewhere in the string.
    func matches(_ string: String) -> Bool {
        if let dfa, let result = dfa.matches(string) { return result }
        return simulate(string)
    }

    /// Runs the automaton's threads over the string's scalars (any input, any pattern).
    func simulate(_ string: String) -> Bool {
        let count = program.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * count + 2) { buffer in
            let base = buffer.baseAddress!
            let marks = base
            marks.initialize(repeating: 0, count: count)
            var current = ThreadList(base: base + count)
            var next = ThreadList(base: base + 2 * count)
            let stack = base + 3 * count
            var generation: Int32 = 1
            var iterator = string.unicodeScalars.makeIterator()
            var scalar = iterator.next()
            if addThread(0, to: &current, marks: marks, generation: generation, stack: stack,
                         atStart: true, atEnd: scalar == nil) {
                return true
            }
            while let consumed = scalar {
                let following = iterator.next()
                generation += 1
                next.count = 0
                for position in 0..<current.count {
                    let pc = Int(current.base[position])
                    guard case .scalar(let set) = program[pc], sets[set].contains(consumed.value) else { continue }
                    if addThread(pc + 1, to: &next, marks: marks, generation: generation, stack: stack,
                                 atStart: false, atEnd: following == nil) {
                        return true
                    }
                }
                if !anchoredAtStart,
                   addThread(0, to: &next, marks: marks, generation: generation, stack: stack,
                             atStart: false, atEnd: following == nil) {
                    return true
                }
                swap(&current, &next)
                if current.count == 0 && anchoredAtStart { return false }
                scalar = following
            }
            return false
        }
    }

    /// Threads waiting to consume the next scalar: program counters of `.scalar` instructions.
    private struct ThreadList {
        let base: UnsafeMutablePointer<Int32>
        var count = 0
    }

    /// Follows the epsilon moves from `start`, adding each reachable `.scalar` step once per generation.
    /// - Returns: Whether `.accept` is reachable.
    private func addThread(_ start: Int, to list: inout ThreadList, marks: UnsafeMutablePointer<Int32>,
                           generation: Int32, stack: UnsafeMutablePointer<Int32>, atStart: Bool, atEnd: Bool) -> Bool {
        var depth = 0
        stack[0] = Int32(start)
        depth = 1
        while depth > 0 {
            depth -= 1
            let pc = Int(stack[depth])
            guard marks[pc] != generation else { continue }
            marks[pc] = generation
            switch program[pc] {
            case .scalar:
                list.base[list.count] = Int32(pc)
                list.count += 1
            case .split(let first, let second):
                stack[depth] = Int32(second)
                stack[depth + 1] = Int32(first)
                depth += 2
            case .jump(let target):
                stack[depth] = Int32(target)
                depth += 1
            case .assertStart:
                if atStart {
                    stack[depth] = Int32(pc + 1)
                    depth += 1
                }
            case .assertEnd:
                if atEnd {
                    stack[depth] = Int32(pc + 1)
                    depth += 1
                }
            case .accept:
                return true
            }
        }
        return false
    }

    /// Turns a ``RegexNode`` tree into instructions.
    private struct Builder {
        var instructions: [Instruction] = []
        var sets: [ScalarSet] = []

        mutating func emit(_ node: RegexNode) throws(RegexError) {
            guard instructions.count <= RegexPattern.maximumProgramSize else {
                throw RegexError(message: "pattern compiles to more than \(RegexPattern.maximumProgramSize) steps",
                                 offset: 0)
            }
            switch node {
            case .empty:
                break
            case .scalar(let set):
                let index: Int
                if let existing = sets.firstIndex(of: set) { index = existing } else {
                    index = sets.count
                    sets.append(set)
                }
                instructions.append(.scalar(index))
            case .start:
                instructions.append(.assertStart)
            case .end:
                instructions.append(.assertEnd)
            case .sequence(let parts):
                for part in parts { try emit(part) }
            case .alternation(let alternatives):
                var jumps: [Int] = []
                for (offset, alternative) in alternatives.enumerated() {
                    if offset < alternatives.count - 1 {
                        let split = instructions.count
                        instructions.append(.split(split + 1, 0))
                        try emit(alternative)
                        jumps.append(instructions.count)
                        instructions.append(.jump(0))
                        instructions[split] = .split(split + 1, instructions.count)
                    } else {
                        try emit(alternative)
                    }
                }
                for jump in jumps { instructions[jump] = .jump(instructions.count) }
            case .repetition(let body, let minimum, let maximum):
                for _ in 0..<minimum { try emit(body) }
                if let maximum {
                    var splits: [Int] = []
                    for _ in minimum..<maximum {
                        splits.append(instructions.count)
                        instructions.append(.split(instructions.count + 1, 0))
                        try emit(body)
                    }
                    for split in splits { instructions[split] = .split(split + 1, instructions.count) }
                } else {
                    let loop = instructions.count
                    instructions.append(.split(loop + 1, 0))
                    try emit(body)
                    instructions.append(.jump(loop))
                    instructions[loop] = .split(loop + 1, instructions.count)
                }
            }
        }
    }
}
