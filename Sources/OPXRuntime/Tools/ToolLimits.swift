/// The bounds every read-only tool call keeps: at most ``maxItems`` results, at most ``maxScanned`` rows or events
/// examined, and at most ``timeBudget`` of wall time.
///
/// The item and scan bounds make results deterministic; the time budget is a safety net: a call that runs past
/// it throws ``ToolError`` (the attempt fails, the engine records why) rather than returning a partial answer.
package struct ToolLimits: Sendable, Hashable {
    /// Results per call (the bound: 20).
    package var maxItems: Int
    /// Rows or events one call may examine.
    package var maxScanned: Int
    /// Wall time one call may take.
    package var timeBudget: Duration

    /// Creates limits; the defaults are 20 items, 5,000 rows examined and 2 seconds.
    package init(maxItems: Int = 20, maxScanned: Int = 5_000, timeBudget: Duration = .seconds(2)) {
        self.maxItems = maxItems
        self.maxScanned = maxScanned
        self.timeBudget = timeBudget
    }
}

/// A tool call that ran past its time budget.
package struct ToolError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The message, naming the tool and the budget.
    package let description: String

    /// Creates an error with `message`.
    package init(_ message: String) { description = message }
}

/// The tool calls of one agent attempt: times each call, checks its budget, keeps the ``ToolCall`` records.
package struct ToolSession: Sendable {
    /// The limits each call keeps.
    package let limits: ToolLimits
    /// The calls made so far, in order.
    package private(set) var calls: [ToolCall] = []

    /// Creates a session.
    package init(limits: ToolLimits) { self.limits = limits }

    /// Runs the tool `name`, keeps at most ``ToolLimits/maxItems`` of its results and records the call.
    ///
    /// - Parameters:
    ///   - name: The tool, such as `runbooks.search`.
    ///   - body: The tool; it calls the ``ToolDeadline`` it is given while it scans.
    /// - Returns: The first ``ToolLimits/maxItems`` results, in the tool's (deterministic) order.
    /// - Throws: What the tool throws, or ``ToolError`` when it ran past its time budget.
    package mutating func call<Item>(_ name: String, _ body: (inout ToolDeadline) throws -> [Item]) throws -> [Item] {
        let clock = ContinuousClock()
        let start = clock.now
        var deadline = ToolDeadline(tool: name, limits: limits, start: start)
        let items = Array(try body(&deadline).prefix(limits.maxItems))
        try deadline.check()
        let elapsed = start.duration(to: clock.now)
        let nanoseconds = UInt64(max(0, elapsed.components.seconds)) * 1_000_000_000 + UInt64(max(0, elapsed.components.attoseconds / 1_000_000_000))
        calls.append(ToolCall(name: name, itemCount: items.count, durationNanoseconds: nanoseconds))
        return items
    }
}

/// The budget of one tool call: counts what the tool examines and checks its time.
package struct ToolDeadline: Sendable {
    let tool: String
    let limits: ToolLimits
    let start: ContinuousClock.Instant
    /// Rows or events examined so far.
    package private(set) var scanned = 0

    /// Whether the tool may examine one more row; it stops scanning when this is false (a deterministic bound).
    ///
    /// - Throws: ``ToolError`` when the call ran past its time budget.
    package mutating func scanOne() throws -> Bool {
        scanned += 1
        if scanned % 256 == 0 { try check() }
        return scanned <= limits.maxScanned
    }

    /// Throws when the call ran past its time budget.
    package func check() throws {
        guard ContinuousClock().now - start <= limits.timeBudget else {
            throw ToolError("tool \(tool) ran past its time budget of \(limits.timeBudget) after examining \(scanned) items; the store may be too large or too busy for this tool (see ToolLimits)")
        }
    }
}
