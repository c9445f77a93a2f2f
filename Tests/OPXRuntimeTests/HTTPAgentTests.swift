import Foundation
import OPXEvents
@testable import OPXRuntime
import Testing

/// The HTTP external agent against a real HTTP server on loopback (a Python test agent).
@Suite struct HTTPAgentTests {
    /// Starts `Agents/http_agent.py`; returns the process and its base URL. Stop it with ``stop(_:)``.
    private func startServer() throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RuntimeFixtures.testsDirectory.appendingPathComponent("Agents/http_agent.py").path,
                             RuntimeFixtures.outputsDirectory]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        return (process, String(decoding: line, as: UTF8.self))
    }

    /// SIGKILL: a child spawned from a test thread may inherit a mask that blocks SIGTERM.
    private func stop(_ server: Process) {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    private func input() -> AgentInput {
        AgentInput(investigationId: .random(), incidentId: .random(), step: "signal-intelligence", attempt: 1)
    }

    @Test func anHTTPAgentPostsTheInputAndReturnsItsOutputAndUsage() async throws {
        let (server, base) = try startServer()
        defer { stop(server) }
        let agent = HTTPAgent(name: "signal-intelligence", url: try #require(URL(string: base + "/valid")))
        let result = try await agent.run(input())
        #expect(result.document["agent"]?.stringValue == "signal-intelligence")
        #expect(result.usage == AgentUsage(model: "test-model", inputTokens: 1000, outputTokens: 200))
        #expect(agent.runner == .http)
    }

    @Test func anHTTPErrorIsAFailedAttemptNamingTheStatusAndBody() async throws {
        let (server, base) = try startServer()
        defer { stop(server) }
        let agent = HTTPAgent(name: "signal-intelligence", url: try #require(URL(string: base + "/fail")))
        await #expect {
            _ = try await agent.run(input())
        } throws: { error in
            "\(error)".contains("HTTP 500") && "\(error)".contains("model overloaded")
        }
    }

    @Test func aSlowHTTPAgentFailsAtTheAttemptTimeLimitInsteadOfAwaitingTheAnswer() async throws {
        let (server, base) = try startServer()
        defer { stop(server) }
        let agent = HTTPAgent(name: "signal-intelligence", url: try #require(URL(string: base + "/slow")), timeout: .milliseconds(300))
        // The endpoint would answer with a valid document after 30 s: an error means the attempt was cut at its limit.
        await #expect(throws: (any Error).self) {
            try await withTimeout(milliseconds: 300) { try await agent.run(input()) }
        }
    }
}
