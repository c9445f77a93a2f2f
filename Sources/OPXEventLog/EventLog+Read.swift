package import OPXEvents
package import OPXStorage

/// Which way a log read walks.
package enum ReadDirection: Sendable, Hashable {
    /// Ascending positions.
    case forward
    /// Descending positions.
    case backward
}

/// The last revision and position of a stream.
package struct StreamHead: Sendable, Hashable {
    /// The stream.
    package let stream: StreamID
    /// Its last revision (from 0).
    package let revision: UInt64
    /// The log position of that revision.
    package let position: LogPosition

    package init(stream: StreamID, revision: UInt64, position: LogPosition) {
        self.stream = stream
        self.revision = revision
        self.position = position
    }
}

extension EventLog {
    /// Up to `limit` events of the whole log starting at `position` (inclusive), in `direction`.
    ///
    /// Backward from ``LogPosition/start`` means from the last event.
    package func read(from position: LogPosition = LogPosition(1), direction: ReadDirection = .forward, limit: Int) throws -> [RecordedEvent] {
        try environment.read { txn in try read(in: txn, from: position, direction: direction, limit: limit) }
    }

    /// Like ``read(from:direction:limit:)`` inside an existing transaction (a consistent cut).
    package func read(in txn: borrowing some Transaction & ~Copyable, from position: LogPosition, direction: ReadDirection,
                      limit: Int) throws -> [RecordedEvent] {
        var out: [RecordedEvent] = []
        guard limit > 0 else { return out }
        out.reserveCapacity(min(limit, 1024))
        try txn.withCursor(databases.events) { cursor in
            var entry: Cursor.Entry?
            switch direction {
            case .forward: entry = try cursor.seek(atLeast: KeyLayout.position(max(position.rawValue, 1)))
            case .backward:
                entry = position == .start ? try cursor.last() : try cursor.seek(atMost: KeyLayout.position(position.rawValue))
            }
            while let (key, value) = entry, out.count < limit {
                out.append(try Self.decode(key: key, value: value))
                entry = direction == .forward ? try cursor.next() : try cursor.previous()
            }
        }
        return out
    }

    /// Up to `limit` events of `stream` from `revision` (inclusive), in revision order.
    package func read(stream: StreamID, from revision: UInt64 = 0, limit: Int) throws -> [RecordedEvent] {
        try environment.read { txn in try read(in: txn, stream: stream, from: revision, limit: limit) }
    }

    /// Like ``read(stream:from:limit:)`` inside an existing transaction (a consistent cut).
    package func read(in txn: borrowing some Transaction & ~Copyable, stream: StreamID, from revision: UInt64,
                      limit: Int) throws -> [RecordedEvent] {
        var positions: [UInt64] = []
        guard limit > 0 else { return [] }
        // A revision is the index of its position among the stream's values: skip `revision` of them.
        var skip = revision
        _ = try txn.withCursor(databases.index) { cursor in
            try cursor.forEachDuplicatePage(of: KeyLayout.streamKey(stream)) { page in
                let count = UInt64(page.count / KeyLayout.indexValueSize)
                guard skip < count else { skip -= count; return true }
                for index in Int(skip)..<Int(count) {
                    guard positions.count < limit else { break }
                    positions.append(KeyLayout.readBigEndian(page, at: index * KeyLayout.indexValueSize))
                }
                skip = 0
                return positions.count < limit
            }
        }
        return try positions.map { position in
            guard let value = try txn.get(databases.events, key: KeyLayout.position(position)),
                  let event = RecordCodec.decode(position: position, record: value) else {
                throw EventLogError(.corrupt(position: LogPosition(position)), "stream \(stream) points at position \(position), which is missing or unreadable; run `opx verify`")
            }
            return event
        }
    }

    /// The last revision and position of `stream`, or `nil` when it has no events.
    package func head(of stream: StreamID) throws -> StreamHead? {
        try environment.read { txn in try head(of: stream, in: txn) }
    }

    /// Like ``head(of:)`` inside an existing transaction.
    package func head(of stream: StreamID, in txn: borrowing some Transaction & ~Copyable) throws -> StreamHead? {
        try Self.head(of: stream, in: txn, index: databases.index)
    }

    /// The last value of `stream`'s key in the index (its last position) and the number of values less one (its
    /// last revision).
    static func head(of stream: StreamID, in txn: borrowing some Transaction & ~Copyable, index: Database) throws -> StreamHead? {
        try txn.withCursor(index) { cursor in
            guard try cursor.find(key: KeyLayout.streamKey(stream)) != nil else { return nil }
            return try currentHead(stream, &cursor)
        }
    }

    /// The head of the stream whose key `cursor` is on.
    private static func currentHead(_ stream: StreamID, _ cursor: inout Cursor) throws -> StreamHead? {
        let count = try cursor.duplicateCount()
        guard count > 0, let (_, value) = try cursor.lastDuplicate() else { return nil }
        return StreamHead(stream: stream, revision: UInt64(count - 1), position: LogPosition(KeyLayout.readBigEndian(value)))
    }

