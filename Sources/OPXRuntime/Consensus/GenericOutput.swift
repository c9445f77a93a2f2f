package import OPXEvents

/// The fields every agent output schema shares (the consensus reads only these), read straight from the recorded
/// JSON rather than through Codable.
///
/// Reads as Codable's synthesized decoding would: a missing or mistyped required field, or a mistyped optional one,
/// makes the document unreadable (`nil`); unknown members are ignored.
package struct GenericOutput: Sendable, Hashable {
    /// The agent's overall confidence.
    package var confidence: Double
    /// Its findings.
    package var findings: [Finding]
    /// The evidence it cites.
    package var evidence: [EvidenceReference]
    /// The services it names.
    package var services: [String]
    /// What it recommends, if anything.
    package var recommendations: [Recommendation]?

    /// The shared fields of `document`, or `nil` when they do not read.
    package init?(_ document: JSONValue) {
        guard let object = document.objectValue,
              let read = try? Self(reading: FieldReader(object: object)) else { return nil }
        self = read
    }

    private init(reading fields: FieldReader) throws(FieldReader.Mismatch) {
        confidence = try fields.required("confidence", \.doubleValue)
        findings = try fields.required("findings") { try? FieldReader.objects($0, Finding.init(reading:)) }
        evidence = try fields.required("evidence") { try? FieldReader.objects($0, EvidenceReference.init(reading:)) }
        services = try fields.required("services", FieldReader.strings)
        recommendations = try fields.optional("recommendations") { try? FieldReader.objects($0, Recommendation.init(reading:)) }
    }
}

/// Reads the members of one JSON object with Codable's rules for required and optional fields.
struct FieldReader {
    /// A member that is missing or has the wrong type.
    struct Mismatch: Error {}

    let object: JSONObject

    /// The member `key`, read by `read`; it must be present and read.
    func required<T>(_ key: String, _ read: (JSONValue) -> T?) throws(Mismatch) -> T {
        guard let value = object[key], let typed = read(value) else { throw Mismatch() }
        return typed
    }

    /// The member `key`, read by `read`; absent or `null` is `nil`, anything else must read.
    func optional<T>(_ key: String, _ read: (JSONValue) -> T?) throws(Mismatch) -> T? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let typed = read(value) else { throw Mismatch() }
        return typed
    }

    /// An array of strings, or `nil`.
    static func strings(_ value: JSONValue) -> [String]? {
        guard let elements = value.arrayValue else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard let string = element.stringValue else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// An array of objects, each read by `read`.
    static func objects<T>(_ value: JSONValue, _ read: (FieldReader) throws(Mismatch) -> T) throws(Mismatch) -> [T] {
        guard let elements = value.arrayValue else { throw Mismatch() }
        var values: [T] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let object = element.objectValue else { throw Mismatch() }
            values.append(try read(FieldReader(object: object)))
        }
        return values
    }
}

extension Finding {
    fileprivate init(reading fields: FieldReader) throws(FieldReader.Mismatch) {
        self.init(id: try fields.required("id", \.stringValue), title: try fields.required("title", \.stringValue),
                  detail: try fields.optional("detail", \.stringValue), confidence: try fields.required("confidence", \.doubleValue),
                  evidence: try fields.required("evidence", FieldReader.strings), services: try fields.optional("services", FieldReader.strings))
    }
}

extension EvidenceReference {
    fileprivate init(reading fields: FieldReader) throws(FieldReader.Mismatch) {
        self.init(id: try fields.required("id", \.stringValue),
                  kind: try fields.required("kind") { $0.stringValue.flatMap(Kind.init(rawValue:)) },
                  ref: try fields.required("ref", \.stringValue), citation: try fields.optional("citation", \.stringValue),
                  summary: try fields.optional("summary", \.stringValue),
                  observedAt: try fields.optional("observedAt") { $0.stringValue.flatMap { try? Timestamp(rfc3339: $0) } })
    }
}

extension Recommendation {
    fileprivate init(reading fields: FieldReader) throws(FieldReader.Mismatch) {
        self.init(id: try fields.required("id", \.stringValue), action: try fields.required("action", \.stringValue),
                  rationale: try fields.required("rationale", \.stringValue),
                  evidence: try fields.required("evidence", FieldReader.strings),
                  risk: try fields.required("risk") { $0.stringValue.flatMap(Risk.init(rawValue:)) },
                  confidence: try fields.optional("confidence", \.doubleValue),
                  commands: try fields.optional("commands", FieldReader.strings),
                  services: try fields.optional("services", FieldReader.strings))
    }
}
