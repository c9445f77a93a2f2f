extension Timestamp: Codable {
    /// Decodes an RFC 3339 time (any offset; stored as UTC).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Timestamp(rfc3339: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes ``payloadText``.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(payloadText)
    }

    /// The RFC 3339 UTC form used in payloads: no fraction for whole seconds, else 3, 6, or 9 fraction digits
    /// (`2026-11-24T06:28:46Z`, `2026-11-24T06:28:46.120Z`).
    ///
    /// The envelope's fixed nine-digit form (``description``) sorts as text; payload times favour the short form the
    /// monitoring tools themselves send. Both parse back to the same instant.
    package var payloadText: String {
        var text = description
        let fraction = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000).remainder
        let utf8 = Array(text.utf8)
        // description is "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ": the fraction is bytes 20..<29.
        let keep: Int
        if fraction == 0 {
            keep = 0
        } else if fraction % 1_000_000 == 0 {
            keep = 3
        } else if fraction % 1_000 == 0 {
            keep = 6
        } else {
            keep = 9
        }
        text = String(decoding: utf8[0..<19], as: UTF8.self)
        if keep > 0 { text += "." + String(decoding: utf8[20..<(20 + keep)], as: UTF8.self) }
        return text + "Z"
    }
}
