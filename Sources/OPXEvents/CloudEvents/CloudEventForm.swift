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
        let start = out.count
        let count = length(fields, hash: hash)
        ZeroBytes.append(count, to: &out)
        out.withUnsafeMutableBytes { write(fields, hash: hash, length: count, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }

    /// Writes the form of `fields`, `count` bytes long as ``length(_:hash:)`` measured it, at the start of `buffer`.
    /// Measuring first lets every attribute be written in one pass, without growing anything.
    package static func write(_ fields: borrowing CloudEventFields, hash: EventHash?, length count: Int,
                              into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= count, "CloudEventForm.write: \(buffer.count)-byte buffer for a \(count)-byte form")
        var writer = Writer(buffer.baseAddress!)
        write(fields, hash: hash, &writer)
        precondition(writer.next == buffer.baseAddress! + count, "CloudEventForm: length and form disagree")
    }

    /// The number of bytes the form of `fields` takes.
    package static func length(_ fields: borrowing CloudEventFields, hash: EventHash?) -> Int {
        var count = Layout.fixed + fields.data.count + 2 * fields.type.count + fields.stream.count + fields.source.count
            + decimalDigits(UInt64(fields.schemaVersion))
        if fields.causationID != nil { count += Layout.causation }
        if fields.correlationID != nil { count += Layout.correlation }
        if hash != nil { count += Layout.hash }
        if let traceparent = fields.traceparent { count += Layout.traceparent + traceparent.count }
        return count
    }

    private static func write(_ fields: borrowing CloudEventFields, hash: EventHash?, _ out: inout Writer) {
        out.literal("{")
        if let causation = fields.causationID {
            out.literal("\"causationid\":\"")
            out.uuid(causation)
            out.literal("\",")
        }
        if let correlation = fields.correlationID {
            out.literal("\"correlationid\":\"")
            out.uuid(correlation)
            out.literal("\",")
        }
        out.literal("\"data\":")
        out.bytes(fields.data)
        out.literal(",\"datacontenttype\":\"application/json\",\"dataschema\":\"opx:event/")
        out.bytes(fields.type)
        out.literal("/v")
        out.decimal(UInt64(fields.schemaVersion))
        out.literal("\",\"id\":\"")
        out.uuid(fields.id)
        if let hash {
            out.literal("\",\"opxhash\":\"")
            out.hex(hash)
        }
        out.literal("\",\"opxposition\":\"")
        out.padded(fields.position)
        out.literal("\",\"opxprevhash\":\"")
        out.hex(fields.previousHash)
        out.literal("\",\"opxrevision\":\"")
        out.padded(fields.revision)
        out.literal("\",\"opxstream\":\"")
        out.bytes(fields.stream)
        out.literal("\",\"source\":\"")
        out.bytes(fields.source)
        out.literal("\",\"specversion\":\"1.0\",\"time\":\"")
        fields.recordedAt.write(into: UnsafeMutableRawBufferPointer(start: out.next, count: Timestamp.formattedLength))
        out.next += Timestamp.formattedLength
        if let traceparent = fields.traceparent {
            out.literal("\",\"traceparent\":\"")
            out.bytes(traceparent)
        }
        out.literal("\",\"type\":\"dev.opx.")
        out.bytes(fields.type)
        out.literal("\"}")
    }

    /// Byte counts of the parts of the form that do not depend on the record (``length(_:hash:)`` adds the rest).
    private enum Layout {
        /// Everything written for every record but the data, type (twice), stream, source and schema version digits:
        /// the literals (1 + 7 + 62 + 2 + 8 + 17 + 17 + 17 + 15 + 12 + 30 + 18 + 2 bytes, in the order written) and the
        /// fixed-width values (id, position, previous hash, revision, time).
        static let fixed = 208 + 36 + 20 + 64 + 20 + Timestamp.formattedLength
        static let causation = 15 + 36 + 2      // literal, UUID, literal
        static let correlation = 17 + 36 + 2
        static let hash = 13 + 64
        static let traceparent = 17
    }

    /// Writes bytes forward from a position in a buffer the caller sized with ``length(_:hash:)``.
    private struct Writer {
        var next: UnsafeMutableRawPointer

        init(_ start: UnsafeMutableRawPointer) { next = start }

        @inline(__always)
        mutating func literal(_ text: StaticString) {
            next.copyMemory(from: text.utf8Start, byteCount: text.utf8CodeUnitCount)
            next += text.utf8CodeUnitCount
        }

        @inline(__always)
        mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
            if let base = bytes.baseAddress { next.copyMemory(from: base, byteCount: bytes.count) }
            next += bytes.count
        }

        @inline(__always)
        mutating func uuid(_ id: EventID) {
            id.writeCanonical(into: UnsafeMutableRawBufferPointer(start: next, count: 36))
            next += 36
        }

        @inline(__always)
        mutating func hex(_ hash: EventHash) {
            hash.writeHex(into: UnsafeMutableRawBufferPointer(start: next, count: 64))
            next += 64
        }

        @inline(__always)
        mutating func padded(_ value: UInt64) {
            var rest = value
            for index in stride(from: 19, through: 0, by: -1) {
                next.storeBytes(of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10), toByteOffset: index, as: UInt8.self)
                rest /= 10
            }
            next += 20
        }

        @inline(__always)
        mutating func decimal(_ value: UInt64) {
            let digits = decimalDigits(value)
            var rest = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                next.storeBytes(of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10), toByteOffset: index, as: UInt8.self)
                rest /= 10
            }
            next += digits
        }
    }

    @inline(__always)
    private static func decimalDigits(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        return digits
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
}
