/// Builds the `$id`s of opx schemas, which are also the CloudEvents `dataschema` values opx writes.
///
/// ```swift
/// SchemaID.event(try EventType("signal.ingested"), version: 1)   // "opx:event/signal.ingested/v1"
/// SchemaID.agentOutput("consensus", version: 1)                   // "opx:agent/consensus/v1"
/// ```
package enum SchemaID {
    /// The id of the envelope schema (`Schemas/envelope.v1.schema.json`).
    package static let envelope = "opx:envelope/v1"

    /// The id of an event type's schema.
    ///
    /// - Parameters:
    ///   - type: The event type.
    ///   - version: The schema version.
    /// - Returns: `opx:event/<type>/v<version>`.
    package static func event(_ type: EventType, version: UInt16) -> String {
        "opx:event/\(type.rawValue)/v\(version)"
    }

    /// The id of an agent output document's schema.
    ///
    /// - Parameters:
    ///   - agent: The agent name, such as `signal-intelligence`.
    ///   - version: The schema version.
    /// - Returns: `opx:agent/<agent>/v<version>`.
    package static func agentOutput(_ agent: String, version: UInt16) -> String {
        "opx:agent/\(agent)/v\(version)"
    }
}
