package import OPXEvents

/// Each investigation's evidence bundle (the signals, changes, past incidents, runbook sections and services its
/// agents cited) and evidence graph (which evidence backs which finding and recommendation, consensus included).
///
/// Folded from `agent.output-recorded` and `consensus.reached` of `investigation-<id>` streams: the output
/// documents' `evidence`, `findings` and `recommendations`. When an agent's output is recorded again (a fork or a
/// re-run), its claims replace the earlier ones; bundle items keep every agent that ever cited them.
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `bundle/<investigation id>/<kind>/<ref>#<citation>` | ``EvidenceItemRow``: the item and the agents citing it |
/// | `claim/<investigation id>/<agent>/<finding or recommendation id>` | ``EvidenceClaimRow``: the claim and the bundle items backing it |
/// | `claims/<investigation id>/<agent>` | ``EvidenceClaimIndexRow``: the ids of the claims that agent recorded last |
package struct EvidenceProjection: Projection {
    package init() {}

    package var name: String { "evidence" }
    package var version: Int { 2 }
    package var eventTypes: [String] { ["agent.output-recorded", "consensus.reached"] }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        let p = event.payload
        guard let investigation = p.string("investigationId") ?? InvestigationFold.investigationID(event),
              let output = p["output"], output.isObject else { return }
        // Members are read in one pass per object (``JSONView/values(_:)``): a lookup per key rescans the object.
        let parts = output.values(Self.outputMembers)
        let agent = event.type.rawValue == "consensus.reached" ? "consensus" : (p.string("agent") ?? parts[3]?.string ?? "unknown")
        var items: [String: String] = [:]
        for evidence in parts[0]?.elements ?? [] {
            let v = evidence.values(Self.evidenceMembers)
            guard let id = v[0]?.string, let kind = v[1]?.string, let ref = v[2]?.string else { continue }
            let citation = v[3]?.string
            let item = Self.itemKey(kind: kind, ref: ref, citation: citation)
            items[id] = item
            let key = RowKey.path("bundle", investigation, item)
            try rows.update(key, as: EvidenceItemRow.self, default: { EvidenceItemRow(kind: kind, ref: ref, citation: citation) }) { row in
                row.summary = row.summary ?? v[4]?.string
                row.observedAt = row.observedAt ?? v[5]?.string.flatMap { try? Timestamp(rfc3339: $0) }
                if !row.citedBy.contains(agent) { row.citedBy = (row.citedBy + [agent]).sorted() }
            }
        }
        // A later output of the same agent (a retry, a resume) replaces its claims. The ids of the claims it
        // wrote are kept in an index row: a point lookup, where a prefix scan would walk the whole batch cache.
        let indexKey = RowKey.path("claims", investigation, agent)
        for old in try rows.get(indexKey, as: EvidenceClaimIndexRow.self)?.ids ?? [] { rows.remove(RowKey.path("claim", investigation, agent, old)) }
        var ids: [String] = []
        for (type, member) in [("finding", parts[1]), ("recommendation", parts[2])] {
            for claim in member?.elements ?? [] {
                let c = claim.values(Self.claimMembers)
                guard let id = c[0]?.string else { continue }
                let backing = (c[1]?.strings ?? []).compactMap { items[$0] }
                let row = EvidenceClaimRow(agent: agent, id: id, type: type, text: c[2]?.string ?? c[3]?.string ?? "",
                                           confidence: c[4]?.double, evidence: backing)
                rows.put(RowKey.path("claim", investigation, agent, id), row)
                ids.append(id)
            }
        }
        rows.set(indexKey, EvidenceClaimIndexRow(ids: ids))
    }

    /// The members read from an output document, an evidence item and a claim (made once: a literal array
    /// per call is an allocation per call).
    private static let outputMembers = ["evidence", "findings", "recommendations", "agent"]
    private static let evidenceMembers = ["id", "kind", "ref", "citation", "summary", "observedAt"]
    private static let claimMembers = ["id", "evidence", "title", "action", "confidence"]

    /// The bundle key of an item: `<kind>/<ref>#<citation>` (the citation part empty when there is none).
    package static func itemKey(kind: String, ref: String, citation: String?) -> String { "\(kind)/\(ref)#\(citation ?? "")" }
}

/// One piece of evidence an investigation's agents cited.
package struct EvidenceItemRow: ProjectionRow, Hashable {
    /// `signal`, `change`, `incident`, `runbook`, `dependency`, …
    package var kind: String
    /// Which one: an entity id, a file, a service.
    package var ref: String
    /// Where inside it, such as `file#section`.
    package var citation: String?
    /// What it shows (from the first agent that cited it).
    package var summary: String?
    /// When it was observed.
    package var observedAt: Timestamp?
    /// The agents citing it, sorted.
    package var citedBy: [String] = []

    init(kind: String, ref: String, citation: String?) {
        self.kind = kind
        self.ref = ref
        self.citation = citation
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("citation", citation)
            e.field("citedBy", citedBy)
            e.field("kind", kind)
            e.field("observedAt", observedAt)
            e.field("ref", ref)
            e.field("summary", summary)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        citation = d.optionalString("citation")
        citedBy = d.strings("citedBy")
        kind = try d.string("kind")
        observedAt = d.optionalTime("observedAt")
        ref = try d.string("ref")
        summary = d.optionalString("summary")
    }
}

/// A finding or recommendation of one agent and the bundle items backing it.
package struct EvidenceClaimRow: ProjectionRow, Hashable {
    /// The agent (or `consensus`).
    package var agent: String
    /// The claim's id in the agent's document, such as `F1` or `R2`.
    package var id: String
    /// `finding` or `recommendation`.
    package var type: String
    /// The finding's title or the recommendation's action.
    package var text: String
    /// Its confidence.
    package var confidence: Double?
    /// Bundle item keys (``EvidenceProjection/itemKey(kind:ref:citation:)``) backing it.
    package var evidence: [String]

    init(agent: String, id: String, type: String, text: String, confidence: Double?, evidence: [String]) {
        self.agent = agent
        self.id = id
        self.type = type
        self.text = text
        self.confidence = confidence
        self.evidence = evidence
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agent", agent)
            e.field("confidence", confidence)
            e.field("evidence", evidence)
            e.field("id", id)
            e.field("text", text)
            e.field("type", type)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        agent = try d.string("agent")
        confidence = d.optionalDouble("confidence")
        evidence = d.strings("evidence")
        id = try d.string("id")
        text = try d.string("text")
        type = try d.string("type")
    }
}

/// The ids of the claims one agent's latest output recorded for an investigation (`claims/<investigation>/<agent>`).
package struct EvidenceClaimIndexRow: ProjectionRow, Hashable {
    /// The claim ids, in document order.
    package var ids: [String]

    init(ids: [String]) {
        self.ids = ids
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in e.field("ids", ids) }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        ids = d.strings("ids")
    }
}
