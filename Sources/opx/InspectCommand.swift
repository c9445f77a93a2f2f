import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections

/// Where in the log to look: the options `opx inspect` shares.
struct PointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("As of this global log position.", valueName: "position"))
    var at: UInt64?

    @Option(help: ArgumentHelp("As of this revision of the stream (from 0).", valueName: "n"))
    var revision: UInt64?

    @Option(help: ArgumentHelp("Right after this checkpoint: a step or agent name, a kind (consensus, completed…) or a number.", valueName: "step"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("As of this RFC 3339 time, e.g. 2026-01-05T08:10:00Z.", valueName: "time"))
    var time: String?

    func validate() throws {
        let given = [at != nil, revision != nil, checkpoint != nil, time != nil].filter { $0 }.count
        guard given <= 1 else { throw ValidationError("give at most one of --at, --revision, --checkpoint and --time") }
    }

    func point() throws -> TimeTravelPoint {
        if let at { return .position(at) }
        if let revision { return .revision(revision) }
        if let checkpoint { return .checkpoint(checkpoint) }
        if let time { return .time(try TimeTravelPoint.parseTime(time)) }
        return .head
    }
}

/// `opx inspect`: time travel.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an investigation or incident as it was at any point of the log (time travel).",
        subcommands: [InspectInvestigationCommand.self, InspectIncidentCommand.self]
    )
}