    /// The position of the event with `id`, or `nil` when no event has it.
    static func position(of id: EventID, in txn: borrowing some Transaction & ~Copyable, index: Database) throws -> UInt64? {
        try txn.get(index, key: KeyLayout.eventIDKey(id)).map { KeyLayout.readBigEndian($0) }
    }

    /// Stream heads in stream-id order, optionally only those starting with `prefix`, after `after`.
    ///
    /// Walks the stream index one key (stream) at a time.
    package func streamHeads(prefix: String = "", after: StreamID? = nil, limit: Int) throws -> [StreamHead] {
        try environment.read { txn in
            var out: [StreamHead] = []
            let prefixBytes = Array(prefix.utf8)
            // Stream ids never contain 0x00: `after ‖ 0x00` is the smallest key after `after`, and `0x01` the
            // smallest stream key (event-id keys start with 0x00).
            let start = after.map { KeyLayout.streamKey($0) + [0] } ?? (prefixBytes.isEmpty ? [KeyLayout.eventIDPrefix + 1] : prefixBytes)
            try txn.withCursor(databases.index) { cursor in
                var entry = try cursor.seek(atLeast: start)
                while let (key, _) = entry, out.count < limit, key.starts(with: prefixBytes) {
                    let stream = StreamID(unchecked: String(decoding: key, as: UTF8.self))
                    guard let head = try Self.currentHead(stream, &cursor) else { break }
                    out.append(head)
                    entry = try cursor.nextKey()
                }
            }
            return out
        }
    }

    /// Number of distinct streams (one seek per stream).
    package func streamCount() throws -> Int {
        var count = 0
        var after: StreamID?
        while true {
            let page = try streamHeads(after: after, limit: 4096)
            count += page.count
            guard page.count == 4096, let last = page.last else { return count }
            after = last.stream
        }
    }

    /// Where the event with `id` is, or `nil` when no event has it: one index lookup, no record read (for "was this
    /// appended before?").
    package func position(of id: EventID) throws -> LogPosition? {
        try environment.read { txn in try Self.position(of: id, in: txn, index: databases.index).map(LogPosition.init) }
    }

    /// The event with `id`, or `nil`.
    package func event(id: EventID) throws -> RecordedEvent? {
        try environment.read { txn in try event(id: id, in: txn) }
    }

    /// The event at `position` as `txn` sees the log, or `nil` when the log does not reach it.
    package func event(at position: LogPosition, in txn: borrowing some Transaction & ~Copyable) throws -> RecordedEvent? {
        guard let value = try txn.get(databases.events, key: KeyLayout.position(position.rawValue)) else { return nil }
        return RecordCodec.decode(position: position.rawValue, record: value)
    }

    /// The event with `id` as `txn` sees the log (a consistent cut with whatever else `txn` reads), or `nil`.
    package func event(id: EventID, in txn: borrowing some Transaction & ~Copyable) throws -> RecordedEvent? {
        guard let position = try Self.position(of: id, in: txn, index: databases.index),
              let value = try txn.get(databases.events, key: KeyLayout.position(position)) else { return nil }
        return RecordCodec.decode(position: position, record: value)
    }

    /// Counts of events and streams.
    package func counts() throws -> (events: Int, streams: Int) {
        (try environment.read { txn in try txn.count(databases.events) }, try streamCount())
    }

    /// Walks the log forward from `position` without copying records, in pages of `pageSize`
    /// events, each page in its own short read transaction. `body` returns false to stop.
    ///
    /// The view passed to `body` points into the map: valid only during the call.
    package func scan(from position: LogPosition = LogPosition(1), pageSize: Int = 4096,
                      _ body: (borrowing CloudEventFields, _ hash: EventHash) throws -> Bool) throws {
        var next = max(position.rawValue, 1)
        var more = true
        while more {
            var seen = 0
            try environment.read { txn in
                try txn.withCursor(databases.events) { cursor in
                    var entry = try cursor.seek(atLeast: KeyLayout.position(next))
                    while let (key, value) = entry {
                        let position = KeyLayout.readBigEndian(key)
                        let keepGoing = try RecordCodec.withFields(position: position, record: value, body)
                        guard let keepGoing else {
                            throw EventLogError(.corrupt(position: LogPosition(position)), "record \(position) is malformed; run `opx verify`")
                        }
                        seen += 1
                        next = position + 1
                        if !keepGoing { more = false; return }
                        if seen == pageSize { return }
                        entry = try cursor.next()
                    }
                    more = false
                }
            }
        }
    }

    static func decode(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws -> RecordedEvent {
        let position = KeyLayout.readBigEndian(key)
        guard let event = RecordCodec.decode(position: position, record: value) else {
            throw EventLogError(.corrupt(position: LogPosition(position)), "record \(position) is malformed; run `opx verify`")
        }
        return event
    }
}
