import Foundation
import Glibc
package import OPXEvents

/// An agent run as a subprocess: the input JSON on stdin, the answer JSON on stdout.
///
/// Each attempt starts the command afresh in its own process group; when the engine cancels the attempt (its time
/// limit passed) the whole group is killed, so a hanging agent and its children never outlive the attempt.
/// A non-zero exit or a signal is a crash (`AgentProcessError`).
package struct SubprocessAgent: InvestigationAgent {
    /// The agent's name.
    package let name: AgentName
    /// Always ``AgentInvoked/Runner/subprocess``.
    package var runner: AgentInvoked.Runner { .subprocess }
    /// The program and its arguments (the program is looked up in `PATH`).
    package let command: [String]
    /// Extra environment variables.
    package let environment: [String: String]

    /// Creates the agent.
    package init(name: AgentName, command: [String], environment: [String: String] = [:]) {
        self.name = name
        self.command = command
        self.environment = environment
    }

    /// Runs the command once with `input`.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        let process = try ChildProcess(command: command, environment: environment)
        let stdout = try await withTaskCancellationHandler {
            try await process.communicate(ExternalAgentProtocol.request(input, agent: name))
        } onCancel: {
            process.killGroup()
        }
        try Task.checkCancellation()
        let status = process.status
        guard status == 0 else {
            let stderr = process.stderrTail
            throw AgentProcessError("agent \(name) (\(command.joined(separator: " ").prefix(100))) \(status > 0 ? "exited with status \(status)" : "was killed by signal \(-status)")\(stderr.isEmpty ? "" : ": \(stderr)")")
        }
        return try ExternalAgentProtocol.response(stdout, agent: name)
    }
}
