import OPXEventLog
import OPXEvents
import OPXStorage

/// Walks the events of a selection in log order, one page per fresh read transaction.
///
/// The export's cut is the log's head when the cursor was made: events appended later are not
/// exported, so an export is a fixed range even beside a writer.
struct ExportCursor {
    private enum Walk {
        /// Every position from `next` to `last`, read without copying.
        case range(next: UInt64)
        /// One stream from revision `next`.
        case stream(StreamID, next: UInt64)
        /// Listed positions, from index `next`.
        case positions([UInt64], next: Int)
    }

    private let log: EventLog
    private let selection: ExportSelection
    private let last: UInt64
    private var walk: Walk
    private(set) var done = false
    /// An estimate of the events (or positions) to walk, for progress.
    let total: UInt64
    /// Walked so far, for progress.
    private(set) var walked: UInt64 = 0

    init(log: EventLog, selection: ExportSelection) throws {
        try selection.validate()
        self.log = log
        self.selection = selection
        let head = try log.read(from: .start, direction: .backward, limit: 1).first?.position.rawValue ?? 0
        last = min(head, selection.toPosition?.rawValue ?? .max)
        if let investigation = selection.investigation {
            let positions = try InvestigationScope.positions(of: investigation, in: log, cut: last)
            walk = .positions(positions, next: 0)
            total = UInt64(positions.count)
        } else if let stream = selection.stream {
            walk = .stream(stream, next: 0)
            total = try log.head(of: stream).map { $0.revision + 1 } ?? 0
        } else {
            var first = max(selection.fromPosition?.rawValue ?? 1, 1)
            if let since = selection.since { first = max(first, try Self.firstPosition(atOrAfter: since, in: log, head: head)) }
            walk = .range(next: first)
            total = last >= first ? last - first + 1 : 0
        }
        done = total == 0
    }

    /// Calls `body` with the selected events of the next page (at most `pageSize` read), in log
    /// order, until `body` returns false (then the page ends after that event).
    mutating func nextPage(pageSize: Int, _ body: (borrowing CloudEventFields, EventHash) throws -> Bool) throws {
        guard !done else { return }
        let selection = self.selection, last = self.last
        var walked: UInt64 = 0
        switch walk {
        case .range(let next):
            var position = next
            var finished = true
            try log.scan(from: LogPosition(next), pageSize: pageSize) { fields, hash in
                if fields.position > last || (selection.until.map { fields.recordedAt > $0 } ?? false) { finished = true; return false }
                position = fields.position + 1
                walked += 1
                let more = selection.matches(fields) ? try body(fields, hash) : true
                if fields.position == last { finished = true; return false }
                if !more || walked >= UInt64(pageSize) { finished = false; return false }
                return true
            }
            walk = .range(next: position)
            done = finished
        case .stream(let stream, let next):
            let page = try log.read(stream: stream, from: next, limit: pageSize)
            var revision = next
            var consumed = 0
            var cutReached = false
            for event in page {
                if event.position.rawValue > last { cutReached = true; break }
                revision = event.revision + 1
                consumed += 1
                walked += 1
                let more = try event.withFields { fields in selection.matches(fields) ? try body(fields, event.hash) : true }
                if !more { break }
            }
            walk = .stream(stream, next: revision)
            done = cutReached || (consumed == page.count && page.count < pageSize)
        case .positions(let positions, let next):
            let end = min(positions.count, next + pageSize)
            let events = try log.environment.read { txn in
                try positions[next..<end].map { position in
                    guard let event = try log.read(in: txn, from: LogPosition(position), direction: .forward, limit: 1).first,
                          event.position.rawValue == position else {
                        throw ExportError(.notFound, "position \(position) vanished from the log during the export; run `opx verify`")
                    }
                    return event
                }
            }
            var index = next
            for event in events {
                index += 1
                walked += 1
                let more = try event.withFields { fields in selection.matches(fields) ? try body(fields, event.hash) : true }
                if !more { break }
            }
            walk = .positions(positions, next: index)
            done = index >= positions.count
        }
        self.walked += walked
    }

    /// The first position recorded at or after `time` (binary search: recorded-at never decreases along the log).
    private static func firstPosition(atOrAfter time: Timestamp, in log: EventLog, head: UInt64) throws -> UInt64 {
        var low: UInt64 = 1, high = head + 1
        while low < high {
            let mid = low + (high - low) / 2
            guard let event = try log.read(from: LogPosition(mid), limit: 1).first else { return head + 1 }
            if event.recordedAt < time { low = event.position.rawValue + 1 } else { high = mid }
        }
        return low
    }
}
