package import OPXEvents

/// An investigation as it was at one point of the log, with its incident and signals at the same cut.
package struct InvestigationSnapshot: Sendable {
    /// The investigation id.
    package let id: String
    /// The point asked for.
    package let point: TimeTravelPoint
    /// The global log position of the cut: related streams are read up to it.
    package let cut: LogPosition
    /// The last event of the investigation included (its revision, position and time).
    package let lastRevision: UInt64
    package let lastPosition: LogPosition
    package let lastTime: Timestamp
    /// The chain hash of that last included record.
    package let lastHash: EventHash
    /// The log's head when the snapshot was taken.
    package let head: LogPosition
    /// Events of the investigation's stream included / in all.
    package let eventsIncluded: Int
    package let eventsTotal: Int
    /// The folded state.
    package let summary: InvestigationSummary
    /// Outputs by agent, consensus, validations and guardrail violations (detail rows, key order;
    /// folded in memory, so each carries its event's payload).
    package let details: [(key: String, row: EventRecordRow)]
    /// Checkpoints reached by the cut.
    package let checkpoints: [Checkpoint]
    /// The incident as of the cut (`nil` if the investigation names none or it had no events by then).
    package let incident: IncidentRow?
    /// The incident's signals known at the cut (from the incidents projection's signal index).
    package let signals: [(id: String, signal: SignalRow?)]

    /// The digest of the investigation's state: the chain hash of its last included record (see
    /// ``CheckpointsProjection``), equal to the checkpoint's when the cut is a checkpoint.
    package var stateDigest: String { lastHash.description }

    /// Detail rows of one kind (`output/`, `validation/`, `guardrail/`, `consensus`).
    package func details(_ kind: String) -> [(key: String, row: EventRecordRow)] {
        let prefix = InvestigationsProjection.detailPrefix(id) + kind
        return details.filter { $0.key.hasPrefix(prefix) }
    }

    /// The whole state as one JSON document (what `--json` prints and `opx diff` compares).
    package var document: JSONValue {
        var outputs = JSONObject()
        for (_, row) in details("output/") {
            guard let p = row.payload?.view, let agent = p["agent"]?.string else { continue }
            outputs[agent] = .object(obj([
                ("attempt", p["attempt"]?.value), ("output", p["output"]?.value), ("position", .number(JSONNumber(row.position))),
                ("at", .string(row.at.description)), ("redacted", p["redacted"]?.value),
            ]))
        }
        let validations: [JSONValue] = details("validation/").compactMap { _, row in
            guard let p = row.payload?.view else { return nil }
            return .object(obj([
                ("agent", p["agent"]?.value), ("attempt", p["attempt"]?.value), ("stage", p["stage"]?.value),
                ("passed", p["passed"]?.value), ("errors", p["errors"]?.value), ("position", .number(JSONNumber(row.position))),
            ]))
        }
        let violations: [JSONValue] = details("guardrail/").map { _, row in
            var object = row.payload?.value?.objectValue ?? JSONObject()
            object["position"] = .number(JSONNumber(row.position))
            return .object(object)
        }
        let consensus = details("consensus").first.flatMap { $0.row.payload?.value }
        return .object(obj([
            ("id", .string(id)),
            ("asOf", .object(obj([
                ("point", .string(point.description)), ("position", .number(JSONNumber(Int64(cut.rawValue)))),
                ("revision", .number(JSONNumber(Int64(lastRevision)))), ("time", .string(lastTime.description)),
                ("head", .number(JSONNumber(Int64(head.rawValue)))),
                ("events", .number(JSONNumber(Int64(eventsIncluded)))), ("eventsInStream", .number(JSONNumber(Int64(eventsTotal)))),
            ]))),
            ("state", summary.json),
            ("stateDigest", .string(stateDigest)),
            ("outputs", .object(outputs)),
            ("consensus", consensus),
            ("validations", .array(validations)),
            ("guardrailViolations", .array(violations)),
            ("checkpoints", .array(checkpoints.map(\.json))),
            ("incident", incident?.json ?? .null),
            ("signals", .array(signals.map { id, row in row?.json ?? .object(obj([("signalId", .string(id))])) })),
        ]))
    }
}

/// An incident as it was at one point of the log.
package struct IncidentSnapshot: Sendable {
    package let id: String
    package let point: TimeTravelPoint
    package let cut: LogPosition
    package let head: LogPosition
    package let lastRevision: UInt64
    package let lastTime: Timestamp
    package let incident: IncidentRow
    package let signals: [(id: String, signal: SignalRow?)]
    /// Investigations of the incident started by the cut, with their status at the head of the projection.
    package let investigations: [String]

    package var document: JSONValue {
        .object(obj([
            ("id", .string(id)),
            ("asOf", .object(obj([
                ("point", .string(point.description)), ("position", .number(JSONNumber(Int64(cut.rawValue)))),
                ("revision", .number(JSONNumber(Int64(lastRevision)))), ("time", .string(lastTime.description)),
                ("head", .number(JSONNumber(Int64(head.rawValue)))),
            ]))),
            ("incident", incident.json),
            ("signals", .array(signals.map { id, row in row?.json ?? .object(obj([("signalId", .string(id))])) })),
            ("investigations", .array(investigations.map(JSONValue.string))),
        ]))
    }
}

/// An object from members, leaving out `nil` values.
func obj(_ members: [(String, JSONValue?)]) -> JSONObject {
    (try? JSONObject(members.compactMap { k, v in v.map { (k, $0) } })) ?? JSONObject()
}
