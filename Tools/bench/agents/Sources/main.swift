// opx-bench-agents: the six built-in agents and the guardrail screen on a populated store, against the durable
// append of one investigation's outputs in the same run. See Tools/bench/agents.sh.
import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXRuntime
import OPXStorage

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "/opx-bench-agents-\(getpid())"
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let pastIncidents = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
let clockNow = LockedTime()

/// The bench's clock: a time it moves itself.
final class LockedTime: Sendable {
    private let value = Locked(Timestamp(nanoseconds: 1_767_225_600_000_000_000))
    func now() -> Timestamp { value.withLock { $0 } }
    func advance(seconds: Int64) { value.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + seconds * 1_000_000_000) } }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let log = try await EventLog(path: directory, configuration: .readWrite(create: true), clock: { clockNow.now() }, logger: quiet)
let runner = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.registrations(mode: .inline), logger: quiet)
try await runner.catchUp()
let services = ["checkout", "payments", "inventory", "catalog", "accounts"]
func append(_ stream: String, _ events: [any CatalogueEvent]) async throws {
    _ = try await log.append(to: try StreamID(stream), events: try events.map { try ProposedEvent($0) })
}
// History: resolved incidents with one signal each, and a change per incident.
for index in 0..<pastIncidents {
    let service = services[index % services.count]
    let signal = EntityID.random(), incident = EntityID.random()
    try await append("signals-alertmanager", [SignalIngested(signalId: signal, source: "alertmanager", fingerprint: "fp-\(index % 40)", status: .resolved,
                                                             name: ["HighErrorRate", "LatencyP99High", "PodCrashLooping", "DiskFull"][index % 4],
                                                             service: service, severity: "critical", startsAt: clockNow.now())])
    try await append("incident-\(incident)", [IncidentOpened(incidentId: incident, title: "\(service) error rate above \(index % 9 + 1) %", service: service,
                                                             severity: .sev2, openedAt: clockNow.now(), signalIds: [signal]),
                                              IncidentResolved(incidentId: incident, resolvedAt: clockNow.now(), reason: .manual,
                                                               resolution: "Rolled back \(service)")])
    try await append("changes-\(service)", [ChangeRecorded(changeId: .random(), service: service, kind: .deployment, at: clockNow.now(), version: "v\(index)")])
    clockNow.advance(seconds: 600)
}
let signals = (0..<12).map { _ in EntityID.random() }
for (index, id) in signals.enumerated() {
    try await append("signals-alertmanager", [SignalIngested(signalId: id, source: "alertmanager", fingerprint: "now-\(index % 3)", status: .firing,
                                                             name: index % 2 == 0 ? "HighErrorRate" : "LatencyP99High", service: "checkout",
                                                             severity: "critical", startsAt: clockNow.now())])
}
let incident = EntityID.random()
try await append("incident-\(incident)", [IncidentOpened(incidentId: incident, title: "checkout error rate above 5 %", service: "checkout",
                                                         severity: .sev2, openedAt: clockNow.now(), signalIds: signals)])
let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let graph = try ServiceGraph(section: try JSONParser.parse(Array(Data(contentsOf: repo.appendingPathComponent("Tools/demo/files/services.json")))),
                             file: "Tools/demo/files/services.json")
let tools = InvestigationTools(log: log, services: graph, runbooks: try RunbookIndex(folder: repo.appendingPathComponent("Tools/demo/files/runbooks").path))
let agents = BuiltInAgents.make(tools: tools)
let screen = GuardrailScreen()
let clock = ContinuousClock()
func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15 }

var agentTimes: [Double] = [], screenTimes: [Double] = [], appendTimes: [Double] = []
for round in 0..<rounds {
    let investigation = EntityID.random()
    var upstream: [AgentName: JSONValue] = [:]
    var outputs: [AgentOutputRecorded] = []
    var agentTime = Duration.zero, screenTime = Duration.zero
    for name in AgentName.analysisAgents {
        let input = AgentInput(investigationId: investigation, incidentId: incident, step: name.rawValue, attempt: 1, upstreamOutputs: upstream)
        let start = clock.now
        let document = try await agents[name]!.run(input).document
        let screened = clock.now
        let result = screen.screen(document, agent: name, step: name.rawValue)
        screenTime += screened.duration(to: clock.now)
        agentTime += start.duration(to: screened)
        upstream[name] = result.document
        outputs.append(AgentOutputRecorded(investigationId: investigation, agent: name, step: name.rawValue, attempt: 1,
                                           outputSchema: "opx:agent/\(name.rawValue)/v1", output: result.document.objectValue!))
    }
    let start = clock.now
    try await append("investigation-\(investigation)", outputs)
    appendTimes.append(ms(start.duration(to: clock.now)))
    agentTimes.append(ms(agentTime))
    screenTimes.append(ms(screenTime))
    if round == 0 { FileHandle.standardError.write(Data("first round done\n".utf8)) }
}
let agentMedian = median(agentTimes), screenMedian = median(screenTimes), appendMedian = median(appendTimes)
print(String(format: "store: %d past incidents (+ signals, changes), %d events", pastIncidents, try log.counts().events))
print(String(format: "six built-in agents per investigation: median %.3f ms (%.0f investigations/s on one core)", agentMedian, 1000 / agentMedian))
print(String(format: "guardrail screen of the six outputs: median %.3f ms", screenMedian))
print(String(format: "baseline, durable append of the six outputs (one batch): median %.3f ms", appendMedian))
print(String(format: "ratio agents / baseline append: %.2f; screen / baseline append: %.2f", agentMedian / appendMedian, screenMedian / appendMedian))
log.close()
try? FileManager.default.removeItem(atPath: directory)
