/// A custom event type and its JSON Schema, registered with `opx schema add`.
///
/// Recorded in the log itself, so a rebuilt or imported store knows every custom type: opening a log folds these
/// events into the ``EventRegistry`` (``EventRegistry/register(_:)``).
package struct SchemaRegistered: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `schema.registered`.
    package static let eventType = EventType(unchecked: "schema.registered")
    /// The schema version these fields follow (`Schemas/events/schema.registered/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The event type, such as `acme.deploy-approved`.
    package var type: String
    /// The schema version, from 1.
    package var version: UInt16
    /// The JSON Schema (draft 2020-12, the subset in `Schemas/README.md`).
    package var schema: JSONValue
    /// Who registered it.
    package var registeredBy: String?
    /// What the type is for.
    package var description: String?

    /// Creates the event; optional fields default to absent.
    package init(type: String, version: UInt16, schema: JSONValue, registeredBy: String? = nil,
                 description: String? = nil) {
        self.type = type
        self.version = version
        self.schema = schema
        self.registeredBy = registeredBy
        self.description = description
    }
}
