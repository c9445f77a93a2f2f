import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1
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
    /// How long a request may take: the attempt's time limit, so the request ends by itself even where
    /// cancelling it does not reach the connection in time.
    package let timeout: Duration

    /// Creates the agent.
    package init(name: AgentName, url: URL, headers: [String: String] = [:], timeout: Duration = .seconds(3600)) {
        self.name = name
        self.url = url
        self.headers = headers
        self.timeout = timeout
    }

    /// POSTs `input` once (HTTP/1.1 or HTTP/2, TLS for `https`); the engine's time limit cancels the request.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (field, value) in headers { request.headers.add(name: field, value: value) }
        request.body = .bytes(ByteBuffer(bytes: ExternalAgentProtocol.request(input, agent: name)))
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            status = response.status.code
            body = try await response.body.collect(upTo: Self.maximumAnswerBytes)
        } catch {
            try Task.checkCancellation()
            throw AgentProcessError("agent \(name) at \(url): \(error)")
        }
        let bytes = Array(buffer: body)
        guard (200..<300).contains(status) else {
            throw AgentProcessError("agent \(name) at \(url) answered HTTP \(status): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        return try ExternalAgentProtocol.response(bytes, agent: name)
    }

    /// The longest answer read (16 MiB); a longer one fails the attempt.
    static let maximumAnswerBytes = 16 << 20
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled &+ attoseconds / 1_000_000_000
    }
}
