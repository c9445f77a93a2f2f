import ArgumentParser
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx incidents`: incidents from the incidents projection, newest first, with filters.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List incidents, newest first: severity, status, service, signals.",
        discussion: "`opx inspect incident ID` shows one as of any point; `opx investigate ID` starts an investigation of it."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only incidents of this service.") var service: String?
    @Option(help: "Only this severity: SEV1, SEV2, SEV3 or SEV4.") var severity: String?
    @Option(help: "Only this status: open, mitigated or resolved.") var status: String?
    @Option(help: "The most to list.") var limit: Int = 50
    @Flag(help: "Print JSON lines, one incident per line.") var json = false

    func validate() throws {
        if let severity, !["SEV1", "SEV2", "SEV3", "SEV4"].contains(severity) {
            throw ValidationError("--severity must be SEV1, SEV2, SEV3 or SEV4")
        }
        if let status, !["open", "mitigated", "resolved"].contains(status) {
            throw ValidationError("--status must be open, mitigated or resolved")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let query = IncidentQuery(service: service, severity: severity, status: status, limit: limit)
        let incidents = try ProjectionStore(log: log).read([IncidentsProjection()]) { r -> [IncidentRow] in
            Fmt.warnIfBehind(r)
            return try query.incidents(in: &r)
        }
        if json {
            for incident in incidents { Output.line(Fmt.json(incident.json)) }
            return
        }
        guard !incidents.isEmpty else { return Output.line("no incidents match") }
        let rows = incidents.map { i in
            [i.id, i.severity ?? "-", i.status, i.service ?? "-", Fmt.time(i.openedAt), "\(i.signalCount)", i.title ?? ""]
        }
        for line in Fmt.table(["INCIDENT", "SEVERITY", "STATUS", "SERVICE", "OPENED", "SIGNALS", "TITLE"], rows) {
            Output.line(line)
        }
    }
}
