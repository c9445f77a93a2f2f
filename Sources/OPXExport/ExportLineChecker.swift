import Crypto
import Glibc
import OPXEvents

/// Checks a CloudEvents export line by line (JSON Lines or the batch layout opx writes), keeping
/// only the previous event's link: constant memory whatever the file's size.
///
/// See `Schemas/README.md`, "Verifying an export", for the procedure this implements.
struct ExportLineChecker {
    private static let summaryType = ExportSummary.eventType
    private static let hashMember = Array(",\"opxhash\":\"".utf8)

    private(set) var report = ExportVerificationReport()
    private var previous: (position: UInt64, hash: EventHash)?
    private var first: (position: UInt64, link: EventHash)?
    /// Gaps between positions: problems only when the summary says the selection is contiguous.
    private var gaps: [ExportProblem] = []
    private var summaryLine: Int?
    private var closedBatch = false
    private var lastLine = 0

    /// Recognises the layout from the first line: `[` starts a batch.
    mutating func detectFormat(firstLine bytes: UnsafeRawBufferPointer?) {
        report.format = bytes.map { $0.elementsEqual("[".utf8) } == true ? .batch : .jsonLines
    }

    /// What line `bytes` holds, without looking at any other line (so lines can be examined in
    /// parallel); `nil` bytes mean the line was too long to keep.
    func examine(_ bytes: UnsafeRawBufferPointer?) -> LineFinding {
        guard var bytes else { return .problem("the line is longer than \(ExportVerifier.maximumLineBytes) bytes; no opx event is") }
        if bytes.isEmpty { return .problem("an empty line; every line holds one event") }
        if report.format == .batch {
            if bytes.elementsEqual("[".utf8) { return .batchOpen }
            if bytes.elementsEqual("]".utf8) { return .batchClose }
            if bytes.last == UInt8(ascii: ",") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        }
        if let fields = Self.verifiedAsWritten(bytes) { return .event(fields, hashMatches: true) }
        let parsed = Result { () throws(JSONParseError) in
            try JSONParser.parse(bytes, limits: JSONLimits(maxBytes: ExportVerifier.maximumLineBytes))
        }
        let object: JSONObject
        switch parsed {
        case .failure(let error): return .problem("not valid JSON: \(error)")
        case .success(let value):
            guard let value = value.objectValue else { return .problem("not a JSON object (every line is one CloudEvent)") }
            object = value
        }
        if object["type"]?.stringValue == Self.summaryType { return .summary(object) }
        guard let fields = EventAttributes(object) else { return .problem(EventAttributes.requirement) }
        return .event(fields, hashMatches: Self.hashMatches(fields, object: object, bytes: bytes))
    }

    /// Applies what line `number` holds, in file order.
    mutating func apply(_ finding: LineFinding, line number: Int) {
        lastLine = number
        if case .batchOpen = finding, number == 1 { return }
        if summaryLine != nil || closedBatch {
            if case .batchClose = finding, !closedBatch {
                closedBatch = true
            } else {
                report.report(number, "content after the summary line (the summary must be the last event)")
            }
            return
        }
        switch finding {
        case .problem(let message): report.report(number, message)
        case .batchOpen, .batchClose: report.report(number, "a batch bracket in the middle of the export")
        case .summary(let object): checkSummary(object, line: number)
        case .event(let fields, let hashMatches): checkEvent(fields, hashMatches: hashMatches, line: number)
        }
    }

    /// Ends the file; returns the report with problems in line order.
    mutating func finish(missingFinalNewline: Bool) -> ExportVerificationReport {
        if summaryLine == nil {
            report.report(lastLine + 1, "the export ends without its summary line (the file was truncated)")
        } else if report.format == .batch, !closedBatch {
            report.report(lastLine + 1, "the batch ends without its closing ] (the file was truncated)")
        } else if missingFinalNewline {
            report.report(lastLine, "the last line has no newline (the file was truncated)")
        }
        if report.summary?.contiguous == true { for gap in gaps { report.report(gap.line, gap.message) } }
        report.problems.sort { $0.line < $1.line }
        return report
    }

    private mutating func checkEvent(_ fields: EventAttributes, hashMatches: Bool, line: Int) {
        report.events += 1
        if !hashMatches {
            report.report(line, "its content does not match its opxhash (the event at position \(fields.position) was modified)")
        }
        if let previous {
            if fields.position <= previous.position {
                report.report(line, "position \(fields.position) comes after \(previous.position): lines are out of order or repeated")
            } else if fields.position == previous.position + 1 {
                if fields.previousHash != previous.hash {
                    report.report(line, "its opxprevhash is not the previous line's opxhash (the chain is broken before position \(fields.position))")
                }
            } else {
                gaps.append(ExportProblem(line: line, message: "positions jump from \(previous.position) to \(fields.position): events are missing (a line was dropped)"))
            }
        } else {
            first = (fields.position, fields.previousHash)
            if fields.position == 1, fields.previousHash != .genesis {
                report.report(line, "position 1 must have an opxprevhash of 64 zeros")
            }
        }
        previous = (fields.position, fields.hash)
    }

