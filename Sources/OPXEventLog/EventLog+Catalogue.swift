package import OPXEvents

extension EventLog {
    /// The stream holding `schema.registered` events: the custom types users registered.
    package static let schemasStream = StreamID(unchecked: "schemas")

    /// Validates a batch against the catalogue (when the log has one) before any write begins.
    ///
    /// An unknown type or version may have been registered by another process since this one
    /// loaded the `schemas` stream, so the stream is reloaded once before the batch is refused.
    /// - Throws: `CatalogueError` naming the event (index, type, id), the JSON Pointer of the
    ///   offending field, what was expected and what was found.
    package func validate(_ events: [ProposedEvent]) throws {
        guard let registry else { return }
        let firstAttempt = Result { () throws(CatalogueError) in try registry.validate(events) }
        guard case .failure(let error) = firstAttempt else { return }
        guard error.code == .unknownType || error.code == .unknownVersion else { throw error }
        try loadRegisteredSchemas()
        try registry.validate(events)
    }

    /// Registers every custom type recorded in the `schemas` stream (idempotent).
    package func loadRegisteredSchemas() throws {
        guard let registry else { return }
        var revision: UInt64 = 0
        while true {
            let page = try read(stream: Self.schemasStream, from: revision, limit: 512)
            for event in page where event.type == SchemaRegistered.eventType {
                try registry.register(try registry.decode(event, as: SchemaRegistered.self))
            }
            guard let last = page.last, page.count == 512 else { return }
            revision = last.revision + 1
        }
    }
}
