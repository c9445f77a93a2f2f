import Dispatch
import OPXEvents
import OPXStorage
import Synchronization

extension EventLog {
    /// Re-computes the whole hash chain and checks every index against the records.
    ///
    /// Checks: positions contiguous from 1; each record well-formed, linked to its predecessor's
    /// hash and matching its own hash; the stream index and the event-id index holding exactly one
    /// entry per record that points at it, each stream's entries in revision order from 0; the head
    /// sidecar not ahead of the log.
    ///
    /// The records are hashed in parallel chunks (every record's hash depends only on its own
    /// bytes and its stored link; the links are compared across chunk boundaries afterwards) and
    /// the indexes are checked by sequential scans compared through order-independent checksums.
    /// Only when a checksum disagrees does a slower pass look every record up in the indexes, to
    /// name the first bad position. Every page is read in its own short read transaction, so
    /// verify runs beside a writer.
    /// - Parameter progress: Called with (records checked, records in the log), possibly from several threads.
    package func verify(chunks: Int = 16, pageSize: Int = 8192,
                        progress: @escaping @Sendable (UInt64, UInt64) -> Void = { _, _ in }) throws -> VerificationReport {
        var report = VerificationReport()
        let (total, last) = try environment.read { txn in
            (UInt64(try txn.count(databases.events)),
             try txn.withCursor(databases.events) { try $0.last().map { $0.key.count == 8 ? KeyLayout.readBigEndian($0.key) : 0 } } ?? 0)
        }
        let sidecar: (position: LogPosition, hash: EventHash)?
        do { sidecar = try HeadSidecar.read(directory: environment.path) } catch {
            sidecar = nil
            report.report(nil, "\(error)")
        }
        let results = try scanChunks(last: last, total: total, chunks: chunks, pageSize: pageSize,
                                     sidecarPosition: sidecar?.position.rawValue, progress: progress)
        var expectedLink = EventHash.genesis
        var sums = ChunkSums()
        var hashAtSidecar: EventHash?
        for result in results {
            for problem in result.problems { report.report(problem.position, problem.message) }
            if let first = result.firstPosition, result.firstLink != expectedLink, !result.problems.contains(where: { $0.position == first }) {
                report.report(first, "its link to the previous record does not match that record's hash (a record before it was deleted, swapped or changed)")
            }
            if result.firstPosition != nil { expectedLink = result.lastHash }
            sums.add(result.sums)
            report.events += result.count
            hashAtSidecar = hashAtSidecar ?? result.hashAtSidecar
        }
        report.lastPosition = last
        report.headHash = expectedLink
        let indexes = try checkIndexes(expected: sums, records: report.events, report: &report)
        report.streams = indexes.streams
        if !indexes.consistent {
            try locateIndexProblems(last: last, pageSize: pageSize, report: &report)
        }
        if let sidecar {
            if sidecar.position.rawValue > last {
                report.report(last + 1, "missing: position \(sidecar.position) was committed (head sidecar) but the log ends at \(last) (truncated or rolled back)")
            } else if sidecar.position.rawValue > 0, hashAtSidecar != sidecar.hash {
                report.report(sidecar.position.rawValue, "the chain hash here differs from the one recorded in the head sidecar when it was committed")
            }
        }
        report.problems.sort { ($0.position ?? .max) < ($1.position ?? .max) }
        return report
    }

