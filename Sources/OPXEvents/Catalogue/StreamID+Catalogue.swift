extension StreamID {
    /// The stream of an incident's events: `incident-<uuid>`.
    ///
    /// - Parameter id: The incident id.
    /// - Returns: The stream id.
    package static func incident(_ id: EntityID) -> StreamID {
        StreamID(unchecked: "incident-\(id)")
    }

    /// The stream of an investigation's events: `investigation-<uuid>`.
    ///
    /// - Parameter id: The investigation id.
    /// - Returns: The stream id.
    package static func investigation(_ id: EntityID) -> StreamID {
        StreamID(unchecked: "investigation-\(id)")
    }
}
