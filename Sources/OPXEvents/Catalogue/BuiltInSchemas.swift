/// The schemas that ship with opx, parsed and compiled once per process from ``EmbeddedSchemas``.
///
/// The embedded files are the contract (`Schemas/`); a test checks that they match the files and compile, so the
/// preconditions here only fire in a build whose embedded copy is broken.
struct BuiltInSchemas: Sendable {
    /// The compiled built-in schemas.
    static let shared = BuiltInSchemas()

    /// Event payload schemas by type and version.
    let events: [SchemaKey: JSONSchema]
    /// Agent output document schemas by `$id` (`opx:agent/<agent>/v<N>`).
    let agentOutputs: [String: JSONSchema]
    /// The schema of a record's CloudEvents form.
    let envelope: JSONSchema

    private init() {
        var events: [SchemaKey: JSONSchema] = [:]
        var agentOutputs: [String: JSONSchema] = [:]
        var envelope: JSONSchema?
        for (path, text) in EmbeddedSchemas.files {
            let schema: JSONSchema
            do {
                schema = try JSONSchema(JSONParser.parse(text))
            } catch {
                preconditionFailure("embedded schema \(path) does not compile: \(error)")
            }
            let parts = path.split(separator: "/").map(String.init)
            if parts.count == 3, parts[0] == "events", let version = Self.version(fileName: parts[2]) {
                let type = EventType(unchecked: parts[1])
                precondition(schema.id == SchemaID.event(type, version: version), "\(path) has $id \(schema.id ?? "none")")
                events[SchemaKey(type: parts[1], version: version)] = schema
            } else if parts.count == 3, parts[0] == "agents", let version = Self.version(fileName: parts[2]) {
                let id = SchemaID.agentOutput(parts[1], version: version)
                precondition(schema.id == id, "\(path) has $id \(schema.id ?? "none")")
                agentOutputs[id] = schema
            } else if path == "envelope.v1.schema.json" {
                envelope = schema
            } else {
                preconditionFailure("embedded schema \(path) is not in the Schemas/ layout")
            }
        }
        guard let envelope else { preconditionFailure("Schemas/envelope.v1.schema.json is not embedded") }
        self.events = events
        self.agentOutputs = agentOutputs
        self.envelope = envelope
    }

    /// The version in a file name `v<N>.schema.json`.
    static func version(fileName: String) -> UInt16? {
        guard fileName.hasPrefix("v"), fileName.hasSuffix(".schema.json") else { return nil }
        let digits = fileName.dropFirst().dropLast(".schema.json".count)
        guard let version = UInt16(digits), version >= 1, String(version) == digits else { return nil }
        return version
    }
}

/// An event type and schema version: the key of every registry table.
struct SchemaKey: Sendable, Hashable {
    /// The event type's wire name.
    let type: String
    /// The schema version.
    let version: UInt16
}
