/// The consensus step's document for an investigation.
///
/// `output` follows `opx:agent/consensus/v1` (see ``ConsensusOutput``); `inputDigest` covers the recorded agent
/// outputs it was computed from, so replay can check it.
package struct ConsensusReached: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `consensus.reached`.
    package static let eventType = EventType(unchecked: "consensus.reached")
    /// The schema version these fields follow (`Schemas/events/consensus.reached/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The investigation.
    package var investigationId: EntityID
    /// The incident.
    package var incidentId: EntityID
    /// The `$id` of the document's schema.
    package var outputSchema: String
    /// The consensus document.
    package var output: JSONObject
    /// `sha256:<64 hex>` of the canonical document.
    package var outputDigest: String?
    /// `sha256:<64 hex>` of the recorded outputs it used.
    package var inputDigest: String?
    /// Whether some agents failed.
    package var degraded: Bool

    /// Creates the event; optional fields default to absent.
    package init(investigationId: EntityID, incidentId: EntityID, outputSchema: String, output: JSONObject,
                 outputDigest: String? = nil, inputDigest: String? = nil, degraded: Bool) {
        self.investigationId = investigationId
        self.incidentId = incidentId
        self.outputSchema = outputSchema
        self.output = output
        self.outputDigest = outputDigest
        self.inputDigest = inputDigest
        self.degraded = degraded
    }
}
