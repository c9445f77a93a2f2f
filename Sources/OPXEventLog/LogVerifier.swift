package import OPXEvents
import OPXStorage

/// One thing `verify` found wrong.
package struct VerificationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The log position involved, when the problem is at one.
    package let position: UInt64?
    /// What is wrong.
    package let message: String

    package var description: String {
        position.map { "position \($0): \(message)" } ?? message
    }
}

/// The outcome of ``EventLog/verify(progress:)``.
package struct VerificationReport: Sendable, Hashable {
    /// Records checked.
    package var events: UInt64 = 0
    /// Streams seen.
    package var streams: Int = 0
    /// The last position and its hash as recomputed.
    package var lastPosition: UInt64 = 0
    /// The chain hash at `lastPosition`.
    package var headHash: EventHash = .genesis
    /// Problems in log order (at most ``maximumProblems``); empty when the log verified.
    package var problems: [VerificationProblem] = []
    /// Problems beyond those listed.
    package var omittedProblems = 0

    /// How many problems are listed.
    package static let maximumProblems = 50

    /// True when nothing is wrong.
    package var isValid: Bool { problems.isEmpty }

    mutating func report(_ position: UInt64?, _ message: String) {
        if problems.count < Self.maximumProblems {
            problems.append(VerificationProblem(position: position, message: message))
        } else {
            omittedProblems += 1
        }
    }
}

extension EventLog {
    /// Re-computes the whole hash chain and checks every index against the records.
    ///
    /// Checks: positions contiguous from 1; each record well-formed, linked to its predecessor's
    /// hash and matching its own hash; the stream index and event-id index pointing at each
    /// record; stream revisions contiguous; stream heads, index sizes and the stored head
    /// agreeing with the records; and the head sidecar not ahead of the log. Reads in pages, each
    /// in its own read transaction, so it can run beside a writer.
    /// - Parameter progress: Called with (records checked, records in the log) every page.
    package func verify(pageSize: Int = 16_384, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> VerificationReport {
        var report = VerificationReport()
        let total = UInt64(try environment.read { txn in try txn.count(databases.events) })
        let sidecar: (position: LogPosition, hash: EventHash)?
        do { sidecar = try HeadSidecar.read(directory: environment.path) } catch {
            sidecar = nil
            report.report(nil, "\(error)")
        }
        var hashAtSidecar: EventHash?
        var expected: UInt64 = 1
        var running = EventHash.genesis
        var lastRevision: [String: UInt64] = [:]
        var hasher = ChainHasher()
        var done = false
        while !done {
            try environment.read { txn in
                try txn.withCursor(databases.events) { cursor in
                    var entry = try cursor.seek(atLeast: KeyLayout.position(expected))
                    var inPage = 0
                    while let (key, value) = entry {
                        guard key.count == 8 else {
                            report.report(nil, "a key of \(key.count) bytes in the events database is not a position")
                            entry = try cursor.next()
                            continue
                        }
                        let position = KeyLayout.readBigEndian(key)
                        if position != expected {
                            report.report(expected, position > expected
                                ? "missing: the log jumps from position \(expected - 1) to \(position) (records deleted)"
                                : "out of order: position \(position) follows \(expected - 1)")
                        }
                        try check(position: position, record: value, txn: txn, running: &running, hasher: &hasher,
                                  lastRevision: &lastRevision, report: &report)
                        if position == sidecar?.position.rawValue { hashAtSidecar = running }
                        expected = position + 1
                        report.events += 1
                        inPage += 1
                        if inPage == pageSize { return }
                        entry = try cursor.next()
                    }
                    done = true
                }
            }
            progress(report.events, total)
        }
        report.lastPosition = expected - 1
        report.headHash = running
        report.streams = lastRevision.count
        try checkSummaries(lastRevision: lastRevision, report: &report)
        if let sidecar {
            if sidecar.position.rawValue > report.lastPosition {
                report.report(report.lastPosition + 1, "missing: position \(sidecar.position) was committed (head sidecar) but the log ends at \(report.lastPosition) (truncated or rolled back)")
            } else if sidecar.position.rawValue > 0, hashAtSidecar != sidecar.hash {
                report.report(sidecar.position.rawValue, "the chain hash here differs from the one recorded in the head sidecar when it was committed")
            }
        }
        report.problems.sort { ($0.position ?? .max) < ($1.position ?? .max) }
        return report
    }

    private func check(position: UInt64, record: UnsafeRawBufferPointer, txn: borrowing ReadTransaction,
                       running: inout EventHash, hasher: inout ChainHasher, lastRevision: inout [String: UInt64],
                       report: inout VerificationReport) throws {
        let databases = self.databases
        let checked = try RecordCodec.withFields(position: position, record: record) { fields, stored -> EventHash in
            if fields.previousHash != running {
                report.report(position, "its link to the previous record does not match that record's hash (a record before it was deleted, swapped or changed)")
            }
            if hasher.hash(fields) != stored {
                report.report(position, "its content does not match its hash (the record was modified)")
            }
            let stream = String(decoding: fields.stream, as: UTF8.self)
            let previous = lastRevision[stream]
            if fields.revision != (previous.map { $0 + 1 } ?? 0) {
                report.report(position, "stream \(stream) jumps to revision \(fields.revision) after \(previous.map(String.init) ?? "none")")
            }
            lastRevision[stream] = fields.revision
            let indexKey = KeyLayout.streamIndex(StreamID(unchecked: stream), revision: fields.revision)
            let indexed = try txn.get(databases.streams, key: indexKey).map { KeyLayout.readBigEndian($0) }
            if indexed != position {
                report.report(position, "the stream index for \(stream) revision \(fields.revision) points at \(indexed.map(String.init) ?? "nothing")")
            }
            let byID = try txn.get(databases.eventIDs, key: fields.id.bytes).map { KeyLayout.readBigEndian($0) }
            if byID != position {
                report.report(position, "the event-id index for \(fields.id) points at \(byID.map(String.init) ?? "nothing")")
            }
            return stored
        }
        if let checked {
            running = checked
        } else {
            report.report(position, "the record is malformed (truncated or overwritten bytes)")
        }
    }

    private func checkSummaries(lastRevision: [String: UInt64], report: inout VerificationReport) throws {
        try environment.read { txn in
            let streamIndexCount = try txn.count(databases.streams)
            let idCount = try txn.count(databases.eventIDs)
            if UInt64(streamIndexCount) != report.events {
                report.report(nil, "the stream index has \(streamIndexCount) entries for \(report.events) records")
            }
            if UInt64(idCount) != report.events {
                report.report(nil, "the event-id index has \(idCount) entries for \(report.events) records")
            }
            var heads = 0
            try txn.withCursor(databases.streamHeads) { cursor in
                var entry = try cursor.first()
                while let (key, value) = entry {
                    heads += 1
                    let stream = String(decoding: key, as: UTF8.self)
                    let revision = KeyLayout.readBigEndian(value)
                    if lastRevision[stream] != revision {
                        report.report(nil, "stream head of \(stream) says revision \(revision), the records end at \(lastRevision[stream].map(String.init) ?? "none")")
                    }
                    entry = try cursor.next()
                }
            }
            if heads != lastRevision.count {
                report.report(nil, "\(heads) stream heads are stored for \(lastRevision.count) streams in the records")
            }
            let head = try head(in: txn)
            if head.position.rawValue != report.lastPosition || head.hash != report.headHash {
                report.report(nil, "the stored head (position \(head.position)) does not match the last record (position \(report.lastPosition))")
            }
        }
    }
}
