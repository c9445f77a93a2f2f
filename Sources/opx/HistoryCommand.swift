import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx history`: an investigation's checkpoints and every event, one line each.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every event of an investigation (or incident), one line each, with its checkpoints.",
        discussion: "Checkpoints are marked ◆ with their number and state digest; `opx inspect investigation ID --checkpoint N` shows the state there."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The investigation (or, with --incident, incident) id.") var id: String
    @Flag(help: "The id is an incident's.") var incident = false
    @Flag(help: "Print JSON lines: one per event.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let travel = TimeTravel(log: log)
        let history: TimeTravel.History
        if incident {
            history = try travel.history(incident: id)
        } else {
            do { history = try travel.history(investigation: id) } catch let error as ProjectionError where error.code == .notFound {
                // Perhaps it is an incident id.
                guard let incidentHistory = try? travel.history(incident: id) else { throw error }
                history = incidentHistory
            }
        }
        if json {
            for e in history.entries {
                var m: [(String, JSONValue)] = [("position", .number(JSONNumber(Int64(e.position.rawValue)))),
                                                ("revision", .number(JSONNumber(Int64(e.revision)))),
                                                ("time", .string(e.time.description)), ("type", .string(e.type.rawValue)),
                                                ("description", .string(e.description))]
                if let c = e.checkpoint { m.append(("checkpoint", c.json)) }
                Output.line(Fmt.json(.object(try! JSONObject(m))))
            }
            return
        }
        Output.line("\(history.stream): \(history.entries.count) events, \(history.checkpoints.count) checkpoints")
        var rows: [[String]] = []
        for e in history.entries {
            rows.append([String(e.position.rawValue), String(e.revision), Fmt.time(e.time), e.type.rawValue, e.description])
            if let c = e.checkpoint {
                rows.append(["", "", "", "◆ checkpoint \(c.number)", "\(c.step) (\(c.kind)) state \(c.stateDigest.prefix(16))…"])
            }
        }
        for line in Fmt.table(["POSITION", "REV", "TIME", "TYPE", "WHAT"], rows) { Output.line(line) }
    }
}

/// `opx diff`: what changed in an investigation between two points.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed in an investigation (or incident) between two points: statuses, outputs, validations, cost.",
        discussion: """
            A point is a log position (1234), rev:N (stream revision), checkpoint:STEP or @STEP (a step, agent, \
            kind or checkpoint number), time:RFC3339 (or a bare RFC 3339 time), or head.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The investigation (or, with --incident, incident) id.") var id: String
    @Option(help: "The earlier point.") var from: String
    @Option(help: "The later point (default: head).") var to: String = "head"
    @Flag(help: "The id is an incident's.") var incident = false
    @Flag(help: "Print the changes as JSON.") var json = false

    func run() async throws {
        let from = try TimeTravelPoint.parse(self.from), to = try TimeTravelPoint.parse(self.to)
        let log = try await global.openForReading()
        defer { log.close() }
        let travel = TimeTravel(log: log)
        let a: JSONValue, b: JSONValue, header: String
        if incident {
            let x = try travel.incident(id, at: from), y = try travel.incident(id, at: to)
            (a, b) = (x.document, y.document)
            header = "incident \(id): \(from) (position \(x.cut)) → \(to) (position \(y.cut))"
        } else {
            let x = try travel.investigation(id, at: from), y = try travel.investigation(id, at: to)
            (a, b) = (x.document, y.document)
            header = "investigation \(id): \(from) (position \(x.cut), \(x.summary.status)) → \(to) (position \(y.cut), \(y.summary.status))"
            if !json {
                Output.line(header)
                let dc = y.summary.usage.costUsd - x.summary.usage.costUsd
                Output.line("  cost: \(Fmt.usd(x.summary.usage.costUsd)) → \(Fmt.usd(y.summary.usage.costUsd)) (\(dc >= 0 ? "+" : "")\(Fmt.usd(dc))); tokens \(Fmt.count(x.summary.usage.inputTokens + x.summary.usage.outputTokens)) → \(Fmt.count(y.summary.usage.inputTokens + y.summary.usage.outputTokens)); checkpoints \(x.checkpoints.count) → \(y.checkpoints.count)")
            }
        }
        let diff = StateDiff(from: a, to: b, ignoring: ["asOf"])
        if json {
            return Output.line(Fmt.json(.object(try! JSONObject([("from", .string(from.description)), ("to", .string(to.description)),
                                                                  ("changes", diff.json)]))))
        }
        if incident { Output.line(header) }
        if diff.changes.isEmpty { return Output.line("  no changes") }
        for c in diff.changes {
            switch c.kind {
            case .added: Output.line("  + \(c.path): \(Fmt.short(c.new))")
            case .removed: Output.line("  - \(c.path): \(Fmt.short(c.old))")
            case .changed: Output.line("  ~ \(c.path): \(Fmt.short(c.old, limit: 60)) → \(Fmt.short(c.new, limit: 60))")
            }
        }
    }
}