    /// Hashes and links the records of `1…last` in `chunks` position ranges, two threads at a time.
    private func scanChunks(last: UInt64, total: UInt64, chunks: Int, pageSize: Int, sidecarPosition: UInt64?,
                            progress: @escaping @Sendable (UInt64, UInt64) -> Void) throws -> [ChunkResult] {
        guard last > 0 else { return [] }
        let size = (last + UInt64(max(chunks, 1)) - 1) / UInt64(max(chunks, 1))
        let count = Int((last + size - 1) / size)
        let slots = Locked<[Int: Result<ChunkResult, any Error>]>([:])
        let checked = Atomic<UInt64>(0)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let lower = UInt64(index) * size + 1
            let upper = min(last, lower + size - 1)
            let result = Result {
                try self.scanChunk(lower...upper, pageSize: pageSize, sidecarPosition: sidecarPosition) { n in
                    progress(checked.add(n, ordering: .relaxed).newValue, total)
                }
            }
            slots.withLock { $0[index] = result }
        }
        return try slots.withLock { slots in try (0..<count).map { try slots[$0]!.get() } }
    }

    private func scanChunk(_ range: ClosedRange<UInt64>, pageSize: Int, sidecarPosition: UInt64?,
                           progress: (UInt64) -> Void) throws -> ChunkResult {
        var result = ChunkResult()
        var hasher = ChainHasher()
        var expected = range.lowerBound
        var previousHash: EventHash?
        var done = false
        while !done {
            var inPage: UInt64 = 0
            try environment.read { txn in
                try txn.withCursor(databases.events) { cursor in
                    var entry = try cursor.seek(atLeast: KeyLayout.position(expected))
                    while let (key, value) = entry {
                        guard key.count == 8 else {
                            result.problem(nil, "a key of \(key.count) bytes in the events database is not a position")
                            entry = try cursor.next()
                            continue
                        }
                        let position = KeyLayout.readBigEndian(key)
                        if position > range.upperBound { break }
                        if position != expected {
                            result.problem(expected, "missing: the log jumps from position \(expected - 1) to \(position) (records deleted)")
                        }
                        let stored = RecordCodec.withFields(position: position, record: value) { fields, stored -> EventHash in
                            if let previousHash {
                                if fields.previousHash != previousHash {
                                    result.problem(position, "its link to the previous record does not match that record's hash (a record before it was deleted, swapped or changed)")
                                }
                            } else {
                                result.firstPosition = position
                                result.firstLink = fields.previousHash
                            }
                            if hasher.hash(fields) != stored {
                                result.problem(position, "its content does not match its hash (the record was modified)")
                            }
                            result.sums.addStream(fields.stream, revision: fields.revision, position: position)
                            result.sums.addID(fields.id, position: position)
                            return stored
                        }
                        if let stored {
                            previousHash = stored
                        } else {
                            result.problem(position, "the record is malformed (truncated or overwritten bytes)")
                            if result.firstPosition == nil { result.firstPosition = position }
                        }
                        if position == sidecarPosition { result.hashAtSidecar = previousHash }
                        result.lastHash = previousHash ?? .genesis
                        result.count += 1
                        inPage += 1
                        expected = position + 1
                        if inPage == UInt64(pageSize) { return }
                        entry = try cursor.next()
                    }
                    done = true
                }
            }
            progress(inPage)
        }
        if expected <= range.upperBound {
            result.problem(expected, "missing: no records from position \(expected) to \(range.upperBound) (records deleted)")
        }
        return result
    }

    /// Scans the index (streams and event ids) sequentially and compares its checksums with the
    /// records'. A stream entry's revision is its index among the stream's values. Returns the
    /// number of streams and whether all agree.
    private func checkIndexes(expected: ChunkSums, records: UInt64, report: inout VerificationReport) throws -> (streams: Int, consistent: Bool) {
        try environment.read { txn in
            var sums = ChunkSums()
            var streamEntries: UInt64 = 0, ids: UInt64 = 0, streams = 0
            var current: [UInt8] = []
            var revision: UInt64 = 0
            var malformed = false
            try txn.withCursor(databases.index) { cursor in
                var entry = try cursor.first()
                while let (key, value) = entry {
                    if key.isEmpty || value.count != KeyLayout.indexValueSize || (KeyLayout.isEventIDKey(key) && key.count != 17) {
                        malformed = true
                    } else if KeyLayout.isEventIDKey(key) {
                        ids += 1
                        sums.addID(EventID(high: KeyLayout.readBigEndian(key, at: 1), low: KeyLayout.readBigEndian(key, at: 9)),
                                   position: KeyLayout.readBigEndian(value))
                    } else {
                        streamEntries += 1
                        if key.elementsEqual(current) {
                            revision += 1
                        } else {
                            current = Array(key)
                            revision = 0
                            streams += 1
                        }
                        sums.addStream(key, revision: revision, position: KeyLayout.readBigEndian(value))
                    }
                    entry = try cursor.next()
                }
            }
            if malformed { report.report(nil, "the index holds malformed entries") }
            let streamsAgree = streamEntries == records && sums.streams == expected.streams
            if !streamsAgree { report.report(nil, "the stream index (\(streamEntries) entries) does not match the \(records) records") }
            let idsAgree = ids == records && sums.ids == expected.ids
            if !idsAgree { report.report(nil, "the event-id index (\(ids) entries) does not match the \(records) records") }
            return (streams, streamsAgree && idsAgree && !malformed)
        }
    }

    /// The slow pass, naming the positions where the index and the records disagree: every record is looked
    /// up in the index, then every stream entry's revision (its index) is compared with its record's.
    private func locateIndexProblems(last: UInt64, pageSize: Int, report: inout VerificationReport) throws {
        var next: UInt64 = 1
        while next <= last {
            try environment.read { txn in
                try txn.withCursor(databases.events) { cursor in
                    var entry = try cursor.seek(atLeast: KeyLayout.position(next))
                    var inPage = 0
                    while let (key, value) = entry, key.count == 8, inPage < pageSize {
                        let position = KeyLayout.readBigEndian(key)
                        if let identity = RecordCodec.identity(value) {
                            let indexed = try txn.withCursor(databases.index) { index in
                                try index.find(key: Array(identity.stream), value: Array(key)) != nil
                            }
                            if !indexed {
                                report.report(position, "the stream index for \(String(decoding: identity.stream, as: UTF8.self)) has no entry for this record (revision \(identity.revision))")
                            }
                            let byID = try Self.position(of: identity.id, in: txn, index: databases.index)
                            if byID != position {
                                report.report(position, "the event-id index for \(identity.id) points at \(byID.map(String.init) ?? "nothing")")
                            }
                        }
                        next = position + 1
                        inPage += 1
                        entry = try cursor.next()
                    }
                    if entry == nil || inPage < pageSize { next = last + 1 }
                }
            }
        }
        try locateRevisionProblems(report: &report)
    }

    /// Walks the stream entries (in one read transaction: this pass runs only on a damaged index) and reports
    /// each one whose record is missing or holds another stream or revision.
    private func locateRevisionProblems(report: inout VerificationReport) throws {
        try environment.read { txn in
            try txn.withCursor(databases.index) { cursor in
                var entry = try cursor.seek(atLeast: [KeyLayout.eventIDPrefix + 1])
                var current: [UInt8] = []
                var revision: UInt64 = 0
                while let (key, value) = entry {
                    if key.elementsEqual(current) { revision += 1 } else { current = Array(key); revision = 0 }
                    let position = value.count == KeyLayout.indexValueSize ? KeyLayout.readBigEndian(value) : 0
                    let record = try txn.get(databases.events, key: KeyLayout.position(position)).flatMap { RecordCodec.identity($0) }
                    if record.map({ !$0.stream.elementsEqual(current) || $0.revision != revision }) ?? true {
                        let holds = record.map { "which holds revision \($0.revision) of \(String(decoding: $0.stream, as: UTF8.self))" } ?? "which is missing"
                        report.report(record == nil ? nil : position,
                                      "the stream index for \(String(decoding: current, as: UTF8.self)) revision \(revision) points at \(position), \(holds)")
                    }
                    entry = try cursor.next()
                }
            }
        }
    }
}

