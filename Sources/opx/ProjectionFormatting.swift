import Foundation
import OPXEvents
import OPXProjections

/// Text helpers for the projection commands' human output.
enum Fmt {
    /// `text` padded with spaces to `width` (at least one space after).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// Rows as aligned columns (the last column is not padded).
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.count > i ? $0[i].count : 0 }.max()! + 2 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : pad(cell, widths[i]) }.joined()
        }
    }

    /// `1.2s`, `3m04s`, `2h05m`.
    static func duration(_ nanoseconds: Int64) -> String {
        let seconds = Double(nanoseconds) / 1e9
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds)
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        if s < 86_400 * 2 { return String(format: "%dh%02dm", s / 3600, s % 3600 / 60) }
        return "\(s / 86_400)d"
    }

    static func duration(from a: Timestamp?, to b: Timestamp?) -> String {
        guard let a, let b else { return "-" }
        return duration(b.nanoseconds - a.nanoseconds)
    }

    /// `$0.0123`.
    static func usd(_ value: Double) -> String { "$" + EventDescriber.formatUSD(value) }

    /// `12,345`.
    static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A time without nanoseconds: `2026-01-05T08:00:00Z`.
    static func time(_ t: Timestamp?) -> String {
        guard let t else { return "-" }
        let text = t.description
        return String(text.prefix(19)) + "Z"
    }

    /// Canonical JSON of `value` as text.
    static func json(_ value: JSONValue) -> String { String(decoding: CanonicalJSONWriter.canonicalBytes(value), as: UTF8.self) }

    /// A one-line excerpt of `value` for diffs.
    static func short(_ value: JSONValue?, limit: Int = 100) -> String {
        guard let value else { return "∅" }
        let text = json(value)
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Prints, on stderr, which projections are behind the log, and how they catch up.
    static func warnIfBehind(_ reader: ProjectionReader) {
        for (name, position) in reader.behind {
            Output.error("note: projection \(name) is at position \(position) but the log is at \(reader.head); it catches up at the next write or with `opx projections catch-up`")
        }
    }
}
