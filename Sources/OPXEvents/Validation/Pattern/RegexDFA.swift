/// A deterministic automaton for the ASCII inputs of a ``RegexPattern``, built once by subset construction.
///
/// Most schema patterns (`^[0-9a-f]{32}$`, `^[a-z0-9]+([.-][a-z0-9]+)*$`) only ever see ASCII strings, and there a
/// table lookup per byte beats simulating the automaton's threads. A state is the set of program counters waiting
/// to consume the next byte ("seeds"); the start state alone may pass `^`. Non-ASCII input falls back to the
/// simulation in ``RegexPattern/matches(_:)``. Patterns whose automaton would exceed ``maximumStates`` get no DFA.
struct RegexDFA: Sendable {
    /// The most states built before giving up.
    static let maximumStates = 512

    /// `transitions[state * 128 + byte]`: the next state.
    private let transitions: [UInt16]
    /// Whether a match is complete in this state before the end of the input.
    private let acceptsNow: [Bool]
    /// Whether a match is complete in this state at the end of the input (so `$` holds).
    private let acceptsAtEnd: [Bool]
    /// Whether no match can follow from this state.
    private let isDead: [Bool]

    /// Builds the automaton, or returns `nil` when it would be too large.
    init?(program: [RegexPattern.Instruction], sets: [ScalarSet], anchoredAtStart: Bool) {
        var seedsOfState: [[Int]] = []
        var startsOfState: [Bool] = []
        var stateOfKey: [[Int]: Int] = [:]
        var transitions: [UInt16] = []
        var acceptsNow: [Bool] = []
        var acceptsAtEnd: [Bool] = []
        var isDead: [Bool] = []

        func state(seeds: [Int], atStart: Bool) -> Int? {
            let key = atStart ? [-1] + seeds : seeds
            if let known = stateOfKey[key] { return known }
            guard seedsOfState.count < Self.maximumStates else { return nil }
            stateOfKey[key] = seedsOfState.count
            seedsOfState.append(seeds)
            startsOfState.append(atStart)
            return seedsOfState.count - 1
        }

        guard state(seeds: [0], atStart: true) != nil else { return nil }
        var next = 0
        while next < seedsOfState.count {
            let seeds = seedsOfState[next], atStart = startsOfState[next]
            let (waiting, acceptNow) = Self.closure(seeds, program: program, atStart: atStart, atEnd: false)
            let acceptEnd = Self.closure(seeds, program: program, atStart: atStart, atEnd: true).accept
            acceptsNow.append(acceptNow)
            acceptsAtEnd.append(acceptEnd)
            // Threads waiting only at `$` are not dead: the input may end here.
            isDead.append(waiting.isEmpty && anchoredAtStart && !acceptNow && !acceptEnd)
            for byte in 0..<128 {
                var targets: Set<Int> = anchoredAtStart ? [] : [0]
                for pc in waiting {
                    if case .scalar(let set) = program[pc], sets[set].contains(UInt32(byte)) { targets.insert(pc + 1) }
                }
                guard let target = state(seeds: targets.sorted(), atStart: false) else { return nil }
                transitions.append(UInt16(target))
            }
            next += 1
        }
        self.transitions = transitions
        self.acceptsNow = acceptsNow
        self.acceptsAtEnd = acceptsAtEnd
        self.isDead = isDead
    }

    /// Matches an ASCII string; `nil` when the string has a non-ASCII byte.
    @inline(__always)
    func matches(_ string: String) -> Bool? {
        var state = 0
        if acceptsNow[0] { return true }
        for byte in string.utf8 {
            guard byte < 0x80 else { return nil }
            state = Int(transitions[state &* 128 &+ Int(byte)])
            if acceptsNow[state] { return true }
            if isDead[state] { return false }
        }
        return acceptsAtEnd[state]
    }

    /// The `.scalar` steps reachable from `seeds` by epsilon moves, and whether `.accept` is.
    private static func closure(_ seeds: [Int], program: [RegexPattern.Instruction], atStart: Bool,
                                atEnd: Bool) -> (waiting: [Int], accept: Bool) {
        var seen = Set<Int>()
        var stack = seeds
        var waiting: [Int] = []
        var accept = false
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch program[pc] {
            case .scalar: waiting.append(pc)
            case .split(let first, let second): stack.append(second); stack.append(first)
            case .jump(let target): stack.append(target)
            case .assertStart: if atStart { stack.append(pc + 1) }
            case .assertEnd: if atEnd { stack.append(pc + 1) }
            case .accept: accept = true
            }
        }
        return (waiting.sorted(), accept)
    }
}
