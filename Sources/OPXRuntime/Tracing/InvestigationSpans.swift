package import OPXEvents

/// The trace of one investigation: deterministic ids, OpenTelemetry shape, GenAI attribute names.
///
/// Ids derive from the investigation, step and attempt, so replay can name the spans the log must hold; times are
/// the only part that differs between runs.
package struct InvestigationSpans: Sendable {
    /// The investigation.
    package let investigationId: EntityID
    /// Its 32-hex trace id.
    package let traceId: String

    /// The spans of `investigationId`.
    package init(investigationId: EntityID) {
        self.investigationId = investigationId
        traceId = String(Digest.hex(Array("trace/\(investigationId)".utf8)).prefix(32))
    }

    /// The root span's id.
    package var rootSpanId: String { spanId("investigation") }

    /// The id of the span of `attempt` of `step`.
    package func attemptSpanId(step: String, attempt: Int) -> String { spanId("\(step)/\(attempt)") }

    /// The id of tool call `index` of `attempt` of `step`.
    package func toolSpanId(step: String, attempt: Int, index: Int) -> String { spanId("\(step)/\(attempt)/tool/\(index)") }

    private func spanId(_ path: String) -> String { String(Digest.hex(Array("span/\(investigationId)/\(path)".utf8)).prefix(16)) }

    /// The root span, recorded when the investigation ends.
    package func root(incidentId: EntityID, start: Timestamp, end: Timestamp, status: String, costUsd: String,
                      failed: Bool) -> TraceSpanRecorded {
        TraceSpanRecorded(traceId: traceId, spanId: rootSpanId, name: "investigation", kind: .internal, startTime: start,
                          endTime: max(start, end), status: .init(code: failed ? .error : .ok, message: failed ? status : nil),
                          investigationId: investigationId,
                          attributes: ["opx.investigation.id": .string(investigationId.description),
                                       "opx.incident.id": .string(incidentId.description),
                                       "opx.investigation.status": .string(status),
                                       "opx.cost_usd": .string(costUsd)])
    }

    /// The span of one agent attempt, and one child span per tool call.
    package func attempt(agent: AgentName, runner: AgentInvoked.Runner, step: String, attempt: Int, start: Timestamp,
                         end: Timestamp, usage: AgentUsage?, toolCalls: [ToolCall], failure: String?) -> [TraceSpanRecorded] {
        let id = attemptSpanId(step: step, attempt: attempt)
        var attributes: JSONObject = [
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": .string(agent.rawValue),
            "opx.investigation.id": .string(investigationId.description),
            "opx.step": .string(step),
            "opx.attempt": .number(JSONNumber(Int64(attempt))),
            "opx.agent.runner": .string(runner.rawValue),
        ]
        if let usage {
            attributes.set("gen_ai.request.model", .string(usage.model))
            if let provider = usage.provider { attributes.set("gen_ai.system", .string(provider)) }
            attributes.set("gen_ai.usage.input_tokens", .number(JSONNumber(Int64(usage.inputTokens))))
            attributes.set("gen_ai.usage.output_tokens", .number(JSONNumber(Int64(usage.outputTokens))))
        }
        var spans = [TraceSpanRecorded(traceId: traceId, spanId: id, parentSpanId: rootSpanId, name: "invoke_agent \(agent)",
                                       kind: runner == .builtin ? .internal : .client, startTime: start, endTime: max(start, end),
                                       status: .init(code: failure == nil ? .ok : .error, message: failure.map { String($0.prefix(200)) }),
                                       investigationId: investigationId, attributes: attributes)]
        var toolStart = start
        for (index, call) in toolCalls.prefix(100).enumerated() {
            let toolEnd = Timestamp(nanoseconds: toolStart.nanoseconds + Int64(clamping: call.durationNanoseconds))
            spans.append(TraceSpanRecorded(
                traceId: traceId, spanId: toolSpanId(step: step, attempt: attempt, index: index), parentSpanId: id,
                name: "execute_tool \(call.name)", kind: .internal, startTime: toolStart, endTime: toolEnd, status: .init(code: .ok),
                investigationId: investigationId,
                attributes: ["gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": .string(call.name),
                             "gen_ai.agent.name": .string(agent.rawValue),
                             "opx.tool.items": .number(JSONNumber(Int64(call.itemCount)))]))
            toolStart = toolEnd
        }
        return spans
    }
}
