package import OPXEvents
import OPXEventLog

extension InvestigationEngine {
    /// Starts a new investigation that shares `origin`'s recorded history up to the checkpoint after `step`, and runs
    /// the rest live. Nothing is copied: the new investigation's `investigation.started` names the origin and the
    /// position, and its history reads the origin's stream up to there.
    ///
    /// - Parameter step: A graph step (agent name) whose output or final failure is recorded, or `start`.
    /// - Throws: ``RuntimeError`` when the origin or the checkpoint does not exist.
    package func fork(_ origin: EntityID, from step: String) async throws -> (id: EntityID, outcome: InvestigationOutcome) {
        let history = try history(of: origin)
        guard let incident = history.incidentId else {
            throw RuntimeError(.invalidState, "investigation \(origin) has no investigation.started event")
        }
        let position = try checkpointPosition(of: origin, step: step)
        let id = EntityID.random()
        let outcome = try await investigate(incident: incident, trigger: .fork,
                                            forkedFrom: .init(investigationId: origin, step: step, position: position), id: id)
        return (id, outcome)
    }

    /// The log position of the event that completed `step` of `id` (its `investigation.started` for `start`).
    func checkpointPosition(of id: EntityID, step: String) throws -> UInt64 {
        let events = try log.read(stream: .investigation(id), limit: Int.max)
        for event in events {
            let type = event.type.rawValue
            if step == "start" && type == InvestigationStarted.eventType.rawValue { return event.position.rawValue }
            guard type == AgentOutputRecorded.eventType.rawValue || type == AgentFailed.eventType.rawValue,
                  let payload = try? event.json, payload["step"]?.stringValue == step else { continue }
            if type == AgentFailed.eventType.rawValue && payload["willRetry"]?.boolValue != false { continue }
            return event.position.rawValue
        }
        let done = InvestigationOutcome.doneSteps(try history(of: id))
        throw RuntimeError(.notFound, "investigation \(id) has no finished step \"\(step)\"; checkpoints: start, \(done.joined(separator: ", "))")
    }
}

extension InvestigationOutcome {
    /// The finished steps of `history`, sorted.
    static func doneSteps(_ history: InvestigationHistory) -> [String] {
        history.steps.filter { $0.value.isDone && !history.inheritedSteps.contains($0.key) }.keys.sorted()
    }
}
