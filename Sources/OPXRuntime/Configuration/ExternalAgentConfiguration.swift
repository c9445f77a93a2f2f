package import OPXEvents

/// The `agents` section: agents that run outside opx, by name.
///
/// ```json
/// "agents": {
///   "llm-triage": {"command": ["python3", "agents/triage.py"], "timeoutMs": 20000, "environment": {"MODEL": "gpt-4o-mini"}},
///   "remote-risk": {"url": "http://127.0.0.1:8088/risk", "headers": {"Authorization": "Bearer …"}}
/// }
/// ```
///
/// Each speaks the same JSON: the agent's input (see ``AgentInput/canonicalJSON``) plus `agent`, and answers
/// `{"output": {…}, "usage": {"model": …, "inputTokens": …, "outputTokens": …}}` (`usage` optional).
/// Graph agents not listed here are built-in.
package struct ExternalAgentConfiguration: Sendable, Hashable {
    /// How to reach one external agent.
    package enum Endpoint: Sendable, Hashable {
        /// A subprocess: the program and its arguments, extra environment variables.
        case subprocess(command: [String], environment: [String: String])
        /// An HTTP endpoint taking a POST, with extra headers.
        case http(url: String, headers: [String: String])
    }

    /// The agent's name.
    package var name: AgentName
    /// Where it runs.
    package var endpoint: Endpoint
    /// Its attempt time limit in milliseconds (the graph's when absent).
    package var timeoutMs: Int?

    /// Creates a definition.
    package init(name: AgentName, endpoint: Endpoint, timeoutMs: Int? = nil) {
        self.name = name
        self.endpoint = endpoint
        self.timeoutMs = timeoutMs
    }

    /// Reads the `agents` section (absent: none).
    ///
    /// - Throws: ``RuntimeError`` naming the key path and file.
    package static func section(_ value: JSONValue?, file: String) throws -> [AgentName: ExternalAgentConfiguration] {
        guard let value else { return [:] }
        var section = try ConfigReader(value, path: "agents", file: file)
        var agents: [AgentName: ExternalAgentConfiguration] = [:]
        for name in section.keys {
            guard AgentNamePattern.matches(name) else {
                throw section.error(name, "is not an agent name: use lowercase words joined by -")
            }
            guard var reader = try section.object(name) else { continue }
            let command = try reader.strings("command"), url = try reader.string("url")
            let endpoint: Endpoint
            switch (command, url) {
            case (let command?, nil):
                guard !command.isEmpty else { throw reader.error("command", "must name a program") }
                endpoint = .subprocess(command: command, environment: try reader.stringMap("environment"))
            case (nil, let url?):
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw reader.error("url", "must be an http:// or https:// URL") }
                endpoint = .http(url: url, headers: try reader.stringMap("headers"))
            default:
                throw RuntimeError.configuration("agents.\(name) needs exactly one of command (a subprocess) or url (an HTTP endpoint)", file: file)
            }
            let timeout = try reader.optionalInt("timeoutMs", in: 1...3_600_000)
            try reader.finish(known: ["command", "environment", "url", "headers", "timeoutMs"])
            agents[AgentName(rawValue: name)] = ExternalAgentConfiguration(name: AgentName(rawValue: name), endpoint: endpoint, timeoutMs: timeout)
        }
        return agents
    }
}
