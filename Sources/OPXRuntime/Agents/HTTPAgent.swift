package import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
package import OPXEvents

/// An agent behind an HTTP endpoint: each attempt POSTs the input JSON and reads the answer JSON.
///
/// A status other than 2xx, a connection failure or an unreadable answer is a crash (`AgentProcessError`);
/// cancellation (the attempt's time limit) cancels the request.
package struct HTTPAgent: InvestigationAgent {
    /// The agent's name.
    package let name: AgentName
    /// Always ``AgentInvoked/Runner/http``.
    package var runner: AgentInvoked.Runner { .http }
    /// The endpoint.
    package let url: URL
    /// Extra request headers (such as `Authorization`).
    package let headers: [String: String]

    /// Creates the agent.
    package init(name: AgentName, url: URL, headers: [String: String] = [:]) {
        self.name = name
        self.url = url
        self.headers = headers
    }

    /// POSTs `input` once.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (field, value) in headers { request.setValue(value, forHTTPHeaderField: field) }
        request.httpBody = Data(ExternalAgentProtocol.request(input, agent: name))
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            try Task.checkCancellation()
            throw AgentProcessError("agent \(name) at \(url): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw AgentProcessError("agent \(name) at \(url) answered HTTP \(status): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return try ExternalAgentProtocol.response(Array(data), agent: name)
    }
}
