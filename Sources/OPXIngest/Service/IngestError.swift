import OPXEvents

/// Input that will never be valid: the sender must change it, retrying the same bytes fails the same way.
///
/// Nothing is appended when an ingest throws this.
package struct IngestError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status: 400 malformed, 413 too large, 415 content type, 422 invalid.
    package var status: Int
    /// The JSON Pointer of the offending field, when one is to blame.
    package var pointer: String?
    /// What was wrong and how to fix it.
    package var message: String

    /// Creates an error.
    package init(status: Int, pointer: String? = nil, _ message: String) {
        self.status = status
        self.pointer = pointer
        self.message = message
    }

    /// `422`: well-formed JSON that does not describe a valid payload for the adapter.
    package static func invalid(_ pointer: String, _ message: String) -> IngestError {
        IngestError(status: 422, pointer: pointer, message)
    }

    /// `400`: bytes that are not a parseable payload.
    package static func malformed(_ pointer: String?, _ message: String) -> IngestError {
        IngestError(status: 400, pointer: pointer, message)
    }

    /// The message, with the pointer when there is one.
    package var description: String {
        if let pointer { return "\(message) (at \(pointer.isEmpty ? "the document root" : pointer))" }
        return message
    }

    /// The JSON error body servers answer with: `{"error":{"status":…,"pointer":…,"message":…}}`.
    package var jsonBody: [UInt8] {
        var error = JSONObject()
        error.set("status", .number(JSONNumber(Int64(status))))
        error.set("message", .string(message))
        if let pointer { error.set("pointer", .string(pointer)) }
        var root = JSONObject()
        root.set("error", .object(error))
        return CanonicalJSONWriter.canonicalBytes(.object(root))
    }
}
