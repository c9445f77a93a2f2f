extension CatalogueEvent {
    /// The event's payload as JSON (cold path: goes through Codable).
    ///
    /// - Returns: The payload; members the value leaves `nil` are absent.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/encodingFailed``, for example for a non-finite double.
    package func jsonPayload() throws(CatalogueError) -> JSONValue {
        try CodableBridge.encode(self)
    }

    /// Decodes an event from its payload at this type's ``schemaVersion`` (cold path: goes through Codable).
    ///
    /// It does not validate; validate first, or decode through ``EventRegistry/decode(_:as:)``, which also upcasts.
    ///
    /// - Parameter payload: The payload.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/decodingFailed`` naming the member that did not fit.
    package init(jsonPayload payload: JSONValue) throws(CatalogueError) {
        self = try CodableBridge.decode(Self.self, from: payload)
    }
}

extension AgentOutputDocument {
    /// The document as JSON (cold path: goes through Codable).
    ///
    /// - Returns: The document.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/encodingFailed``.
    package func jsonPayload() throws(CatalogueError) -> JSONValue {
        try CodableBridge.encode(self)
    }

    /// Decodes a document from JSON (cold path: goes through Codable).
    ///
    /// - Parameter payload: The document.
    /// - Throws: ``CatalogueError`` with ``CatalogueError/Code/decodingFailed``.
    package init(jsonPayload payload: JSONValue) throws(CatalogueError) {
        self = try CodableBridge.decode(Self.self, from: payload)
    }
}