struct InspectInvestigationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "investigation",
        abstract: "An investigation's state at a position, revision, checkpoint or time (default: now).",
        discussion: """
            Folds only the investigation's own events up to the point, in one read transaction, and shows its \
            incident and signals as they were at the same position. --json prints the whole state document \
            (what `opx diff` compares); its stateDigest equals the checkpoint's when the point is a checkpoint.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The investigation id.") var id: String
    @OptionGroup var point: PointOptions
    @Flag(help: "Print the state as JSON.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let snapshot = try TimeTravel(log: log).investigation(id, at: try point.point())
        if json { return Output.line(Fmt.json(snapshot.document)) }
        InvestigationView.print(snapshot)
    }
}

struct InspectIncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "An incident's state at a position, revision or time (default: now)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The incident id.") var id: String
    @OptionGroup var point: PointOptions
    @Flag(help: "Print the state as JSON.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let s = try TimeTravel(log: log).incident(id, at: try point.point())
        if json { return Output.line(Fmt.json(s.document)) }
        let i = s.incident
        Output.line("incident \(s.id)  \(i.severity ?? "?") \(i.status)  \(i.title ?? "")")
        Output.line("  as of:       \(s.point) (log position \(s.cut) of \(s.head); stream revision \(s.lastRevision), \(Fmt.time(s.lastTime)))")
        Output.line("  service:     \(i.service ?? "-")\(i.services.count > 1 ? " (also \(i.services.filter { $0 != i.service }.joined(separator: ", ")))" : "")")
        Output.line("  opened:      \(Fmt.time(i.openedAt))\(i.mitigatedAt.map { "   mitigated \(Fmt.time($0))" } ?? "")\(i.resolvedAt.map { "   resolved \(Fmt.time($0))" } ?? "")")
        if let r = i.resolution { Output.line("  resolution:  \(r.reason)\(r.resolution.map { ": \($0)" } ?? "")\(r.rootCause.map { " (root cause: \($0))" } ?? "")") }
        for c in i.severityChanges { Output.line("  severity:    \(c.from) → \(c.to) at \(Fmt.time(c.at))\(c.reason.map { " (\($0))" } ?? "")") }
        Output.line("  signals:     \(i.signalCount)")
        for (sid, row) in s.signals {
            Output.line("    \(sid)  " + (row.map { "\($0.status ?? "?") \($0.name ?? "?") on \($0.service ?? "?") (\($0.severity ?? "-")) at position \($0.position)" } ?? "(not in the signal index at this cut)"))
        }
        Output.line("  investigations: \(s.investigations.isEmpty ? "none" : s.investigations.joined(separator: ", "))")
    }
}

/// The human view of an investigation snapshot.
enum InvestigationView {
    static func print(_ s: InvestigationSnapshot) {
        let st = s.summary
        Output.line("investigation \(s.id)  \(st.status.uppercased())")
        Output.line("  as of:       \(s.point) (log position \(s.cut) of \(s.head); revision \(s.lastRevision), \(s.eventsIncluded) of \(s.eventsTotal) events, \(Fmt.time(s.lastTime)))")
        if let i = s.incident {
            Output.line("  incident:    \(i.id)  \(i.severity ?? "?") \(i.status) on \(i.service ?? "?"): \(i.title ?? "")")
        } else if let iid = st.incidentId {
            Output.line("  incident:    \(iid) (no events yet at this cut)")
        }
        Output.line("  started:     \(Fmt.time(st.startedAt)) (\(st.trigger ?? "?")\(st.requestedBy.map { " by \($0)" } ?? ""))\(st.endedAt.map { "   ended \(Fmt.time($0)) after \(Fmt.duration(from: st.startedAt, to: $0))" } ?? "")")
        if let f = st.failure { Output.line("  failure:     \(f.reason)\(f.message.map { ": \($0)" } ?? "")\(f.step.map { " (step \($0))" } ?? "")") }
        if st.resumes > 0 { Output.line("  resumed:     \(st.resumes) time\(st.resumes == 1 ? "" : "s")") }
        if let fork = st.forkedFrom { Output.line("  forked from: \(fork.investigationId) at \(fork.step) (position \(fork.position))") }
        Output.line("  agents:")
        var rows: [[String]] = []
        for name in sortedKeys(st.agents) {
            let a = st.agents[name]!
            let failedValidations = Int(a.validations["failed"])
            rows.append(["    " + name, a.status, "\(a.attempts)", Fmt.duration(from: a.startedAt, to: a.finishedAt),
                         "\(Fmt.count(a.usage.inputTokens))/\(Fmt.count(a.usage.outputTokens))", Fmt.usd(a.usage.costUsd),
                         failedValidations > 0 ? "\(failedValidations) failed validation\(failedValidations == 1 ? "" : "s")" : "",
                         a.failure.map { "last failure: \($0.reason)" } ?? ""])
        }
        for line in Fmt.table(["    AGENT", "STATUS", "ATTEMPTS", "TIME", "TOKENS IN/OUT", "COST", "VALIDATION", "NOTE"], rows) { Output.line(line) }
        Output.line("  validations: \(st.validations["passed"]) passed, \(st.validations["failed"]) failed")
        for (_, row) in s.details("validation/") {
            guard let p = row.payload?.view, p["passed"]?.bool == false else { continue }
            let first = p["errors"]?.elements.first
            Output.line("    \(p["agent"]?.string ?? "?") attempt \(p["attempt"]?.int ?? 0) \(p["stage"]?.string ?? "?"): \(first?["message"]?.string ?? "failed")\(first?["pointer"]?.string.map { " at \($0)" } ?? "")")
        }
        let g = st.guardrailViolations
        Output.line("  guardrails:  \(g.total == 0 ? "no violations" : sortedKeys(g.values).map { "\(g[$0]) \($0)" }.joined(separator: ", "))")
        for (_, row) in s.details("guardrail/") {
            guard let p = row.payload?.view else { continue }
            Output.line("    \(p["kind"]?.string ?? "?") \(p["action"]?.string ?? "?") in \(p["location"]?.string ?? "?")\(p["agent"]?.string.map { " of \($0)" } ?? "") (\(p["fields"]?.strings.joined(separator: ", ") ?? ""))")
        }
        if let c = st.consensus {
            Output.line("  consensus:   \(c.summary ?? "")")
            Output.line("    recommendation: \(c.action ?? "-") (risk \(c.risk ?? "?"), confidence \(c.confidence.map { String(format: "%.2f", $0) } ?? "?"))\(c.degraded ? " — DEGRADED" : "")")
        } else {
            Output.line("  consensus:   not reached")
        }
        if let r = st.review { Output.line("  review:      \(r.decision) by \(r.reviewer)\(r.note.map { ": \($0)" } ?? "")") }
        Output.line("  cost:        \(Fmt.count(st.usage.inputTokens)) in / \(Fmt.count(st.usage.outputTokens)) out tokens, \(Fmt.usd(st.usage.costUsd)) over \(st.usage.calls) calls\(st.budgetUsd.map { " (budget \(Fmt.usd($0)))" } ?? "")")
        if let b = st.budget { Output.line("    budget \(Int(b.threshold * 100))% crossed: \(Fmt.usd(b.spentUsd)) of \(Fmt.usd(b.limitUsd))") }
        Output.line("  checkpoints: \(s.checkpoints.count)\(s.checkpoints.last.map { " (last: #\($0.number) \($0.step) at position \($0.position))" } ?? "")")
        Output.line("  state digest: \(s.stateDigest)")
        if !s.signals.isEmpty {
            Output.line("  signals:     \(s.signals.count)")
            for (sid, row) in s.signals.prefix(10) {
                Output.line("    \(sid)  " + (row.map { "\($0.status ?? "?") \($0.name ?? "?") on \($0.service ?? "?")" } ?? "(not indexed at this cut)"))
            }
        }
        Output.line("  look closer: opx history \(s.id)   opx inspect investigation \(s.id) --checkpoint consensus --json")
    }
}
