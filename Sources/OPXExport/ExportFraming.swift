import OPXEvents

/// How each format frames the events and the summary in the output bytes.
struct ExportFraming {
    let format: ExportFormat
    let opxVersion: String
    private var wroteEvent = false

    init(format: ExportFormat, opxVersion: String) {
        self.format = format
        self.opxVersion = opxVersion
    }

    /// The bytes before the first event.
    func begin(_ out: inout [UInt8]) {
        switch format {
        case .jsonLines: break
        case .batch: out.append(contentsOf: "[\n".utf8)
        case .otlp:
            out.append(contentsOf: "{\"resourceSpans\":[{\"scopeSpans\":[{\"scope\":{\"name\":\"opx\",\"version\":".utf8)
            out.append(contentsOf: CanonicalJSONWriter.canonicalBytes(.string(opxVersion)))
            out.append(contentsOf: "},\"spans\":[".utf8)
        }
    }

    /// True when the format carries events of this type (OTLP carries only trace spans).
    func carries(_ fields: borrowing CloudEventFields) -> Bool {
        format != .otlp || fields.type.elementsEqual(OTLPSpanWriter.spanType.utf8)
    }

    /// Appends one event.
    mutating func event(_ fields: borrowing CloudEventFields, hash: EventHash, _ out: inout [UInt8]) {
        switch format {
        case .jsonLines:
            CloudEventForm.append(fields, hash: hash, to: &out)
            out.append(UInt8(ascii: "\n"))
        case .batch:
            CloudEventForm.append(fields, hash: hash, to: &out)
            out.append(contentsOf: ",\n".utf8)
        case .otlp:
            if wroteEvent { out.append(UInt8(ascii: ",")) }
            OTLPSpanWriter.append(fields, hash: hash, to: &out)
        }
        wroteEvent = true
    }

    /// The summary and the bytes after it.
    func end(_ summary: ExportSummary, _ out: inout [UInt8]) {
        let summaryBytes = summary.cloudEventBytes()
        switch format {
        case .jsonLines:
            out.append(contentsOf: summaryBytes)
            out.append(UInt8(ascii: "\n"))
        case .batch:
            out.append(contentsOf: summaryBytes)
            out.append(contentsOf: "\n]\n".utf8)
        case .otlp:
            out.append(contentsOf: "]}],\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"opx\"}},{\"key\":\"\(OTLPSpanWriter.summaryAttribute)\",\"value\":{\"stringValue\":".utf8)
            out.append(contentsOf: CanonicalJSONWriter.canonicalBytes(.string(String(decoding: summaryBytes, as: UTF8.self))))
            out.append(contentsOf: "}}]}}]}\n".utf8)
        }
    }
}
