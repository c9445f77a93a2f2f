import Synchronization

extension EventRegistry {
    /// Checks that a custom type's schema can be registered, without registering it.
    ///
    /// `opx schema add` calls this, appends the returned `schema.registered` event, and registers it with
    /// ``register(_:)-(SchemaRegistered)`` once the append is durable.
    ///
    /// ```swift
    /// let event = try registry.prepareRegistration(type: type, version: 1, schema: schemaJSON)
    /// _ = try await log.append(to: StreamID(unchecked: "schemas"), events: [try ProposedEvent(event)])
    /// try registry.register(event)
    /// ```
    ///
    /// - Parameters:
    ///   - type: The custom event type.
    ///   - version: Its schema version: 1 for a new type, else the next version after the newest registered.
    ///   - schema: The JSON Schema (draft 2020-12, the subset in `Schemas/README.md`). A `$id`, if present, must be
    ///     `opx:event/<type>/v<version>`.
    ///   - registeredBy: Who registers it.
    ///   - description: What the type is for.
    /// - Returns: The `schema.registered` event to append.
    /// - Throws: ``CatalogueError``: ``CatalogueError/Code/registrationConflict`` for a built-in type, a version out
    ///   of sequence, or a different schema already registered at that version; ``CatalogueError/Code/invalidSchema``
    ///   for a schema that does not compile.
    package func prepareRegistration(type: EventType, version: UInt16, schema: JSONValue, registeredBy: String? = nil,
                                     description: String? = nil) throws(CatalogueError) -> SchemaRegistered {
        _ = try check(type: type, version: version, schema: schema)
        return SchemaRegistered(type: type.rawValue, version: version, schema: schema, registeredBy: registeredBy,
                                description: description)
    }

    /// Registers a custom event type at a schema version.
    ///
    /// Registering the same schema again is a no-op, so folding `schema.registered` events on every open is safe.
    ///
    /// - Parameters:
    ///   - type: The custom event type.
    ///   - version: Its schema version (see ``prepareRegistration(type:version:schema:registeredBy:description:)``).
    ///   - schema: The JSON Schema.
    /// - Throws: ``CatalogueError`` as ``prepareRegistration(type:version:schema:registeredBy:description:)``.
    package func register(type: EventType, version: UInt16, schema: JSONValue) throws(CatalogueError) {
        guard let compiled = try check(type: type, version: version, schema: schema) else { return }
        let key = SchemaKey(type: type.rawValue, version: version)
        let entry = Entry(type: type, version: version, schema: compiled, isBuiltIn: false)
        let raced: Bool = state.withLock { state in
            if let existing = state.entries[key] { return existing.schema.document != schema }
            guard version == (state.latest[key.type] ?? 0) + 1 else { return true }
            state.entries[key] = entry
            state.latest[key.type] = version
            return false
        }
        if raced {
            throw CatalogueError(.registrationConflict, "\(type) v\(version) was registered concurrently with a "
                                 + "different schema or version; list the types and retry")
        }
    }

    /// Registers the custom type a `schema.registered` event describes (when folding the log, or after appending it).
    ///
    /// - Parameter event: The event.
    /// - Throws: ``CatalogueError`` as ``register(type:version:schema:)``, or for a malformed type name.
    package func register(_ event: SchemaRegistered) throws(CatalogueError) {
        let type: EventType
        do {
            type = try EventType(event.type)
        } catch {
            throw CatalogueError(.invalidSchema, error.description)
        }
        try register(type: type, version: event.version, schema: event.schema)
    }

    /// Registers an upcaster (for custom types, and for tests of the upcasting machinery).
    ///
    /// - Parameter upcaster: The upcaster; its type must be known at both versions.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/registrationConflict`` when an upcaster for that type
    ///   and version exists, or a version is unknown.
    package func register(_ upcaster: Upcaster) throws(CatalogueError) {
        _ = try entry(for: upcaster.type, version: upcaster.fromVersion)
        _ = try entry(for: upcaster.type, version: upcaster.toVersion)
        let key = SchemaKey(type: upcaster.type.rawValue, version: upcaster.fromVersion)
        let added: Bool = state.withLock { state in
            guard state.upcasters[key] == nil else { return false }
            state.upcasters[key] = upcaster
            return true
        }
        guard added else {
            throw CatalogueError(.registrationConflict,
                                 "\(upcaster.type) already has an upcaster from v\(upcaster.fromVersion)")
        }
    }

    /// Checks a registration; returns the compiled schema, or `nil` when the same schema is already registered.
    private func check(type: EventType, version: UInt16, schema: JSONValue) throws(CatalogueError) -> JSONSchema? {
        let key = SchemaKey(type: type.rawValue, version: version)
        let (existing, latest) = state.withLock { ($0.entries[key], $0.latest[key.type]) }
        if let existing {
            if existing.isBuiltIn || BuiltInSchemas.shared.events.keys.contains(where: { $0.type == key.type }) {
                throw CatalogueError(.registrationConflict, "\(type) is built in; its schemas ship with opx")
            }
            guard existing.schema.document == schema else {
                throw CatalogueError(.registrationConflict, "\(type) v\(version) is already registered with a different "
                                     + "schema; a registered schema never changes: register v\((latest ?? version) + 1)")
            }
            return nil
        }
        if BuiltInSchemas.shared.events.keys.contains(where: { $0.type == key.type }) {
            throw CatalogueError(.registrationConflict, "\(type) is built in; its schemas ship with opx")
        }
        let expected = (latest ?? 0) + 1
        guard version == expected else {
            throw CatalogueError(.registrationConflict, latest == nil
                ? "\(type) is not registered yet: register v1 first"
                : "\(type) is at v\(latest!); the next version to register is v\(expected)")
        }
        if let id = schema["$id"], id != .string(SchemaID.event(type, version: version)) {
            throw CatalogueError(.invalidSchema, "the schema's $id must be \"\(SchemaID.event(type, version: version))\" "
                                 + "(or absent), found \(ValueDescription.describe(id))")
        }
        do {
            return try JSONSchema(schema)
        } catch {
            throw CatalogueError(.invalidSchema, error.description)
        }
    }
}
