package import OPXEvents

/// JSON bytes embedded verbatim in a row (an agent output, a span's attributes), never re-encoded.
///
/// Taken from canonical payloads, so the bytes are canonical too; rows stay byte-stable.
package struct RawJSON: Sendable, Hashable {
    /// The JSON text.
    package let bytes: [UInt8]

    /// Wraps bytes known to be one JSON value.
    package init(trusted bytes: [UInt8]) { self.bytes = bytes }

    /// The canonical bytes of `value`.
    package init(_ value: JSONValue) { bytes = CanonicalJSONWriter.canonicalBytes(value) }

    /// The value parsed, or `nil` if the bytes are not JSON.
    package var value: JSONValue? { try? JSONParser.parse(bytes) }

    /// A view for reading fields without parsing everything.
    package var view: JSONView { JSONView(bytes) }
}
