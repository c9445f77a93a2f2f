import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXStorage

// opx-bench-investigations DIR FIXTURES [--investigations 2000] [--concurrency 64] [--sequential 200]
//
// Runs investigations of one incident through the real engine on a durable log in DIR, with no-op agents that
// answer a precomputed valid document at once, so what is measured is the engine: recording every step, schema
// and rule validation, consensus, trace spans. Prints one key=value line, with the log's writer counters: appends
// (durable batches) per investigation run alone, commits and their mean time in the throughput run, the process's CPU
// time (user + system, every thread) per investigation in both runs, and the time one investigation run alone spends
// in its commits (write + fsync), the part of its overhead that is waiting on the disk.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: opx-bench-investigations DIR FIXTURES [--investigations N] [--concurrency C] [--sequential S]\n".utf8))
    exit(2)
}
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else { return fallback }
    return value
}
let directory = arguments[1], fixtures = arguments[2]
let total = option("--investigations", 2000), concurrency = option("--concurrency", 64), sequential = option("--sequential", 200)

/// An agent that does nothing but answer its fixed document.
struct NoOpAgent: InvestigationAgent {
    let name: AgentName
    let document: JSONValue
    var runner: AgentInvoked.Runner { .builtin }
    func run(_ input: AgentInput) async throws -> AgentResult { AgentResult(document: document) }
}

let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
let log = try await EventLog(path: directory, configuration: .readWrite(create: true), registry: EventRegistry(), logger: logger)
let graph = GraphConfiguration.default
var agents: [AgentName: any InvestigationAgent] = [:]
for node in graph.nodes {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/\(node.schema).v1.json"))
    agents[node.name] = NoOpAgent(name: node.name, document: try JSONParser.parse(Array(bytes)))
}
let engine = InvestigationEngine(log: log, configuration: RuntimeConfiguration(graph: graph), agents: agents)
let incident = EntityID.random()
var opened = IncidentOpened(incidentId: incident, title: "checkout 5xx", service: "checkout", severity: .sev2, openedAt: Timestamp.now())
opened.services = ["checkout", "payments", "orders"]
_ = try await log.append(to: .incident(incident), events: [try ProposedEvent(opened)])

/// CPU seconds (user + system) this process has used so far, all threads.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Throughput: `total` investigations, `concurrency` at a time.
let before = try log.head().position.rawValue
let writerBefore = log.environment.writerStatistics.snapshot
let clock = ContinuousClock()
let cpuBefore = cpuSeconds()
let started = clock.now
let failures = try await withThrowingTaskGroup(of: Int.self) { group in
    var launched = 0, failed = 0
    for _ in 0..<min(concurrency, total) {
        group.addTask { try await engine.investigate(incident: incident).status == "completed" ? 0 : 1 }
        launched += 1
    }
    while let result = try await group.next() {
        failed += result
        if launched < total {
            group.addTask { try await engine.investigate(incident: incident).status == "completed" ? 0 : 1 }
            launched += 1
        }
    }
    return failed
}
let elapsed = seconds(clock.now - started)
let cpuMs = (cpuSeconds() - cpuBefore) * 1000 / Double(max(total, 1))
let events = try log.head().position.rawValue - before
let writerAfter = log.environment.writerStatistics.snapshot
let commits = max(writerAfter.commits - writerBefore.commits, 1)
let commitMs = Double(writerAfter.commitNanoseconds - writerBefore.commitNanoseconds) / Double(commits) / 1e6

// Overhead: one investigation at a time, wall time of each.
var latencies: [Double] = []
let sequentialBefore = log.environment.writerStatistics.snapshot
let sequentialCPUBefore = cpuSeconds()
for _ in 0..<sequential {
    let start = clock.now
    _ = try await engine.investigate(incident: incident)
    latencies.append(seconds(clock.now - start) * 1000)
}
let sequentialCPUMs = (cpuSeconds() - sequentialCPUBefore) * 1000 / Double(max(sequential, 1))
let sequentialAfter = log.environment.writerStatistics.snapshot
let sequentialAppends = sequentialAfter.jobs - sequentialBefore.jobs
// The part of one investigation's wall time spent in its commits (write + fsync), median-free: total / count.
let sequentialCommitMs = Double(sequentialAfter.commitNanoseconds - sequentialBefore.commitNanoseconds) / 1e6 / Double(max(sequential, 1))
let sorted = latencies.sorted()
@MainActor func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print(String(format: "investigations=%d concurrency=%d failed=%d seconds=%.3f investigations_per_s=%.1f events=%d events_per_investigation=%.1f events_per_s=%.0f commits=%d commit_mean_ms=%.3f cpu_ms_per_investigation=%.3f sequential=%d appends_per_investigation=%.1f overhead_p50_ms=%.3f overhead_p90_ms=%.3f overhead_p99_ms=%.3f sequential_commit_ms_per_investigation=%.3f sequential_cpu_ms_per_investigation=%.3f",
             total, concurrency, failures, elapsed, Double(total) / elapsed, events, Double(events) / Double(total),
             Double(events) / elapsed, commits, commitMs, cpuMs, sequential, Double(sequentialAppends) / Double(max(sequential, 1)),
             percentile(0.5), percentile(0.9), percentile(0.99), sequentialCommitMs, sequentialCPUMs))
log.close()