/// What one chunk of the record scan found.
private struct ChunkResult: Sendable {
    var firstPosition: UInt64?
    var firstLink = EventHash.genesis
    var lastHash = EventHash.genesis
    var hashAtSidecar: EventHash?
    var count: UInt64 = 0
    var sums = ChunkSums()
    var problems: [VerificationProblem] = []

    mutating func problem(_ position: UInt64?, _ message: String) {
        if problems.count < VerificationReport.maximumProblems {
            problems.append(VerificationProblem(position: position, message: message))
        }
    }
}

/// Order-independent checksums of the (stream, revision, position) and (id, position) tuples.
private struct ChunkSums: Sendable {
    var streams: UInt64 = 0
    var ids: UInt64 = 0

    mutating func add(_ other: ChunkSums) {
        streams &+= other.streams
        ids &+= other.ids
    }

    mutating func addStream(_ stream: UnsafeRawBufferPointer, revision: UInt64, position: UInt64) {
        streams &+= SplitMix64.mix(FNV1a.hash(stream) ^ SplitMix64.mix(revision ^ SplitMix64.mix(position)))
    }

    mutating func addID(_ id: EventID, position: UInt64) {
        ids &+= SplitMix64.mix(id.high ^ SplitMix64.mix(id.low ^ SplitMix64.mix(position)))
    }
}
