/// A typed payload of one event type at one schema version: the Swift face of a schema in `Schemas/events/`.
///
/// Each conforming type is a value with a stable wire name (``eventType``) and the version of the schema its
/// fields follow (``schemaVersion``). ``EventRegistry`` checks that every built-in type has a schema and every
/// schema a type. Codable is used only on cold paths (building events, decoding single events); hot paths validate
/// and fold ``JSONValue`` directly.
///
/// ```swift
/// let opened = IncidentOpened(incidentId: .random(), title: "checkout 5xx", service: "checkout",
///                             severity: .sev2, openedAt: now)
/// let event = try ProposedEvent(opened, source: EventSource("/opx/ingest/alertmanager"))
/// ```
package protocol CatalogueEvent: Sendable, Codable, Hashable {
    /// The wire name, such as `incident.opened`.
    static var eventType: EventType { get }
    /// The schema version this type's fields follow.
    static var schemaVersion: UInt16 { get }
}

extension CatalogueEvent {
    /// The schema id, such as `opx:event/incident.opened/v1`: the `$id` of its schema and the CloudEvents
    /// `dataschema` of its records.
    package static var schemaID: String { SchemaID.event(eventType, version: schemaVersion) }
}
