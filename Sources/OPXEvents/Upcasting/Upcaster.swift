/// Brings a payload of one event type from one schema version to the next.
///
/// A shipped schema is never edited: a change adds `v<N+1>` beside it plus an upcaster from `vN`, and readers of
/// old records get the new shape. Upcasters chain: a v1 payload read as v3 goes through the v1→v2 and v2→v3
/// upcasters, and the result is validated against the v3 schema. Built-in upcasters are listed in
/// ``BuiltInUpcasters``; tests and custom types register theirs with ``EventRegistry/register(_:)-(Upcaster)``.
///
/// ```swift
/// let renameTitle = Upcaster(type: try EventType("acme.widget-made"), from: 1) { payload in
///     guard var object = payload.objectValue else { return payload }
///     object["name"] = object.removeValue(forKey: "title")
///     return .object(object)
/// }
/// ```
package struct Upcaster: Sendable {
    /// The event type it applies to.
    package let type: EventType
    /// The version it reads.
    package let fromVersion: UInt16
    /// The transformation: a valid `fromVersion` payload in, a valid `fromVersion + 1` payload out.
    let transform: @Sendable (JSONValue) throws -> JSONValue

    /// The version it produces, `fromVersion + 1`.
    package var toVersion: UInt16 { fromVersion + 1 }

    /// Creates an upcaster.
    ///
    /// - Parameters:
    ///   - type: The event type.
    ///   - fromVersion: The version it reads; it produces the next one.
    ///   - transform: A pure function of the payload (no clock, no randomness, no I/O), so that every reader
    ///     upcasts alike. Throw to report a payload it cannot convert.
    package init(type: EventType, from fromVersion: UInt16,
                 transform: @escaping @Sendable (JSONValue) throws -> JSONValue) {
        self.type = type
        self.fromVersion = fromVersion
        self.transform = transform
    }
}
