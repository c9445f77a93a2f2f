package import OPXEvents

/// A point in an investigation's (or incident's) history to look at.
package enum TimeTravelPoint: Sendable, Hashable, CustomStringConvertible {
    /// Now: everything in the log.
    case head
    /// Everything up to and including this global log position.
    case position(UInt64)
    /// The stream up to and including this revision (from 0).
    case revision(UInt64)
    /// Right after this checkpoint: a step name, agent, kind, or checkpoint number (`3`, `#3`).
    case checkpoint(String)
    /// Everything recorded at or before this time.
    case time(Timestamp)

    package var description: String {
        switch self {
        case .head: return "head"
        case .position(let p): return "position \(p)"
        case .revision(let r): return "revision \(r)"
        case .checkpoint(let c): return "checkpoint \(c)"
        case .time(let t): return "time \(t)"
        }
    }

    /// Parses the forms `opx diff` accepts: `head`, a log position (`1234`, `position:1234`),
    /// `rev:N` / `revision:N`, `checkpoint:STEP` / `@STEP`, `time:RFC3339` or a bare RFC 3339 time.
    /// - Throws: ``ProjectionError`` `.badPoint` saying which forms exist.
    package static func parse(_ text: String) throws -> TimeTravelPoint {
        let forms = "use a log position (1234), rev:N, checkpoint:STEP (or @STEP), time:2026-01-05T08:00:00Z, or head"
        func number(_ s: Substring, _ what: String) throws -> UInt64 {
            guard let n = UInt64(s) else { throw ProjectionError(.badPoint, "\"\(text.prefix(60))\": \(what) must be a non-negative integer; \(forms)") }
            return n
        }
        if text == "head" { return .head }
        if let n = UInt64(text) { return .position(n) }
        if text.hasPrefix("@") { return .checkpoint(String(text.dropFirst())) }
        if let colon = text.firstIndex(of: ":") {
            let kind = text[..<colon], rest = text[text.index(after: colon)...]
            switch kind {
            case "position", "pos", "at": return .position(try number(rest, "a position"))
            case "rev", "revision", "r": return .revision(try number(rest, "a revision"))
            case "checkpoint", "ckpt", "step":
                guard !rest.isEmpty else { break }
                return .checkpoint(String(rest))
            case "time", "t": return .time(try parseTime(String(rest)))
            default:
                if text.count >= 20, text.dropFirst(4).first == "-" { return .time(try parseTime(text)) }
            }
        }
        throw ProjectionError(.badPoint, "\"\(text.prefix(60))\" is not a point in time; \(forms)")
    }

    /// Parses an RFC 3339 time with a clear error.
    package static func parseTime(_ text: String) throws -> Timestamp {
        // Timestamps are Int64 nanoseconds: 1678-2261 only (and Timestamp(rfc3339:) traps outside that range).
        if let year = Int(text.prefix(4)), text.count >= 20, !(1678...2261).contains(year) {
            throw ProjectionError(.badPoint, "\"\(text.prefix(60))\": opx times run from 1678 to 2261")
        }
        do { return try Timestamp(rfc3339: text) } catch {
            throw ProjectionError(.badPoint, "\(error)")
        }
    }
}
