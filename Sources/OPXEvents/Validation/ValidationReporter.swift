/// Where the validator sends failures; the two conformances make one walk serve two purposes.
///
/// ``SchemaValidator`` is generic over its reporter, so the compiler specialises the walk twice: with
/// ``FirstFailureReporter`` every path and message closure is dead code and the walk stops at the first failure
/// (the hot path, which allocates nothing), and with ``CollectingReporter`` it tracks the JSON Pointer and builds
/// messages (run only after the fast walk failed).
protocol ValidationReporter {
    /// Whether the walk stops at the first failure.
    static var stopsAtFirstFailure: Bool { get }
    /// Whether no more failures are wanted.
    var isFull: Bool { get }
    /// Descends into an object member.
    mutating func enter(key: String)
    /// Descends into an array element.
    mutating func enter(index: Int)
    /// Returns from the last `enter`.
    mutating func leave()
    /// Records a failure at the current location.
    mutating func fail(_ keyword: StaticString, expected: @autoclosure () -> String, found: @autoclosure () -> String)
    /// Records a failure at a member of the current object (for `required` and `additionalProperties`).
    mutating func fail(member: String, _ keyword: StaticString, expected: @autoclosure () -> String,
                       found: @autoclosure () -> String)
}

/// Answers only "valid or not", as cheaply as possible.
struct FirstFailureReporter: ValidationReporter {
    static var stopsAtFirstFailure: Bool { true }
    var isFull: Bool { true }
    @inline(__always) mutating func enter(key: String) {}
    @inline(__always) mutating func enter(index: Int) {}
    @inline(__always) mutating func leave() {}
    @inline(__always)
    mutating func fail(_ keyword: StaticString, expected: @autoclosure () -> String, found: @autoclosure () -> String) {}
    @inline(__always)
    mutating func fail(member: String, _ keyword: StaticString, expected: @autoclosure () -> String,
                       found: @autoclosure () -> String) {}
}

/// Collects failures with their JSON Pointers, up to ``ValidationError/maximumFailures``.
struct CollectingReporter: ValidationReporter {
    static var stopsAtFirstFailure: Bool { false }
    /// The escaped reference tokens of the current location.
    private var tokens: [String] = []
    /// The failures so far.
    private(set) var failures: [ValidationFailure] = []

    var isFull: Bool { failures.count >= ValidationError.maximumFailures }

    mutating func enter(key: String) { tokens.append(JSONPointer.escape(key)) }
    mutating func enter(index: Int) { tokens.append(String(index)) }
    mutating func leave() { tokens.removeLast() }

    private var pointer: String { tokens.isEmpty ? "" : "/" + tokens.joined(separator: "/") }

    mutating func fail(_ keyword: StaticString, expected: @autoclosure () -> String, found: @autoclosure () -> String) {
        guard !isFull else { return }
        failures.append(ValidationFailure(pointer: pointer, keyword: "\(keyword)", expected: expected(), found: found()))
    }

    mutating func fail(member: String, _ keyword: StaticString, expected: @autoclosure () -> String,
                       found: @autoclosure () -> String) {
        guard !isFull else { return }
        failures.append(ValidationFailure(pointer: JSONPointer.appending(pointer, member), keyword: "\(keyword)",
                                          expected: expected(), found: found()))
    }
}
