import OPXEvents

/// The JSON external agents speak (subprocess stdin/stdout and HTTP bodies alike).
///
/// Request: the input's canonical JSON plus `"agent"`. Response:
/// `{"output": {…}, "usage": {"model", "provider"?, "inputTokens", "outputTokens"}?, "toolCalls": [{"name", "itemCount", "durationMs"}]?}`.
enum ExternalAgentProtocol {
    /// The request body for `input` sent to `agent`.
    static func request(_ input: AgentInput, agent: AgentName) -> [UInt8] {
        var object = input.canonicalJSON.objectValue ?? JSONObject()
        object.set("agent", .string(agent.rawValue))
        return CanonicalJSONWriter.canonicalBytes(.object(object))
    }

    /// Parses a response body.
    ///
    /// - Throws: ``AgentProcessError`` naming what is wrong.
    static func response(_ bytes: [UInt8], agent: AgentName) throws -> AgentResult {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            let start = String(decoding: bytes.prefix(120), as: UTF8.self)
            throw AgentProcessError("agent \(agent) answered \(bytes.count) bytes that are not JSON (\(error)); it must print one JSON object {\"output\": …}; it began: \(start)")
        }
        guard let output = value["output"] else {
            throw AgentProcessError("agent \(agent) answered JSON without \"output\" (expected {\"output\": {…}, \"usage\": {…}})")
        }
        var usage: AgentUsage?
        if let reported = value["usage"], !reported.isNull {
            guard let model = reported["model"]?.stringValue, let input = reported["inputTokens"]?.int64Value,
                  let outputTokens = reported["outputTokens"]?.int64Value, input >= 0, outputTokens >= 0 else {
                throw AgentProcessError("agent \(agent) reported usage without model, inputTokens and outputTokens (non-negative integers)")
            }
            usage = AgentUsage(model: model, provider: reported["provider"]?.stringValue, inputTokens: Int(input), outputTokens: Int(outputTokens))
        }
        let tools = (value["toolCalls"]?.arrayValue ?? []).compactMap { call -> ToolCall? in
            guard let name = call["name"]?.stringValue else { return nil }
            return ToolCall(name: name, itemCount: Int(call["itemCount"]?.int64Value ?? 0),
                            durationNanoseconds: UInt64(max(0, call["durationMs"]?.int64Value ?? 0)) * 1_000_000)
        }
        return AgentResult(document: output, usage: usage, toolCalls: tools)
    }
}
