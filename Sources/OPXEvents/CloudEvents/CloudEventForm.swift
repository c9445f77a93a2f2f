/// The CloudEvents 1.0 JSON form of a stored record, written directly in RFC 8785 (JCS) canonical form.
///
/// Attributes, in the (sorted) order they are written:
///
/// | attribute | value |
/// |---|---|
/// | `causationid` | UUID of the causing event (omitted when none) |
/// | `correlationid` | UUID of the correlation (omitted when none) |
/// | `data` | the payload, canonical JSON |
/// | `datacontenttype` | `application/json` |
/// | `dataschema` | `opx:event/<type>/v<schemaVersion>` |
/// | `id` | the event id, lowercase UUID |
/// | `opxhash` | this record's hash, 64 lowercase hex (omitted in the hashed form) |
/// | `opxposition` | the log position, 20 zero-padded decimal digits |
/// | `opxprevhash` | the previous record's hash, 64 lowercase hex |
/// | `opxrevision` | the stream revision, 20 zero-padded decimal digits |
/// | `opxstream` | the stream id |
/// | `source` | the producer, a URI reference |
/// | `specversion` | `1.0` |
/// | `time` | recorded-at, RFC 3339 UTC with nine fraction digits |
/// | `traceparent` | W3C trace context (omitted when none) |
/// | `type` | `dev.opx.` + the event type |
///
/// Every string attribute except `data` is restricted to characters that need no JSON escaping,
/// so the bytes written are the JCS canonical form; the record hash is
/// `SHA-256(previousHash bytes ‖ these bytes without opxhash)`.
package enum CloudEventForm {
    /// The `datacontenttype` opx writes.
    package static let dataContentType = "application/json"

    /// Appends the canonical CloudEvents JSON of `fields` to `out`; includes `opxhash` when `hash` is given.
    package static func append(_ fields: borrowing CloudEventFields, hash: EventHash?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let causation = fields.causationID {
            literal("\"causationid\":\"", &out)
            uuid(causation, &out)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ","))
        }
        if let correlation = fields.correlationID {
            literal("\"correlationid\":\"", &out)
            uuid(correlation, &out)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ","))
        }
        literal("\"data\":", &out)
        out.append(contentsOf: fields.data)
        literal(",\"datacontenttype\":\"application/json\",\"dataschema\":\"opx:event/", &out)
        out.append(contentsOf: fields.type)
        literal("/v", &out)
        decimal(UInt64(fields.schemaVersion), &out)
        literal("\",\"id\":\"", &out)
        uuid(fields.id, &out)
        if let hash {
            literal("\",\"opxhash\":\"", &out)
            hex(hash, &out)
        }
        literal("\",\"opxposition\":\"", &out)
        padded(fields.position, &out)
        literal("\",\"opxprevhash\":\"", &out)
        hex(fields.previousHash, &out)
        literal("\",\"opxrevision\":\"", &out)
        padded(fields.revision, &out)
        literal("\",\"opxstream\":\"", &out)
        out.append(contentsOf: fields.stream)
        literal("\",\"source\":\"", &out)
        out.append(contentsOf: fields.source)
        literal("\",\"specversion\":\"1.0\",\"time\":\"", &out)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: Timestamp.formattedLength))
        out.withUnsafeMutableBytes { fields.recordedAt.write(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        if let traceparent = fields.traceparent {
            literal("\",\"traceparent\":\"", &out)
            out.append(contentsOf: traceparent)
        }
        literal("\",\"type\":\"dev.opx.", &out)
        out.append(contentsOf: fields.type)
        literal("\"}", &out)
    }

    @inline(__always)
    private static func literal(_ s: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    private static func uuid(_ id: EventID, _ out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 36))
        out.withUnsafeMutableBytes { id.writeCanonical(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }

    @inline(__always)
    private static func hex(_ hash: EventHash, _ out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 64))
        out.withUnsafeMutableBytes { hash.writeHex(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }

    /// 20 zero-padded decimal digits: how 64-bit numbers travel in CloudEvents attributes.
    @inline(__always)
    package static func padded(_ value: UInt64, _ out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 20))
        var v = value
        var i = start + 19
        while v > 0 {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
    }

    @inline(__always)
    private static func decimal(_ value: UInt64, _ out: inout [UInt8]) {
        if value >= 10 { decimal(value / 10, &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
