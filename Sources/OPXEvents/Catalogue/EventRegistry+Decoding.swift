import Synchronization

extension EventRegistry {
    /// Brings a payload from its schema version to a newer one through the registered upcasters.
    ///
    /// - Parameters:
    ///   - payload: The payload at `version`.
    ///   - type: The event type.
    ///   - version: The payload's schema version.
    ///   - target: The version wanted; the newest known when `nil`.
    /// - Returns: The payload at `target`, validated against that version's schema (unchanged when
    ///   `version == target`).
    /// - Throws: ``CatalogueError``: ``CatalogueError/Code/upcastFailed`` when an upcaster is missing, throws, or
    ///   produces an invalid payload, or when the payload is newer than `target`; also for unknown types or versions.
    package func upcast(_ payload: JSONValue, type: EventType, from version: UInt16,
                        to target: UInt16? = nil) throws(CatalogueError) -> JSONValue {
        let target = target ?? latestVersion(of: type) ?? version
        guard version <= target else {
            throw CatalogueError(.upcastFailed, "\(type) v\(version) is newer than v\(target), which this build reads; "
                                 + "upgrade opx")
        }
        guard version < target else { return payload }
        let schema = try entry(for: type, version: target).schema
        var current = payload
        for step in version..<target {
            let key = SchemaKey(type: type.rawValue, version: step)
            guard let upcaster = state.withLock({ $0.upcasters[key] }) else {
                throw CatalogueError(.upcastFailed, "\(type) has no upcaster from v\(step) to v\(step + 1)")
            }
            do {
                current = try upcaster.transform(current)
            } catch {
                throw CatalogueError(.upcastFailed, "upcasting \(type) v\(step) to v\(step + 1) failed: \(error)")
            }
        }
        do {
            try schema.validate(current)
        } catch {
            throw CatalogueError(.upcastFailed, "upcasting \(type) v\(version) to v\(target) gave an invalid payload: "
                                 + error.description, failures: error.failures)
        }
        return current
    }

    /// Decodes a recorded event into its typed value, upcasting an older payload first.
    ///
    /// ```swift
    /// let opened = try registry.decode(recorded, as: IncidentOpened.self)
    /// ```
    ///
    /// - Parameters:
    ///   - recorded: The stored event.
    ///   - type: The Swift type; its ``CatalogueEvent/eventType`` must be the record's type.
    /// - Returns: The typed value at `Event.schemaVersion`.
    /// - Throws: ``CatalogueError``: ``CatalogueError/Code/decodingFailed`` for a different event type or a payload
    ///   that does not fit, ``CatalogueError/Code/upcastFailed`` as ``upcast(_:type:from:to:)``.
    package func decode<Event: CatalogueEvent>(_ recorded: RecordedEvent,
                                               as type: Event.Type) throws(CatalogueError) -> Event {
        guard recorded.type == Event.eventType else {
            throw CatalogueError(.decodingFailed, "event at position \(recorded.position) is \(recorded.type), "
                                 + "not \(Event.eventType)")
        }
        let payload: JSONValue
        do {
            payload = try JSONParser.parse(recorded.data)
        } catch {
            throw CatalogueError(.invalidJSON, "event at position \(recorded.position): \(error)")
        }
        let current = try upcast(payload, type: recorded.type, from: recorded.schemaVersion, to: Event.schemaVersion)
        do {
            return try Event(jsonPayload: current)
        } catch {
            throw CatalogueError(.decodingFailed, "event at position \(recorded.position): \(error.message)")
        }
    }

    /// Decodes a recorded event of any built-in type into its typed value.
    ///
    /// - Parameter recorded: The stored event.
    /// - Returns: The typed value, such as an ``IncidentOpened``; switch on it with `as?` or `case let`.
    /// - Throws: ``CatalogueError``: ``CatalogueError/Code/unknownType`` for custom types (they have no Swift
    ///   type: read ``RecordedEvent/json`` instead), else as ``decode(_:as:)``.
    package func decode(_ recorded: RecordedEvent) throws(CatalogueError) -> any CatalogueEvent {
        guard let type = Self.swiftType(for: recorded.type) else {
            throw CatalogueError(.unknownType, "\(recorded.type) has no Swift type; read its JSON payload instead")
        }
        return try decodeOpened(recorded, as: type)
    }

    private func decodeOpened<Event: CatalogueEvent>(_ recorded: RecordedEvent,
                                                     as type: Event.Type) throws(CatalogueError) -> any CatalogueEvent {
        try decode(recorded, as: type)
    }
}
