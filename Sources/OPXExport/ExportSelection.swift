package import OPXEvents

/// Which events an export holds: every filter given must match (they combine with AND).
///
/// An empty selection is the whole log. `stream` and `investigation` are mutually exclusive; the
/// position and time bounds are inclusive.
package struct ExportSelection: Sendable, Hashable {
    /// Only this stream's events.
    package var stream: StreamID?
    /// Only streams of this category: the stream id up to its first `-` (`investigation` selects every `investigation-*`).
    package var category: String?
    /// An investigation's stream plus its incident's stream and the signals attached to that incident.
    package var investigation: EntityID?
    /// Only events of these types (any of them); empty means every type.
    package var types: [EventType] = []
    /// The first position (inclusive).
    package var fromPosition: LogPosition?
    /// The last position (inclusive).
    package var toPosition: LogPosition?
    /// Only events recorded at or after this time.
    package var since: Timestamp?
    /// Only events recorded at or before this time.
    package var until: Timestamp?

    /// The whole log.
    package init() {}

    /// A selection with the given filters.
    package init(stream: StreamID? = nil, category: String? = nil, investigation: EntityID? = nil, types: [EventType] = [],
                 from: LogPosition? = nil, to: LogPosition? = nil, since: Timestamp? = nil, until: Timestamp? = nil) {
        self.stream = stream
        self.category = category
        self.investigation = investigation
        self.types = types
        self.fromPosition = from
        self.toPosition = to
        self.since = since
        self.until = until
    }

    /// True when the selected events are every event between the first and the last one: no stream,
    /// category, investigation or type filter. A verifier then also checks that positions have no gaps.
    package var isContiguous: Bool {
        stream == nil && category == nil && investigation == nil && types.isEmpty
    }

    /// Checks that the filters can be combined.
    /// - Throws: ``ExportError`` `.invalidSelection` naming the conflicting options.
    package func validate() throws {
        if stream != nil && investigation != nil {
            throw ExportError(.invalidSelection, "--stream and --investigation cannot be combined: an investigation export already chooses its streams")
        }
        if let from = fromPosition, let to = toPosition, from > to {
            throw ExportError(.invalidSelection, "--from \(from) is after --to \(to): give the lower position first")
        }
        if let since, let until, since > until {
            throw ExportError(.invalidSelection, "--since \(since) is after --until \(until): give the earlier time first")
        }
        if let category, category.isEmpty || category.contains("-") {
            throw ExportError(.invalidSelection, "--category \"\(category)\" must be a stream id's prefix before its first '-', e.g. investigation")
        }
    }

    /// True when an event with these fields passes the stream, category, type and bound filters
    /// (not the investigation filter, which is applied by choosing positions).
    func matches(_ fields: borrowing CloudEventFields) -> Bool {
        if let from = fromPosition, fields.position < from.rawValue { return false }
        if let to = toPosition, fields.position > to.rawValue { return false }
        if let since, fields.recordedAt < since { return false }
        if let until, fields.recordedAt > until { return false }
        if let stream, !Self.equal(fields.stream, stream.rawValue) { return false }
        if let category, !Self.hasCategory(fields.stream, category) { return false }
        if !types.isEmpty, !types.contains(where: { Self.equal(fields.type, $0.rawValue) }) { return false }
        return true
    }

    /// The selection as sorted `name: value` pairs, as recorded in the summary.
    var described: [(String, String)] {
        var out: [(String, String)] = []
        if let category { out.append(("category", category)) }
        if let fromPosition { out.append(("from", String(fromPosition.rawValue))) }
        if let investigation { out.append(("investigation", investigation.description)) }
        if let since { out.append(("since", since.description)) }
        if let stream { out.append(("stream", stream.rawValue)) }
        if let toPosition { out.append(("to", String(toPosition.rawValue))) }
        if !types.isEmpty { out.append(("type", types.map(\.rawValue).joined(separator: ","))) }
        if let until { out.append(("until", until.description)) }
        return out
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ text: String) -> Bool {
        bytes.elementsEqual(text.utf8)
    }

    private static func hasCategory(_ stream: UnsafeRawBufferPointer, _ category: String) -> Bool {
        let prefix = category.utf8
        return stream.count > prefix.count && stream.starts(with: prefix) && stream[prefix.count] == UInt8(ascii: "-")
    }
}
