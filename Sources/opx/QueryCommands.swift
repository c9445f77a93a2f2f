import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx investigations`: list investigations with filters.
struct InvestigationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "investigations", abstract: "List investigations, newest first, with filters.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this status: running, completed, degraded, failed.") var status: String?
    @Option(help: "Only investigations of this incident id.") var incident: String?
    @Option(help: "Only investigations of incidents on this service.") var service: String?
    @Option(help: "Only those started at or after this RFC 3339 time.") var since: String?
    @Option(help: "The most to list.") var limit: Int = 50
    @Flag(help: "Print JSON lines, one summary per line.") var json = false

    func validate() throws {
        if let status, !["running", "completed", "degraded", "failed"].contains(status) {
            throw ValidationError("--status must be running, completed, degraded or failed")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let sinceTime = try since.map { try TimeTravelPoint.parseTime($0) }
        let log = try await global.openForReading()
        defer { log.close() }
        let projection = InvestigationsProjection()
        let (list, services) = try ProjectionStore(log: log).read([projection]) { r -> ([InvestigationSummary], [String: String]) in
            Fmt.warnIfBehind(r)
            var ids: Set<String>?
            func narrow(_ prefix: String) throws {
                let found = Set(try r.keys("investigations", prefix: prefix).map { String($0.dropFirst(prefix.count)) })
                ids = ids.map { $0.intersection(found) } ?? found
            }
            if let incident { try narrow("by-incident/\(incident)/") }
            if let service { try narrow("by-service/\(service)/") }
            var summaries: [InvestigationSummary]
            if let ids {
                summaries = try r.withRows("investigations") { rows in try ids.compactMap { try InvestigationsProjection.summary($0, in: &rows) } }
            } else {
                summaries = try r.withRows("investigations") { try InvestigationsProjection.summaries(in: &$0) }
            }
            summaries = summaries.filter { s in
                (status == nil || s.status == status) && (sinceTime.map { t in (s.startedAt ?? Timestamp(nanoseconds: 0)) >= t } ?? true)
            }
            summaries.sort { ($0.startedAt?.nanoseconds ?? 0, $0.id) > ($1.startedAt?.nanoseconds ?? 0, $1.id) }
            summaries = Array(summaries.prefix(limit))
            var services: [String: String] = [:]
            for s in summaries {
                if let iid = s.incidentId, let link = try r.get("investigations", "incident/\(iid)", as: IncidentLink.self) {
                    services[s.id] = link.service
                }
            }
            return (summaries, services)
        }
        if json {
            for s in list { Output.line(Fmt.json(s.json)) }
            return
        }
        guard !list.isEmpty else { return Output.line("no investigations match") }
        let rows = list.map { s -> [String] in
            let ok = s.agents.values.filter { $0.status == "succeeded" }.count
            let failed = s.agents.values.filter { $0.status == "failed" }.count
            return [s.id, s.status, Fmt.time(s.startedAt), Fmt.duration(from: s.startedAt, to: s.endedAt),
                    services[s.id] ?? "-", "\(ok) ok/\(failed) failed", Fmt.usd(s.usage.costUsd), s.incidentId ?? "-"]
        }
        for line in Fmt.table(["INVESTIGATION", "STATUS", "STARTED", "TOOK", "SERVICE", "AGENTS", "COST", "INCIDENT"], rows) { Output.line(line) }
    }
}

/// `opx status SESSION`: a session's row in the status table.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "A session's status: overall, and per agent with times and token usage.",
        discussion: "Sessions are investigation runs; rows expire after the retention period (OPX_STATUS_RETENTION_DAYS, default 90)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The session (investigation) id.") var session: String
    @Flag(help: "Print as JSON.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let projection = StatusTableProjection(retention: try ProjectionSetup.retention())
        let row = try ProjectionStore(log: log).read([projection]) { r in
            Fmt.warnIfBehind(r)
            return try r.get(projection.name, StatusTableProjection.key(session), as: SessionRow.self)
        }
        guard let row else {
            throw CLIError("no session \(session) in the status table (unknown, or expired after its retention period; `opx inspect investigation \(session)` folds the log itself)")
        }
        if json { return Output.line(Fmt.json(row.json)) }
        Output.line("session \(row.id)  \(row.status.uppercased())")
        Output.line("  incident: \(row.incidentId ?? "-")")
        Output.line("  started:  \(Fmt.time(row.startedAt))   updated \(Fmt.time(row.updatedAt))\(row.endedAt.map { "   ended \(Fmt.time($0)) (\(Fmt.duration(from: row.startedAt, to: $0)))" } ?? "")")
        Output.line("  usage:    \(Fmt.count(row.usage.inputTokens)) in / \(Fmt.count(row.usage.outputTokens)) out tokens, \(Fmt.usd(row.usage.costUsd))")
        Output.line("  expires:  \(Fmt.time(row.expiresAt))")
        let rows = sortedKeys(row.agents).map { name -> [String] in
            let a = row.agents[name]!
            return ["  " + name, a.status, Fmt.time(a.startedAt), Fmt.time(a.endedAt), Fmt.duration(from: a.startedAt, to: a.endedAt),
                    "\(a.attempts)", "\(Fmt.count(a.usage.inputTokens))/\(Fmt.count(a.usage.outputTokens))", Fmt.usd(a.usage.costUsd), a.model ?? "-"]
        }
        for line in Fmt.table(["  AGENT", "STATUS", "STARTED", "ENDED", "TOOK", "ATTEMPTS", "TOKENS IN/OUT", "COST", "MODEL"], rows) { Output.line(line) }
    }
}

/// `opx usage`: tokens and cost by day, agent or model, and budget state.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Tokens and cost by day, agent or model, and budget state.")

    enum Dimension: String, ExpressibleByArgument, CaseIterable { case day, month, agent, model }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Group by day, month, agent or model.") var by: Dimension = .day
    @Flag(help: "Print as JSON.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let projection = TokenAnalyticsProjection()
        let (total, groups, budgets) = try ProjectionStore(log: log).read([projection]) { r in
            Fmt.warnIfBehind(r)
            return (try r.get(projection.name, "total", as: UsageTotals.self) ?? UsageTotals(),
                    try r.scan(projection.name, prefix: "\(by.rawValue)/", as: UsageTotals.self),
                    try r.scan(projection.name, prefix: "budget/", as: BudgetState.self).map(\.row))
        }
        let prefix = by.rawValue.count + 1
        if json {
            let items = groups.map { key, u -> JSONValue in
                var object = u.json.objectValue ?? JSONObject()
                object[by.rawValue] = .string(String(key.dropFirst(prefix)))
                return .object(object)
            }
            return Output.line(Fmt.json(.object(try! JSONObject([("by", .string(by.rawValue)), ("total", total.json),
                                                                  ("groups", .array(items)), ("budgets", .array(budgets.map(\.json)))]))))
        }
        var rows = groups.map { key, u in
            [String(key.dropFirst(prefix)), Fmt.count(u.calls), Fmt.count(u.inputTokens), Fmt.count(u.outputTokens), Fmt.usd(u.costUsd)]
        }
        rows.append(["TOTAL", Fmt.count(total.calls), Fmt.count(total.inputTokens), Fmt.count(total.outputTokens), Fmt.usd(total.costUsd)])
        for line in Fmt.table([by.rawValue.uppercased(), "CALLS", "INPUT TOKENS", "OUTPUT TOKENS", "COST"], rows) { Output.line(line) }
        if !budgets.isEmpty {
            Output.line("budgets:")
            for b in budgets {
                Output.line("  \(b.scope) \(b.subject): \(Int(b.threshold * 100))% crossed (\(Fmt.usd(b.spentUsd)) of \(Fmt.usd(b.limitUsd))), \(b.crossings) crossing\(b.crossings == 1 ? "" : "s"), last \(Fmt.time(b.lastCrossedAt))")
            }
        }
    }
}

/// `opx debug last`: the most recent investigation, step by step.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "debug", abstract: "Debugging views.", subcommands: [DebugLastCommand.self])
}

struct DebugLastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "last",
        abstract: "The most recent investigation: its steps with timings, status and errors."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let latest = try ProjectionStore(log: log).read([InvestigationsProjection()]) { r in
            Fmt.warnIfBehind(r)
            return try r.get("investigations", "latest", as: LatestInvestigation.self)
        }
        guard let latest else { throw CLIError("no investigation has been started in this store yet") }
        let travel = TimeTravel(log: log)
        let snapshot = try travel.investigation(latest.id)
        let history = try travel.history(investigation: latest.id)
        let steps = DebugSteps(snapshot: snapshot, history: history)
        if json { return Output.line(Fmt.json(steps.json)) }
        let s = snapshot.summary
        Output.line("last investigation \(s.id): \(s.status.uppercased()), started \(Fmt.time(s.startedAt))\(s.endedAt.map { ", took \(Fmt.duration(from: s.startedAt, to: $0))" } ?? " (still running)")")
        if let f = s.failure { Output.line("  FAILED: \(f.reason)\(f.message.map { " — \($0)" } ?? "")") }
        let rows = steps.steps.map { step in
            [step.name, step.status, Fmt.time(step.start), Fmt.duration(from: step.start, to: step.end), "\(step.attempts)",
             step.errors.isEmpty ? "" : step.errors.joined(separator: "; ")]
        }
        for line in Fmt.table(["STEP", "STATUS", "STARTED", "TOOK", "ATTEMPTS", "ERRORS"], rows) { Output.line(line) }
        Output.line("cost \(Fmt.usd(s.usage.costUsd)); \(snapshot.checkpoints.count) checkpoints; full history: opx history \(s.id)")
    }
}

/// The steps of an investigation for `opx debug last`.
struct DebugSteps {
    struct Step {
        let name: String
        let status: String
        let start: Timestamp?
        let end: Timestamp?
        let attempts: Int64
        let errors: [String]
    }

    let steps: [Step]
    let snapshot: InvestigationSnapshot

    init(snapshot: InvestigationSnapshot, history: TimeTravel.History) {
        self.snapshot = snapshot
        let s = snapshot.summary
        var steps: [Step] = []
        let ordered = sortedKeys(s.agents).sorted { (s.agents[$0]!.startedAt?.nanoseconds ?? .max) < (s.agents[$1]!.startedAt?.nanoseconds ?? .max) }
        for name in ordered {
            let a = s.agents[name]!
            var errors: [String] = []
            for e in history.entries where e.type.rawValue == "validation.recorded" && e.description.hasPrefix(name + " ") && e.description.contains("FAILED") {
                errors.append(String(e.description.dropFirst(name.count + 1)))
            }
            if a.status == "failed", let f = a.failure { errors.append("failed for good: \(f.reason)\(f.message.map { " — \($0)" } ?? "")") }
            steps.append(Step(name: name, status: a.status, start: a.startedAt, end: a.finishedAt, attempts: a.attempts, errors: errors))
        }
        if let c = s.consensus {
            steps.append(Step(name: "consensus", status: c.degraded ? "degraded" : "reached", start: c.at, end: c.at, attempts: 1, errors: []))
        }
        if s.endedAt != nil {
            steps.append(Step(name: "outcome", status: s.status, start: s.endedAt, end: s.endedAt, attempts: 0,
                              errors: s.failure.map { ["\($0.reason)\($0.message.map { ": \($0)" } ?? "")"] } ?? []))
        }
        self.steps = steps
    }

    var json: JSONValue {
        .object(try! JSONObject([
            ("investigation", snapshot.summary.json),
            ("steps", .array(steps.map { st in
                var m: [(String, JSONValue)] = [("name", .string(st.name)), ("status", .string(st.status)),
                                                ("attempts", .number(JSONNumber(st.attempts))), ("errors", .array(st.errors.map(JSONValue.string)))]
                if let t = st.start { m.append(("start", .string(t.description))) }
                if let t = st.end { m.append(("end", .string(t.description))) }
                if let a = st.start, let b = st.end { m.append(("durationNanoseconds", .number(JSONNumber(b.nanoseconds - a.nanoseconds)))) }
                return .object(try! JSONObject(m))
            })),
        ]))
    }
}