    /// Checks `opxhash`: first over the line's own bytes without the member (what opx writes is
    /// already canonical), then, if that differs, over the JCS form of the parsed event.
    private static func hashMatches(_ fields: EventAttributes, object: JSONObject, bytes: UnsafeRawBufferPointer) -> Bool {
        if let range = Self.lastHashMember(in: bytes) {
            var sha = SHA256()
            fields.previousHash.withUnsafeBytes { sha.update(bufferPointer: $0) }
            sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<range.lowerBound]))
            sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[range.upperBound...]))
            if sha.finalize().withUnsafeBytes({ EventHash(bytes: $0) }) == fields.hash { return true }
        }
        var unhashed = object
        _ = unhashed.removeValue(forKey: "opxhash")
        var sha = SHA256()
        fields.previousHash.withUnsafeBytes { sha.update(bufferPointer: $0) }
        sha.update(data: CanonicalJSONWriter.canonicalBytes(.object(unhashed)))
        return sha.finalize().withUnsafeBytes { EventHash(bytes: $0) } == fields.hash
    }

    /// The fast path for a line exactly as opx writes it (already JCS): the attributes read at their
    /// fixed places after `opxhash` (`opxposition`, `opxprevhash`, `opxrevision`, `opxstream` follow
    /// it in key order), and the hash checked over the line's own bytes without the `opxhash` member.
    /// When the hash matches, the line is byte for byte the canonical form that was hashed, so
    /// parsing it would give the same answer; any other line (reformatted, damaged, the summary)
    /// returns `nil` and takes the full path: parse, check every attribute, canonicalise, hash.
    private static func verifiedAsWritten(_ bytes: UnsafeRawBufferPointer) -> EventAttributes? {
        guard let member = lastHashMember(in: bytes) else { return nil }
        let tail = UnsafeRawBufferPointer(rebasing: bytes[member.upperBound...])
        let positionKey = Array(",\"opxposition\":\"".utf8), previousKey = Array("\",\"opxprevhash\":\"".utf8)
        let revisionKey = Array("\",\"opxrevision\":\"".utf8), streamKey = Array("\",\"opxstream\":\"".utf8)
        let positionAt = positionKey.count, previousAt = positionAt + 20 + previousKey.count
        let revisionAt = previousAt + 64 + revisionKey.count, streamAt = revisionAt + 20 + streamKey.count
        guard tail.count > streamAt, tail.starts(with: positionKey),
              tail[(positionAt + 20)...].starts(with: previousKey), tail[(previousAt + 64)...].starts(with: revisionKey),
              tail[(revisionAt + 20)...].starts(with: streamKey),
              let position = decimal(UnsafeRawBufferPointer(rebasing: tail[positionAt..<(positionAt + 20)])), position > 0,
              decimal(UnsafeRawBufferPointer(rebasing: tail[revisionAt..<(revisionAt + 20)])) != nil,
              let previous = EventAttributes.hex(UnsafeRawBufferPointer(rebasing: tail[previousAt..<(previousAt + 64)])),
              let hash = EventAttributes.hex(UnsafeRawBufferPointer(rebasing: bytes[(member.lowerBound + hashMember.count)..<(member.upperBound - 1)]))
        else { return nil }
        var sha = SHA256()
        previous.withUnsafeBytes { sha.update(bufferPointer: $0) }
        sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<member.lowerBound]))
        sha.update(bufferPointer: tail)
        guard sha.finalize().withUnsafeBytes({ EventHash(bytes: $0) }) == hash else { return nil }
        return EventAttributes(position: position, previousHash: previous, hash: hash)
    }

    /// 20 decimal digits as a number; `nil` for anything else.
    private static func decimal(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            guard (48...57).contains(digit) else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = times &+ UInt64(digit - 48)
            guard value >= times else { return nil }
        }
        return value
    }

    /// The byte range of the last `,"opxhash":"<64 hex>"` member of a line.
    private static func lastHashMember(in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        let length = hashMember.count + 65
        var start = bytes.count - length
        while start >= 0 {
            if bytes[start] == UInt8(ascii: ","), bytes[start + length - 1] == UInt8(ascii: "\""),
               hashMember.withUnsafeBytes({ memcmp(bytes.baseAddress! + start, $0.baseAddress!, hashMember.count) == 0 }) {
                return start..<(start + length)
            }
            start -= 1
        }
        return nil
    }

    private mutating func checkSummary(_ object: JSONObject, line: Int) {
        summaryLine = line
        let summary: ExportSummary
        switch ExportSummary.parse(object, previous: previous?.hash) {
        case .failure(let problem): report.report(line, problem.message); return
        case .success(let parsed): summary = parsed
        }
        report.summary = summary
        var mismatches: [String] = []
        if summary.count != report.events { mismatches.append("count \(summary.count), but the export holds \(report.events) events (lines dropped or added)") }
        if let first {
            if summary.firstPosition != first.position { mismatches.append("firstPosition \(summary.firstPosition), but the first event is at \(first.position)") }
            if summary.anchorHash != first.link { mismatches.append("anchorHash \(summary.anchorHash), but the first event links to \(first.link)") }
        }
        if let previous {
            if summary.lastPosition != previous.position { mismatches.append("lastPosition \(summary.lastPosition), but the last event is at \(previous.position)") }
            if summary.lastHash != previous.hash { mismatches.append("lastHash \(summary.lastHash), but the last event's opxhash is \(previous.hash)") }
        }
        if summary.contiguous, summary.count > 0, summary.lastPosition - summary.firstPosition + 1 != summary.count {
            mismatches.append("a contiguous selection from \(summary.firstPosition) to \(summary.lastPosition) must hold \(summary.lastPosition - summary.firstPosition + 1) events, not \(summary.count)")
        }
        if let format = report.format, summary.format != format, summary.format != .otlp {
            mismatches.append("format \(summary.format.rawValue), but the file is laid out as \(format.rawValue)")
        }
        for mismatch in mismatches { report.report(line, "the summary says \(mismatch)") }
    }
}

