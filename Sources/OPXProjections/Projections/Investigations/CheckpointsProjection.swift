package import OPXEvents

/// Checkpoints: one per completed graph step of each investigation — the step, its position in
/// the log, its time and a digest of the investigation's state right after it. LangGraph keeps
/// a copy of the state per checkpoint; here a checkpoint is a position, so storage grows by one
/// small row per step and the state is recomputed by folding the stream up to it (time travel).
///
/// Rows:
///
/// | key | row |
/// |---|---|
/// | `checkpoint/<id>/<n, 6 digits>` | ``Checkpoint`` (n from 1) |
/// | `steps/<id>` | ``StepTracker``: steps so far and each agent's current step name |
///
/// The state digest is the chain hash of the record that completed the step: the state is a pure
/// fold of the log up to that record and the hash commits to every record up to it, so equal
/// digests mean equal states. (Version 2 hashed the summary's canonical JSON at every step; that
/// meant folding every investigation event into a second summary and re-encoding it per step.)
package struct CheckpointsProjection: Projection {
    package init() {}

    package var name: String { "checkpoints" }
    package var version: Int { 3 }
    package var eventTypes: [String] { InvestigationFold.stepEventTypes }

    package func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
        guard let kind = InvestigationFold.Kind(event.type), let id = InvestigationFold.investigationID(event) else { return }
        let agent = event.payload.string("agent")
        let stepName = agent == nil ? nil : event.payload.string("step")
        if kind == .invoked && stepName == nil { return }   // changes nothing here
        let checkpoint = try rows.update("steps/\(id)", as: StepTracker.self, default: { StepTracker() }) { t -> Checkpoint? in
            let step = InvestigationFold.completedStep(event, kind: kind, agent: agent, stepName: stepName) { t.agentSteps[$0] }
            if let agent, let stepName, t.agentSteps[agent] != stepName { t.agentSteps[agent] = stepName }
            guard let step else { return nil }
            t.steps += 1
            return Checkpoint(number: t.steps, kind: step.kind, step: step.step, agent: step.agent,
                              position: Int64(event.position.rawValue), revision: Int64(event.revision),
                              at: event.recordedAt, stateDigest: event.hash.description)
        }
        if let checkpoint { rows.put(Self.key(id, checkpoint.number), checkpoint) }
    }

    /// The key of checkpoint `number` of investigation `id`.
    package static func key(_ id: String, _ number: Int64) -> String { RowKey.path("checkpoint", id, RowKey.padded(number, width: 6)) }
    /// The prefix of investigation `id`'s checkpoints.
    package static func prefix(_ id: String) -> String { "checkpoint/\(id)/" }
}

/// What the checkpoints projection remembers of an investigation between its events.
package struct StepTracker: ProjectionRow, Hashable {
    /// Completed steps so far (the number of the last checkpoint).
    package var steps: Int64 = 0
    /// Each agent's step name, as its events last stated it.
    package var agentSteps: [String: String] = [:]

    package init() {}

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            e.field("agentSteps", object: { e in
                forEachInCanonicalOrder(agentSteps) { agent, step in
                    e.key(agent)
                    e.value(step)
                }
            })
            e.field("steps", steps)
        }
    }

    package init(row d: RowDecoder) throws(RowDecodingError) {
        if let object = d.nested("agentSteps")?.value.objectValue {
            for (agent, step) in object.members { agentSteps[agent] = step.stringValue }
        }
        steps = d.int("steps", default: 0)
    }
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
    /// The chain hash of the record that completed the step (64 hex digits): it stands for the
    /// investigation's state right after the step.
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
