/// Tokens and cost added up over model calls.
package struct UsageTotals: ProjectionRow, Hashable {
    /// Model calls.
    package var calls: Int64 = 0
    /// Input tokens.
    package var inputTokens: Int64 = 0
    /// Output tokens.
    package var outputTokens: Int64 = 0
    /// Cost in US dollars.
    package var costUsd: Double = 0

    package init() {}

    /// Adds one call.
    package mutating func add(inputTokens: Int64, outputTokens: Int64, costUsd: Double) {
        calls += 1
        self.inputTokens += inputTokens
        self.outputTokens += outputTokens
        self.costUsd += costUsd
    }

    /// Adds the usage of a `usage.recorded` payload; false when it has none.
    @discardableResult
    package mutating func add(_ payload: Payload) -> Bool {
        guard let input = payload.int("inputTokens"), let output = payload.int("outputTokens") else { return false }
        add(inputTokens: input, outputTokens: output, costUsd: payload.double("costUsd") ?? 0)
        return true
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("calls", calls)
            e.field("costUsd", costUsd)
            e.field("inputTokens", inputTokens)
            e.field("outputTokens", outputTokens)
        }
    }

    package init(row d: RowDecoder) {
        calls = d.int("calls", default: 0)
        costUsd = d.double("costUsd")
        inputTokens = d.int("inputTokens", default: 0)
        outputTokens = d.int("outputTokens", default: 0)
    }
}
