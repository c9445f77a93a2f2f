import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents

/// `opx demo`: an end-to-end run on a fresh local store, printing each step and what to run next.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run an end-to-end demonstration on a fresh store in a new local folder.",
        discussion: "Uses --data/OPX_DATA when given (it must be empty or absent), else a new ./opx-demo-<time> folder."
    )

    @Option(name: [.customLong("data"), .customLong("data-dir")], help: ArgumentHelp("Where to create the demo store.", valueName: "dir"))
    var directory: String?

    func run() async throws {
        let path = directory ?? ProcessInfo.processInfo.environment["OPX_DATA"]
            ?? "./opx-demo-\(Int(Date().timeIntervalSince1970))"
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw CLIError("\(path) is not empty; the demo only uses a new or empty folder (omit --data to let it pick one)")
        }
        let store = try GlobalOptions.parse(["--data", path])
        step(1, "Create a store in \(path)")
        let log = try await store.openForWriting(create: true, command: "demo")
        defer { log.close() }

        step(2, "Append signals from a Prometheus Alertmanager webhook (two alerts, one commit)")
        let signals = try StreamID("signals-alertmanager")
        let batch = try DemoData.alertSignals()
        let first = try await log.append(to: signals, expected: .noStream, events: batch)
        detail("positions \(first.firstPosition)–\(first.lastPosition) are durable; head hash \(first.headHash.prefix(16))…")

        step(3, "Retry the same webhook: idempotent by event id, nothing new is written")
        let retry = try await log.append(to: signals, expected: .noStream, events: batch)
        detail("duplicate=\(retry.duplicate), same positions \(retry.firstPosition)–\(retry.lastPosition)")

        step(4, "Record a deployment change, and try a stale write (optimistic concurrency)")
        let changes = try StreamID("changes-checkout")
        _ = try await log.append(to: changes, expected: .noStream, events: [try DemoData.deployment()])
        do {
            _ = try await log.append(to: changes, expected: .noStream, events: [try DemoData.deployment()])
        } catch let error as EventLogError {
            detail("rejected as expected: \(error)")
        }

        step(5, "Read the log back")
        for event in try log.read(limit: 10) {
            detail("\(event.position)  \(event.stream)@\(event.revision)  \(event.type)  \(event.hash.description.prefix(12))…")
        }

        step(6, "Verify the whole hash chain and every index")
        let report = try log.verify()
        detail(report.isValid ? "ok: \(report.events) events in \(report.streams) streams, head \(report.headHash.description.prefix(16))…"
                              : "DAMAGED: \(report.problems[0])")

        Output.line("""

            Done. Look closer:
              opx read --data \(path)                 # the log as a table
              opx read --data \(path) --json          # canonical CloudEvents lines with hashes
              opx verify --data \(path)               # re-check the chain
              opx stats --data \(path)                # size, map use, readers, LMDB version
            """)
    }

    private func step(_ n: Int, _ text: String) { Output.line("\n[\(n)] \(text)") }
    private func detail(_ text: String) { Output.line("    \(text)") }
}

/// Sample events for the demo, shaped like real payloads from the monitoring tools opx ingests.
enum DemoData {
    static func alertSignals() throws -> [ProposedEvent] {
        let alerts: [(String, String, String)] = [
            ("HighErrorRate", "checkout", "critical"),
            ("LatencyP99High", "checkout", "warning"),
        ]
        return try alerts.enumerated().map { index, alert in
            let id = EventID(digest: Array("demo-signal-\(index)".utf8) + Array(repeating: 7, count: 16))
            let data: JSONValue = [
                "signalId": .string(id.description),
                "source": "alertmanager",
                "fingerprint": .string("demo-\(alert.0.lowercased())"),
                "name": .string(alert.0),
                "service": .string(alert.1),
                "severity": .string(alert.2),
                "status": "firing",
                "startsAt": "2026-11-24T06:00:00Z",
                "labels": ["alertname": .string(alert.0), "service": .string(alert.1), "severity": .string(alert.2)],
            ]
            return ProposedEvent(id: id, type: try EventType("signal.ingested"), data: data,
                                 source: try EventSource("/opx/ingest/alertmanager"))
        }
    }

    static func deployment() throws -> ProposedEvent {
        let id = EventID.random()
        return ProposedEvent(id: id, type: try EventType("change.recorded"),
                             data: ["changeId": .string(id.description), "service": "checkout", "kind": "deployment",
                                    "version": "v2.14.0", "author": "ci-bot", "at": "2026-11-24T05:55:00Z"],
                             source: try EventSource("/opx/ingest/changes"))
    }
}
