import ArgumentParser
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx evidence ID`: an investigation's evidence bundle and evidence graph.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "An investigation's evidence: what its agents cited, and which evidence backs which finding and recommendation.",
        discussion: "Read from the evidence projection (agent.output-recorded and consensus.reached events)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The investigation id (a UUID; see `opx investigations`).") var id: String
    @Flag(help: "Print one JSON object: {investigationId, bundle, claims}.") var json = false

    func validate() throws {
        guard EntityID(id) != nil else { throw ValidationError("\"\(id.prefix(60))\" is not an investigation id (a UUID); list them with `opx investigations`") }
    }

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let projection = EvidenceProjection()
        let (items, claims) = try ProjectionStore(log: log).read([projection]) { r in
            Fmt.warnIfBehind(r)
            return (try r.scan(projection.name, prefix: "bundle/\(id)/", as: EvidenceItemRow.self),
                    try r.scan(projection.name, prefix: "claim/\(id)/", as: EvidenceClaimRow.self).map(\.row))
        }
        guard !items.isEmpty || !claims.isEmpty else {
            throw CLIError("no evidence recorded for investigation \(id): it has no recorded agent output yet (check it with `opx investigations`)")
        }
        let bundle = items.map { (key: String($0.key.dropFirst("bundle/\(id)/".count)), row: $0.row) }
        if json {
            let document: JSONValue = .object([
                "investigationId": .string(id),
                "bundle": .array(bundle.map { item in
                    var object = item.row.json.objectValue ?? JSONObject()
                    object.set("key", .string(item.key))
                    return .object(object)
                }),
                "claims": .array(claims.map(\.json)),
            ])
            return Output.line(Fmt.json(document))
        }
        let agents = Set(bundle.flatMap(\.row.citedBy))
        Output.line("Evidence of investigation \(id): \(bundle.count) item\(bundle.count == 1 ? "" : "s") cited by \(agents.count) agent\(agents.count == 1 ? "" : "s")")
        Output.line("")
        let rows = bundle.map { item in
            [item.row.kind, short(item.row.ref, 38), item.row.citation.map { short($0, 40) } ?? "-", item.row.citedBy.joined(separator: ","),
             short(item.row.summary ?? "", 60)]
        }
        for line in Fmt.table(["KIND", "REF", "CITATION", "CITED BY", "SUMMARY"], rows) { Output.line(line) }
        Output.line("")
        Output.line("Evidence graph (claim ← evidence):")
        let byKey = Dictionary(uniqueKeysWithValues: bundle.map { ($0.key, $0.row) })
        for claim in claims.sorted(by: { ($0.agent == "consensus" ? 0 : 1, $0.agent, $0.id) < ($1.agent == "consensus" ? 0 : 1, $1.agent, $1.id) }) {
            let confidence = claim.confidence.map { " (confidence \($0))" } ?? ""
            Output.line("\(claim.agent) \(claim.id) [\(claim.type)] \(short(claim.text, 100))\(confidence)")
            for key in claim.evidence {
                let item = byKey[key]
                Output.line("    ← \(item?.kind ?? "?") \(item.map { $0.citation ?? $0.ref } ?? key)\(item?.summary.map { ": \(short($0, 80))" } ?? "")")
            }
        }
    }

    private func short(_ text: String, _ limit: Int) -> String { text.count <= limit ? text : String(text.prefix(limit - 1)) + "…" }
}
