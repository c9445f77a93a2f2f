extension EventRegistry {
    /// Checks a payload against the schema of its type and version: the hot path, working on ``JSONValue`` directly.
    ///
    /// - Parameters:
    ///   - type: The event type.
    ///   - version: The payload's schema version.
    ///   - payload: The payload.
    /// - Throws: ``CatalogueError`` for an unknown type or version, or an invalid payload (its
    ///   ``CatalogueError/failures`` point into the payload, such as `/severity`).
    package func validate(type: EventType, version: UInt16, payload: JSONValue) throws(CatalogueError) {
        let schema = try entry(for: type, version: version).schema
        do {
            try schema.validate(payload)
        } catch {
            throw CatalogueError(.invalidPayload, error.description, failures: error.failures)
        }
    }

    /// Checks one proposed event: its type and version are known and its payload matches the schema.
    ///
    /// The payload bytes are parsed once for the check. Callers that still hold the payload as a ``JSONValue`` can
    /// call ``validate(type:version:payload:)`` instead and skip the parse.
    ///
    /// - Parameter event: The event.
    /// - Throws: ``CatalogueError`` naming the event; failure pointers start at `/data`.
    package func validate(_ event: ProposedEvent) throws(CatalogueError) {
        do {
            try validateUnnamed(event)
        } catch {
            throw error.about(event, at: nil)
        }
    }

    /// Checks a batch before it is written: every event must be valid, or the whole batch is rejected.
    ///
    /// ```swift
    /// try registry.validate(events)   // before the write transaction begins
    /// ```
    ///
    /// - Parameter events: The batch.
    /// - Throws: ``CatalogueError`` for the first invalid event, naming its index in the batch, type, version,
    ///   and id, and each failure's pointer (`/data/...`), expectation, and found value.
    package func validate(_ events: [ProposedEvent]) throws(CatalogueError) {
        for (index, event) in events.enumerated() {
            do {
                try validateUnnamed(event)
            } catch {
                throw error.about(event, at: index)
            }
        }
    }

    /// Parses payload bytes and checks them, for input that arrives as raw JSON (HTTP bodies, files).
    ///
    /// - Parameters:
    ///   - type: The event type.
    ///   - version: The payload's schema version.
    ///   - json: The payload as UTF-8 JSON text.
    /// - Returns: The parsed, valid payload.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/invalidJSON`` for text that is not strict JSON
    ///   (invalid UTF-8, nesting deeper than ``JSONLimits/maxDepth``, …), or as ``validate(type:version:payload:)``.
    package func validatedPayload(type: EventType, version: UInt16, json: [UInt8]) throws(CatalogueError) -> JSONValue {
        let payload: JSONValue
        do {
            payload = try JSONParser.parse(json)
        } catch {
            throw CatalogueError(.invalidJSON, error.description)
        }
        try validate(type: type, version: version, payload: payload)
        return payload
    }

    /// Checks an agent output document against its schema (the runtime's schema validation stage).
    ///
    /// - Parameters:
    ///   - document: The output document.
    ///   - schemaID: The schema's `$id`, such as ``SignalIntelligenceOutput``'s ``AgentOutputDocument/schemaID``.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/unknownType`` for an unknown schema id, or
    ///   ``CatalogueError/Code/invalidPayload`` with failures pointing into the document.
    package func validateAgentOutput(_ document: JSONValue, schemaID: String) throws(CatalogueError) {
        guard let schema = BuiltInSchemas.shared.agentOutputs[schemaID] else {
            let known = BuiltInSchemas.shared.agentOutputs.keys.sorted().joined(separator: ", ")
            throw CatalogueError(.unknownType, "unknown agent output schema \"\(schemaID)\" (known: \(known))")
        }
        do {
            try schema.validate(document)
        } catch {
            throw CatalogueError(.invalidPayload, error.description, failures: error.failures)
        }
    }

    /// The ids of the built-in agent output schemas, sorted.
    package static var agentOutputSchemaIDs: [String] { BuiltInSchemas.shared.agentOutputs.keys.sorted() }

    /// Checks a record's CloudEvents JSON form against `Schemas/envelope.v1.schema.json`.
    ///
    /// - Parameter record: One parsed line of `opx read --json` or an export.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/invalidPayload`` and failures pointing into the record.
    package static func validateEnvelope(_ record: JSONValue) throws(CatalogueError) {
        do {
            try BuiltInSchemas.shared.envelope.validate(record)
        } catch {
            throw CatalogueError(.invalidPayload, error.description, failures: error.failures)
        }
    }

    private func validateUnnamed(_ event: ProposedEvent) throws(CatalogueError) {
        let schema = try entry(for: event.type, version: event.schemaVersion).schema
        let payload: JSONValue
        if let parsed = event.parsedData.value {
            payload = parsed   // the bytes were written from it: parsing them would give it back
        } else {
            do {
                payload = try JSONParser.parse(event.data)
            } catch {
                throw CatalogueError(.invalidJSON, error.description)
            }
        }
        do {
            try schema.validate(payload)
        } catch {
            throw CatalogueError(.invalidPayload, error.description, failures: error.failures)
        }
    }
}
