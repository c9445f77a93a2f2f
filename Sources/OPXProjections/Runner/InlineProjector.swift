import OPXEventLog
import OPXEvents
import OPXStorage

/// Folds inline projections inside every append's own write transaction, so they are never
/// behind the log.
///
/// A projection is folded here only while it is caught up: its stored position is exactly the
/// position before the batch and its stored version matches (a rebuild that reached the head is
/// thereby complete). Otherwise (new, rebuilt, version
/// changed, still catching up) it is left alone and the runner's catch-up brings it to the head,
/// after which appends keep it there. Runs on the writer thread; a pure function of the store and
/// the events, so the writer may run it again.
final class InlineProjector: InlineAppendObserver {
    struct Member: Sendable {
        let projection: any Projection
        let database: Database
        let key: [UInt8]
    }

    private let members: [Member]
    private let positions: Database
    private let filter: EventFilter

    init(members: [Member], positions: Database) {
        self.members = members
        self.positions = positions
        self.filter = EventFilter(members.map(\.projection))
    }

    func appended(_ events: [RecordedEvent], in txn: borrowing WriteTransaction) throws {
        guard let first = events.first, let last = events.last else { return }
        try withUnsafePointer(to: txn) { txn in
            var projected: [ProjectionEvent]?
            var masks: [UInt64] = []
            for (i, member) in members.enumerated() {
                guard var record = try txn.pointee.get(positions, key: member.key).flatMap(ProjectionPosition.init(encoded:)),
                      record.matches(member.projection),
                      record.position.rawValue == first.position.rawValue - 1 else { continue }
                if projected == nil {
                    var list: [ProjectionEvent] = []
                    for event in events {
                        let mask = filter.mask(event.type.rawValue)
                        if mask != 0 {
                            list.append(ProjectionEvent(event))
                            masks.append(mask)
                        }
                    }
                    projected = list
                }
                var rows = ProjectionRows(projection: member.projection.name, stored: true)
                rows.source = TransactionRowSource(txn, database: member.database)
                let bit: UInt64 = 1 << UInt64(i)
                for (event, mask) in zip(projected!, masks) where mask & bit != 0 {
                    try member.projection.apply(event, to: &rows)
                }
                try ProjectionRunner.write(rows.takeChanges(), to: member.database, in: txn.pointee)
                rows.source = nil
                record.position = last.position
                record.rebuilding = false   // at the head: a rebuild, if any, is complete
                try txn.pointee.put(positions, key: member.key, value: record.encoded)
            }
        }
    }
}
