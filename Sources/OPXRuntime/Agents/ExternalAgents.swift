import Foundation
package import OPXEvents

extension RuntimeConfiguration {
    /// The agents the `agents` section defines, ready to run.
    ///
    /// - Throws: ``RuntimeError`` for a URL that does not parse.
    /// HTTP requests are limited to the agent's `timeoutMs`, else the graph's.
    package func makeExternalAgents() throws -> [AgentName: any InvestigationAgent] {
        var agents: [AgentName: any InvestigationAgent] = [:]
        for (name, definition) in externalAgents {
            switch definition.endpoint {
            case .subprocess(let command, let environment):
                agents[name] = SubprocessAgent(name: name, command: command, environment: environment)
            case .http(let text, let headers):
                guard let url = URL(string: text) else { throw RuntimeError(.configuration, "agents.\(name).url \(text) is not a URL") }
                agents[name] = HTTPAgent(name: name, url: url, headers: headers,
                                         timeout: .milliseconds(definition.timeoutMs ?? graph.timeoutMs))
            }
        }
        return agents
    }
}
