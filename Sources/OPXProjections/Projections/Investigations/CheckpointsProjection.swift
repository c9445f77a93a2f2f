package import OPXEvents

/// Checkpoints: one per completed graph step of each investigation — the step, its position in
/// the log, its time and the digest of the investigation's state right after it. LangGraph keeps
/// a copy of the state per checkpoint; here a checkpoint is a position, so storage grows by one
/// small row per step and the state is recomputed by folding the stream up to it (time travel).
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `checkpoint/<id>/<n, 6 digits>` | ``Checkpoint`` (n from 1) |
/// | `state/<id>` | the investigation's ``InvestigationSummary``, kept here so the projection stands alone |
///
/// The state digest is ``InvestigationSummary/stateDigest``: SHA-256 of the summary's canonical
/// JSON, which carries the digests of outputs and consensus.
package struct CheckpointsProjection: Projection {
    package init() {}

    package var name: String { "checkpoints" }
    package var version: Int { 2 }
    package var eventTypes: [String] { InvestigationFold.eventTypes }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        guard let id = InvestigationFold.investigationID(event) else { return }
        let checkpoint = try rows.update("state/\(id)", as: InvestigationSummary.self, default: { InvestigationSummary(id: id) }) { s -> Checkpoint? in
            guard let step = InvestigationFold.apply(event, to: &s) else { return nil }
            return Checkpoint(number: s.steps, kind: step.kind, step: step.step, agent: step.agent,
                              position: Int64(event.position.rawValue), revision: Int64(event.revision),
                              at: event.recordedAt, stateDigest: s.stateDigest)
        }
        if let checkpoint { rows.set(Self.key(id, checkpoint.number), checkpoint) }
    }

    /// The key of checkpoint `number` of investigation `id`.
    package static func key(_ id: String, _ number: Int64) -> String { "checkpoint/\(id)/\(RowKey.padded(number, width: 6))" }
    /// The prefix of investigation `id`'s checkpoints.
    package static func prefix(_ id: String) -> String { "checkpoint/\(id)/" }
}

/// A completed graph step of an investigation.
package struct Checkpoint: ProjectionRow, Hashable {
    /// 1 for the first step of the investigation, then 2, 3, …
    package var number: Int64
    /// `started`, `agent-succeeded`, `agent-failed`, `consensus`, `reviewed`, `completed`, `failed`.
    package var kind: String
    /// The step's name.
    package var step: String
    /// The agent of an agent step.
    package var agent: String?
    /// The log position of the event that completed the step.
    package var position: Int64
    /// Its revision in the investigation's stream.
    package var revision: Int64
    /// When it was recorded.
    package var at: Timestamp
    /// SHA-256 of the investigation's summary right after the step.
    package var stateDigest: String

    package init(number: Int64, kind: String, step: String, agent: String?, position: Int64, revision: Int64,
                 at: Timestamp, stateDigest: String) {
        self.number = number
        self.kind = kind
        self.step = step
        self.agent = agent
        self.position = position
        self.revision = revision
        self.at = at
        self.stateDigest = stateDigest
    }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agent", agent)
            e.field("at", at)
            e.field("kind", kind)
            e.field("number", number)
            e.field("position", position)
            e.field("revision", revision)
            e.field("stateDigest", stateDigest)
            e.field("step", step)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        agent = d.optionalString("agent")
        at = try d.time("at")
        kind = try d.string("kind")
        number = try d.int("number")
        position = try d.int("position")
        revision = d.int("revision", default: 0)
        stateDigest = try d.string("stateDigest")
        step = try d.string("step")
    }
}
