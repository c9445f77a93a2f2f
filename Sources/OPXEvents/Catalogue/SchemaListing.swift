/// One event type and schema version the registry knows: a line of `opx schema list`.
package struct SchemaListing: Sendable, Hashable {
    /// The event type.
    package let type: EventType
    /// The schema version.
    package let version: UInt16
    /// The schema id, `opx:event/<type>/v<version>`.
    package let schemaID: String
    /// Whether it ships with opx (otherwise it was registered with `opx schema add`).
    package let isBuiltIn: Bool
    /// The schema's `title`, if it has one.
    package let title: String?
    /// The name of the Swift type for built-in types, such as `IncidentOpened`.
    package let swiftTypeName: String?
}