/// What one line of an export holds.
enum LineFinding: Sendable {
    /// An event, and whether its `opxhash` matched its content.
    case event(EventAttributes, hashMatches: Bool)
    /// The summary event, parsed.
    case summary(JSONObject)
    /// Something wrong with the line alone.
    case problem(String)
    /// A batch's opening `[`.
    case batchOpen
    /// A batch's closing `]`.
    case batchClose
}

/// The attributes of an exported event that verification needs, read from its parsed JSON.
struct EventAttributes: Sendable {
    static let requirement = "not an opx CloudEvent: it needs specversion \"1.0\", id, source, type \"dev.opx.*\", time, opxstream, opxposition and opxrevision (20 digits), opxprevhash and opxhash (64 lowercase hex)"

    let position: UInt64
    let previousHash: EventHash
    let hash: EventHash

    init(position: UInt64, previousHash: EventHash, hash: EventHash) {
        self.position = position
        self.previousHash = previousHash
        self.hash = hash
    }

    init?(_ object: JSONObject) {
        guard object["specversion"]?.stringValue == "1.0", object["id"]?.stringValue != nil, object["source"]?.stringValue != nil,
              object["type"]?.stringValue?.hasPrefix("dev.opx.") == true, object["time"]?.stringValue != nil,
              object["opxstream"]?.stringValue != nil, Self.padded(object["opxrevision"]) != nil,
              let position = Self.padded(object["opxposition"]), position > 0,
              let previous = Self.hex(object["opxprevhash"]), let hash = Self.hex(object["opxhash"]) else { return nil }
        self.position = position
        self.previousHash = previous
        self.hash = hash
    }

    private static func padded(_ value: JSONValue?) -> UInt64? {
        guard let text = value?.stringValue, text.utf8.count == 20, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return UInt64(text)
    }

    private static func hex(_ value: JSONValue?) -> EventHash? {
        guard var text = value?.stringValue, text.utf8.count == 64 else { return nil }
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0)) }
    }

    /// 64 lowercase hex digits as a hash; `nil` for anything else.
    static func hex(_ digits: UnsafeRawBufferPointer) -> EventHash? {
        guard digits.count == 64 else { return nil }
        return nibbles.withUnsafeBufferPointer { table -> EventHash? in
            func word(_ start: Int) -> UInt64? {
                var value: UInt64 = 0, invalid: UInt8 = 0
                for i in start..<(start + 16) {
                    let nibble = table[Int(digits[i])]
                    invalid |= nibble
                    value = value << 4 | UInt64(nibble & 0x0F)
                }
                return invalid & 0xF0 == 0 ? value : nil
            }
            guard let a = word(0), let b = word(16), let c = word(32), let d = word(48) else { return nil }
            return EventHash(words: (a, b, c, d))
        }
    }

    /// The value of each lowercase hex digit; 0xFF for every other byte.
    private static let nibbles: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 48...57: UInt8(byte - 48)
        case 97...102: UInt8(byte - 87)
        default: 0xFF
        }
    }
}
