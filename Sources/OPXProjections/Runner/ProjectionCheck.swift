import Foundation
package import Logging
package import OPXEventLog
package import OPXEvents
import OPXStorage

/// `opx rebuild --check`: refolds projections from position 1 into a scratch LMDB environment —
/// with exactly the code a rebuild uses, in bounded memory — and compares each with the stored one
/// at the stored one's position, by digest, listing differing rows.
package enum ProjectionCheck {
    /// The outcome for one projection.
    package struct Result: Sendable {
        package let name: String
        /// The stored projection's position (what was compared), or `nil` if it was never built.
        package let position: LogPosition?
        package let storedDigest: ProjectionDigest?
        package let rebuiltDigest: ProjectionDigest?
        /// Differing rows (at most `maximumDifferences`), by key.
        package let differences: [Difference]
        /// Why the comparison could not be made, if it could not.
        package let note: String?

        package var matches: Bool { storedDigest != nil && storedDigest == rebuiltDigest }
    }

    /// One row that differs: its key and both values (`nil`: absent on that side).
    package struct Difference: Sendable {
        package let key: String
        package let stored: [UInt8]?
        package let rebuilt: [UInt8]?
    }

    /// Checks `projections` against a fresh fold of `log` in `scratch` (a directory that must not
    /// exist yet; removed afterwards).
    package static func run(log: EventLog, projections: [any Projection], scratch: String, maximumDifferences: Int = 20,
                            batchSize: Int = ProjectionRunner.defaultBatchSize, progress: ProjectionRunner.ProgressHandler? = nil,
                            logger: Logger) async throws -> [Result] {
        let stored = try ProjectionStore(log: log).digests(projections)
        guard !FileManager.default.fileExists(atPath: scratch) else {
            throw ProjectionError(.conflict, "scratch directory \(scratch) already exists; remove it or choose another with --scratch")
        }
        var configuration = LMDBEnvironment.Configuration.readWrite(create: true)
        configuration.processDescription = "opx rebuild --check"
        let environment = try LMDBEnvironment(path: scratch, configuration: configuration, logger: logger)
        defer {
            environment.close()
            try? FileManager.default.removeItem(atPath: scratch)
        }
        var results: [String: Result] = [:]
        var targets: [UInt64: [String]] = [:]
        for p in projections {
            guard let (record, _) = stored[p.name] else {
                results[p.name] = Result(name: p.name, position: nil, storedDigest: nil, rebuiltDigest: nil, differences: [],
                                         note: "not built in this store")
                continue
            }
            guard record.matches(p) else {
                results[p.name] = Result(name: p.name, position: record.position, storedDigest: stored[p.name]?.digest, rebuiltDigest: nil,
                                         differences: [], note: "stored rows are from fold version \(record.version) (this opx: \(p.version)); they are rebuilt on the next write")
                continue
            }
            targets[record.position.rawValue, default: []].append(p.name)
        }
        let runner = try await ProjectionRunner.open(
            log: log, projections: projections.filter { p in targets.values.contains { $0.contains(p.name) } }.map { .init($0, mode: .catchUp) },
            store: environment, batchSize: batchSize, logger: logger)
        for position in targets.keys.sorted() {
            try await runner.catchUp(until: LogPosition(position), only: Set(targets[position]!), progress: progress)
        }
        let rebuilt = try ProjectionStore.digests(in: environment, projections.filter { p in targets.values.contains { $0.contains(p.name) } })
        let afterwards = try ProjectionStore(log: log).digests(projections)
        for names in targets.values {
            for name in names {
                let (record, digest) = stored[name]!
                let fresh = rebuilt[name]
                var differences: [Difference] = []
                var note: String?
                if fresh != digest {
                    if afterwards[name]?.position.position == record.position {
                        differences = try listDifferences(name: name, live: log.environment, scratch: environment, limit: maximumDifferences)
                    } else {
                        note = "the stored projection moved on during the check (appends are running); rerun to list the differing rows"
                    }
                }
                results[name] = Result(name: name, position: record.position, storedDigest: digest, rebuiltDigest: fresh,
                                       differences: differences, note: note)
            }
        }
        return projections.compactMap { results[$0.name] }
    }

    /// Walks both databases in key order and returns the first `limit` rows that differ.
    private static func listDifferences(name: String, live: LMDBEnvironment, scratch: LMDBEnvironment, limit: Int) throws -> [Difference] {
        let liveDB = try live.database("projection.\(name)")
        let scratchDB = try scratch.database("projection.\(name)")
        var out: [Difference] = []
        try live.read { a in
            try scratch.read { b in
                try a.withCursor(liveDB) { ca in
                    try b.withCursor(scratchDB) { cb in
                        var x = try ca.first(), y = try cb.first()
                        while out.count < limit, x != nil || y != nil {
                            if let (ka, va) = x, let (kb, vb) = y, ka.elementsEqual(kb) {
                                if !va.elementsEqual(vb) { out.append(Difference(key: String(decoding: ka, as: UTF8.self), stored: Array(va), rebuilt: Array(vb))) }
                                x = try ca.next(); y = try cb.next()
                            } else if let (ka, va) = x, y == nil || ka.lexicographicallyPrecedes(y!.key) {
                                out.append(Difference(key: String(decoding: ka, as: UTF8.self), stored: Array(va), rebuilt: nil))
                                x = try ca.next()
                            } else if let (kb, vb) = y {
                                out.append(Difference(key: String(decoding: kb, as: UTF8.self), stored: nil, rebuilt: Array(vb)))
                                y = try cb.next()
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension ProjectionStore {
    /// Digests of `projections` stored in `environment` (a scratch one).
    static func digests(in environment: LMDBEnvironment, _ projections: [any Projection]) throws -> [String: ProjectionDigest] {
        let databases = try projections.map { try environment.database($0.databaseName) }
        return try environment.read { txn in
            var out: [String: ProjectionDigest] = [:]
            for (p, db) in zip(projections, databases) { out[p.name] = try digest(of: db, in: txn) }
            return out
        }
    }
}
