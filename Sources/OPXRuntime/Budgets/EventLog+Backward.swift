import OPXEventLog
import OPXEvents

extension EventLog {
    /// Walks the log backward from its last event, at most `maxEvents` events, in pages of short read
    /// transactions; `body` returns false to stop.
    func walkBackward(maxEvents: Int, _ body: (RecordedEvent) throws -> Bool) throws {
        var position = LogPosition.start
        var examined = 0
        while examined < maxEvents {
            let limit = min(500, maxEvents - examined)
            let page = try read(from: position, direction: .backward, limit: limit)
            for event in page where try !body(event) { return }
            examined += page.count
            guard page.count == limit, let last = page.last, last.position.rawValue > 1 else { return }
            position = LogPosition(last.position.rawValue - 1)
        }
    }
}
