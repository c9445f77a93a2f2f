import COPXPrefetch
package import OPXEventLog
package import OPXEvents

/// Projections folded together in one pass over the log: one scan and one payload index per
/// event feed every projection that reads it.
///
/// Each member keeps its rows and how far it has folded; a member only sees events after its own
/// position and up to its own limit, so members at different positions share a pass.
package struct FoldSet {
    /// One projection in the set.
    package struct Member {
        /// The fold.
        package let projection: any Projection
        /// Its rows.
        package var rows: ProjectionRows
        /// The last position folded in.
        package var applied: LogPosition
        /// Fold no event after this position.
        package var until: LogPosition

        /// Whether it still wants events up to `limit`.
        func wants(upTo limit: UInt64) -> Bool { applied.rawValue < min(limit, until.rawValue) }
    }

    /// The members, in the order they were given.
    package var members: [Member]
    private let filter: EventFilter

    /// A set of `projections` with empty rows — in memory, or `stored` (the runner binds them to its
    /// databases) — nothing folded yet.
    package init(projections: [any Projection], stored: Bool = false) {
        members = projections.map {
            Member(projection: $0, rows: ProjectionRows(projection: $0.name, stored: stored),
                   applied: .start, until: LogPosition(.max))
        }
        filter = EventFilter(projections)
    }

    /// The members' rows by projection name.
    package func rows(_ name: String) -> ProjectionRows? { members.first { $0.projection.name == name }?.rows }

    // MARK: - Pages of events

    /// The events of one page that some member wants, and how far the page reached.
    package struct Page {
        /// The wanted events, in log order.
        package var events: [ProjectionEvent] = []
        /// For each event, the members (bit *i* = member *i*) that read its type.
        package var masks: [UInt64] = []
        /// The last position read (0 when nothing was read).
        package var last: UInt64 = 0
        /// Records read, wanted or not.
        package var read = 0
        /// The bytes of the wanted events' payloads (the page after it reserves as much, so its buffer
        /// does not grow step by step: each step a copy and fresh pages).
        package var payloadBytes = 0
    }

    /// The position after which the members that still want events start.
    package func lowestApplied(upTo limit: UInt64) -> UInt64? {
        members.filter { $0.wants(upTo: limit) }.map(\.applied.rawValue).min()
    }

    /// Reads up to `pageSize` records after the lowest member position, stopping after `limit`,
    /// zero-copy; copies and indexes only the events some member reads.
    ///
    /// With `previous`, reads the page that follows it: the members' positions are taken as they
    /// will be once `previous` is folded (``apply(_:)``), so the next page can be read while that
    /// one is being folded.
    package func readPage(_ log: EventLog, limit: UInt64, pageSize: Int, after previous: Page? = nil) throws -> Page {
        var page = Page()
        var from = UInt64.max, active: UInt64 = 0
        for (i, m) in members.enumerated() {
            var member = m
            if let previous, previous.last > 0, member.applied.rawValue < min(previous.last, member.until.rawValue) {
                member.applied = LogPosition(min(previous.last, member.until.rawValue))   // what `apply` leaves
            }
            guard member.wants(upTo: limit) else { continue }
            from = min(from, member.applied.rawValue)
            active |= 1 << UInt64(i)
        }
        guard active != 0 else { return page }
        // The wanted events' payloads are copied into one buffer and indexed into one array once the
        // scan is done (events made during the scan would share a buffer still growing).
        var envelopes: [ProjectionEvent.Envelope] = []
        var payloads: [UInt8] = []
        if let previous {
            envelopes.reserveCapacity(previous.events.count)
            payloads.reserveCapacity(previous.payloadBytes)
        }
        var streams = StreamNames()
        try log.scan(from: LogPosition(from + 1), pageSize: pageSize) { fields, hash in
            guard fields.position <= limit else { return false }
            if let (mask, type) = filter.match(fields.type), mask & active != 0 {
                let start = payloads.count
                payloads.append(contentsOf: fields.data)
                envelopes.append(ProjectionEvent.Envelope(fields, type: type, stream: streams.name(fields.stream), hash: hash,
                                                           payload: start..<payloads.count))
                page.masks.append(mask & active)
            }
            page.last = fields.position
            page.read += 1
            return page.read < pageSize
        }
        var index: [Int32] = []
        index.reserveCapacity(envelopes.count * 40)
        let indexed = envelopes.map { Payload.appendIndex(of: payloads, $0.payload, to: &index) }
        page.payloadBytes = payloads.count
        page.events = zip(envelopes, indexed).map { envelope, entries in
            envelope.event(Payload(buffer: payloads, range: envelope.payload, index: index, indexRange: entries.0,
                                   incomplete: entries.incomplete))
        }
        return page
    }

    /// Folds a page into every member that wants its events, then moves each member's position
    /// to the end of the page (or its limit).
    package mutating func apply(_ page: Page) throws {
        guard page.last > 0 else { return }
        for i in members.indices { try Self.apply(page, to: &members[i], bit: 1 << UInt64(i)) }
    }

    /// Folds a page into one member (bit `bit` of the page's masks).
    package static func apply(_ page: Page, to member: inout Member, bit: UInt64) throws {
        guard page.last > 0 else { return }
        let from = member.applied.rawValue, until = member.until.rawValue
        guard from < page.last, from < until else { return }
        let projection = member.projection
        // Events are read in place from the page, yet each call still gets a copy (retaining its five
        // references): through an unsafe pointer, as through `Array`'s getter, the compiler cannot rule
        // out that the fold writes the element (profiles: `ProjectionEventVWOc`, about 2 % of a rebuild
        // in retains and as much in releases).
        // Two steps ahead of its fold, an event's struct is prefetched (found by its mask, so a load
        // for the next step does not miss); one step ahead, its payload (``Payload/Prefetch``): the
        // fold's lookups then do not wait for their cache lines one miss after another.
        try page.events.withUnsafeBufferPointer { events in
            try page.masks.withUnsafeBufferPointer { masks in
                func wanted(after k: Int) -> Int {
                    var n = k + 1
                    while n < masks.count, masks[n] & bit == 0 { n += 1 }
                    return n
                }
                var pending = -1   // the event to fold before the one whose payload was just prefetched
                var k = wanted(after: -1)
                while k < events.count {
                    let next = wanted(after: k)
                    if next < events.count { opx_prefetch(events.baseAddress! + next, MemoryLayout<ProjectionEvent>.stride) }
                    let p = events[k].position.rawValue
                    if p > from {
                        guard p <= until else { break }
                        events[k].payload.prefetch.start()
                        if pending >= 0 { try projection.apply(events[pending], to: &member.rows) }
                        pending = k
                    }
                    k = next
                }
                if pending >= 0 { try projection.apply(events[pending], to: &member.rows) }
            }
        }
        member.applied = LogPosition(min(page.last, until))
    }

    /// Folds one event into every member that reads it and has not folded it yet.
    package mutating func apply(_ event: ProjectionEvent) throws {
        let mask = filter.mask(event.type.rawValue)
        for i in members.indices where members[i].applied < event.position && event.position <= members[i].until {
            if mask & (1 << UInt64(i)) != 0 { try members[i].projection.apply(event, to: &members[i].rows) }
            members[i].applied = event.position
        }
    }

    /// Folds the log into in-memory rows, through `until` (the head when `nil`).
    package mutating func fold(_ log: EventLog, until: LogPosition? = nil, pageSize: Int = 4096) throws {
        let limit = until?.rawValue ?? UInt64.max
        while true {
            let page = try readPage(log, limit: limit, pageSize: pageSize)
            guard page.last > 0 else { return }
            try apply(page)
        }
    }

    /// Whether `type` is read by any member.
    package func reads(_ type: EventType) -> Bool { filter.mask(type.rawValue) != 0 }
}
