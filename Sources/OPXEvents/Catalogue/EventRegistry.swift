import Synchronization

/// The event catalogue at run time: which event types exist, at which schema versions, with which compiled
/// schemas, Swift types, and upcasters.
///
/// A registry starts with every built-in type (the schemas embedded from `Schemas/`, the types in ``allTypes``, the
/// upcasters in ``BuiltInUpcasters``). Custom types are added with ``register(type:version:schema:)``, which
/// `opx schema add` calls after appending a `schema.registered` event; a log that opens folds those events back in
/// with ``register(_:)-(SchemaRegistered)``, so a rebuilt or imported store knows its custom types.
///
/// The log's append path calls ``validate(_:)-([ProposedEvent])`` before any write transaction begins: an unknown
/// type, an unknown version, or a payload that does not match its schema rejects the whole batch.
///
/// ```swift
/// let registry = EventRegistry()
/// try registry.validate(events)                       // throws CatalogueError naming event, pointer, expected, found
/// let opened = try registry.decode(recorded, as: IncidentOpened.self)
/// ```
///
/// Thread-safe: lookups and registrations take a short lock; validation runs outside it on an immutable compiled
/// schema.
package final class EventRegistry: Sendable {
    /// One registered type and version.
    struct Entry: Sendable {
        let type: EventType
        let version: UInt16
        let schema: JSONSchema
        let isBuiltIn: Bool
    }

    /// Everything the registry knows.
    struct State: Sendable {
        var entries: [SchemaKey: Entry] = [:]
        /// The newest version of each type.
        var latest: [String: UInt16] = [:]
        /// Upcasters by the type and version they read.
        var upcasters: [SchemaKey: Upcaster] = [:]
    }

    let state: Mutex<State>

    /// Creates a registry with every built-in type, schema, and upcaster.
    package init() {
        var initial = State()
        for (key, schema) in BuiltInSchemas.shared.events {
            initial.entries[key] = Entry(type: EventType(unchecked: key.type), version: key.version, schema: schema,
                                         isBuiltIn: true)
            initial.latest[key.type] = max(initial.latest[key.type] ?? 0, key.version)
        }
        for upcaster in BuiltInUpcasters.all {
            initial.upcasters[SchemaKey(type: upcaster.type.rawValue, version: upcaster.fromVersion)] = upcaster
        }
        state = Mutex(initial)
    }

    // MARK: - Lookups

    /// The compiled schema of a type at a version, if the registry knows it.
    ///
    /// - Parameters:
    ///   - type: The event type.
    ///   - version: The schema version.
    /// - Returns: The schema, or `nil`.
    package func schema(for type: EventType, version: UInt16) -> JSONSchema? {
        let key = SchemaKey(type: type.rawValue, version: version)
        return state.withLock { $0.entries[key]?.schema }
    }

    /// The newest schema version of a type, if the registry knows the type.
    ///
    /// - Parameter type: The event type.
    /// - Returns: The newest version, or `nil` for an unknown type.
    package func latestVersion(of type: EventType) -> UInt16? {
        state.withLock { $0.latest[type.rawValue] }
    }

    /// Every known type and version, sorted by type then version: what `opx schema list` shows.
    package var listing: [SchemaListing] {
        let entries = state.withLock { Array($0.entries.values) }
        return entries.sorted { ($0.type.rawValue, $0.version) < ($1.type.rawValue, $1.version) }.map { entry in
            let swiftType = entry.isBuiltIn ? Self.swiftType(for: entry.type) : nil
            return SchemaListing(type: entry.type, version: entry.version,
                                 schemaID: SchemaID.event(entry.type, version: entry.version), isBuiltIn: entry.isBuiltIn,
                                 title: entry.schema.document["title"]?.stringValue,
                                 swiftTypeName: swiftType.map { String(describing: $0) })
        }
    }

    /// The entry for a type and version, or the error that explains why there is none.
    func entry(for type: EventType, version: UInt16) throws(CatalogueError) -> Entry {
        let key = SchemaKey(type: type.rawValue, version: version)
        let found: (Entry?, UInt16?) = state.withLock { ($0.entries[key], $0.latest[key.type]) }
        if let entry = found.0 { return entry }
        guard let latest = found.1 else {
            throw CatalogueError(.unknownType, "unknown event type \"\(type)\": register it first with "
                                 + "`opx schema add \(type) SCHEMA.json` (`opx schema list` shows the known types)")
        }
        let known = (1...latest).map { "v\($0)" }.joined(separator: ", ")
        throw CatalogueError(.unknownVersion, "\(type) has no schema v\(version) (known: \(known))")
    }
}
