import CLMDB
import Foundation
import Glibc
package import Logging

/// One LMDB environment: a data directory holding `data.mdb` and `lock.mdb`.
///
/// Open exactly one per directory per process (a second open in the same process is refused);
/// pass it around. A read-write environment holds the directory's writer lock (`opx.lock`) so
/// two processes never write the same directory; read-only environments can run beside it.
///
/// ```swift
/// let env = try LMDBEnvironment(path: "opx-data", configuration: .readWrite(create: true), logger: logger)
/// let events = try env.database("events")
/// try await env.write { txn in try txn.put(events, key: key, value: value, flags: .append) }
/// let count = try env.read { txn in try txn.count(events) }
/// ```
///
/// Always opened with `MDB_NOTLS` (reader slots belong to transactions, not threads) and never
/// with a flag that weakens durability; `mdb_reader_check` runs at open.
package final class LMDBEnvironment: @unchecked Sendable {
    // Safe to share: MDB_env is documented thread-safe; write transactions run only on the writer
    // thread, read transactions are closure-scoped, and mutable state here is behind locks.

    /// The data directory.
    package let path: String
    /// How it was opened.
    package let configuration: Configuration
    /// Stale reader slots cleared at open (readers of processes that died).
    package let staleReadersCleared: Int
    /// Commit counters of the writer.
    package let writerStatistics = WriterStatistics()

    let handle: OpaquePointer
    private let gate = TransactionGate()
    private let identity: FileIdentity
    private let databases = Locked<[String: Database]>([:])
    private let state = Locked(State())
    private var writer: Writer?
    private let logger: Logger

    private struct State {
        var closed = false
        var mapSize = 0
        var lock: ProcessLock?
        var pagesAtLastTrim = 0
    }

    /// How much the data file may grow between two trims of the map's resident pages.
    private static let trimInterval = 64 << 20

    /// Flags that would weaken durability or safety; refused at open (RELIABILITY.md A.2).
    private static let unsafeFlags = UInt32(MDB_NOSYNC) | UInt32(MDB_NOMETASYNC) | UInt32(MDB_WRITEMAP)
        | UInt32(MDB_MAPASYNC) | UInt32(MDB_NOMEMINIT)

    /// Opens the environment in `path`.
    ///
    /// - Throws: ``StorageError`` when the directory is missing (and `create` is false), locked by
    ///   another writer, already open in this process, on an unsuitable file system, or damaged.
    package init(path: String, configuration: Configuration, logger: Logger) throws {
        self.path = path
        self.configuration = configuration
        self.logger = logger
        if configuration.create {
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw StorageError(.system(errno: errno), operation: "create data directory", path: path)
            }
        } else if access(path + "/data.mdb", F_OK) != 0 {
            throw StorageError(.notInitialized, operation: "open", path: path)
        }
        try Self.checkFileSystem(path)
        let identity = try FileIdentity(path: path)
        self.identity = identity
        try openEnvironments.withLock { open in
            if open.contains(identity) { throw StorageError(.alreadyOpen, operation: "open", path: path) }
            open.insert(identity)
        }
        let lock: ProcessLock?
        do {
            lock = configuration.mode == .readWrite
                ? try ProcessLock(directory: path, description: configuration.processDescription) : nil
            (handle, staleReadersCleared) = try Self.openHandle(path: path, configuration: configuration)
        } catch {
            _ = openEnvironments.withLock { $0.remove(identity) }
            throw error
        }
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        state.withLock {
            $0.mapSize = info.me_mapsize
            $0.lock = lock
        }
        if staleReadersCleared > 0 {
            logger.notice("cleared stale reader slots", metadata: ["opx.readers": "\(staleReadersCleared)", "opx.path": "\(path)"])
        }
        if configuration.mode == .readWrite {
            writer = Writer(environment: self, logger: logger, maximumGroupWeight: 1 << 25, statistics: writerStatistics)
        }
    }

    private static func openHandle(path: String, configuration: Configuration) throws -> (OpaquePointer, Int) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        let handle = env!
        do {
            try check(mdb_env_set_maxdbs(handle, configuration.maxDatabases), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(handle, configuration.maxReaders), "mdb_env_set_maxreaders")
            if configuration.mode == .readWrite {
                try check(mdb_env_set_mapsize(handle, configuration.initialMapSize), "mdb_env_set_mapsize")
            }
            var flags = UInt32(MDB_NOTLS)
            if configuration.mode == .readOnly { flags |= UInt32(MDB_RDONLY) }
            let rc = mdb_env_open(handle, path, flags, 0o600)
            if rc != 0 { throw StorageError(returnCode: rc, operation: "mdb_env_open", path: path) }
            var actual: UInt32 = 0
            try check(mdb_env_get_flags(handle, &actual), "mdb_env_get_flags")
            precondition(actual & UInt32(MDB_NOTLS) != 0, "LMDB environment opened without MDB_NOTLS")
            if actual & unsafeFlags != 0 {
                throw StorageError(.unsafeFlags(actual & unsafeFlags), operation: "open", path: path)
            }
            var dead: Int32 = 0
            try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
            return (handle, Int(dead))
        } catch {
            mdb_env_close(handle)
            throw error
        }
    }

    deinit { close() }

    /// Finishes queued writes, closes the environment and releases the writer lock. Idempotent.
    package func close() {
        let wasOpen = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard wasOpen else { return }
        writer?.stop()
        gate.exclusive {
            mdb_env_close(handle)
        }
        state.withLock { $0.lock = nil }   // releases the writer lock
        _ = openEnvironments.withLock { $0.remove(identity) }
    }

    // MARK: - Databases

    /// Opens (or, in a read-write environment, creates) the named database.
    ///
    /// Call at startup, before concurrent use; the handle stays valid until ``close()``.
    /// - Throws: ``StorageError`` with `.notInitialized` when a read-only environment lacks it.
    package func database(_ name: String, flags: Database.Flags = []) throws -> Database {
        try databases.withLock { (open) throws -> Database in
            if let db = open[name] { return db }
            var raw: OpaquePointer?
            let readOnly = configuration.mode == .readOnly
            try gate.shared {
                try check(mdb_txn_begin(handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &raw), "mdb_txn_begin")
            }
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(raw, name, flags.rawValue | (readOnly ? 0 : UInt32(MDB_CREATE)), &dbi)
            if rc == MDB_NOTFOUND {
                mdb_txn_abort(raw)
                throw StorageError(.notInitialized, operation: "open database \(name)", path: path)
            }
            if rc != 0 {
                mdb_txn_abort(raw)
                throw StorageError(returnCode: rc, operation: "mdb_dbi_open(\(name))", path: path)
            }
            // Commit (even read-only): a DBI opened in an aborted transaction is closed again.
            try check(mdb_txn_commit(raw), "mdb_txn_commit")
            let db = Database(dbi: dbi, name: name)
            open[name] = db
            return db
        }
    }

    /// Deletes the named database and everything in it from the store (one durable write) and
    /// forgets its handle. Call only when nothing else uses the database.
    package func dropDatabase(_ database: Database) async throws {
        let dbi = database.dbi
        try await write { txn in try txn.deleteDatabase(dbi: dbi, name: database.name) }
        databases.withLock { _ = $0.removeValue(forKey: database.name) }
    }

    // MARK: - Transactions

    /// Runs `body` in a read-only transaction: a consistent cut of the store.
    ///
    /// The body is synchronous, so the transaction can never be held across an `await`.
    /// Do not nest read transactions on one thread.
    package func read<T>(_ body: (borrowing ReadTransaction) throws -> T) throws -> T {
        while true {
            var raw: OpaquePointer?
            let outcome: T? = try gate.shared { () throws -> T? in
                let rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &raw)
                if rc == MDB_MAP_RESIZED { return nil }
                try check(rc, "mdb_txn_begin(read)")
                defer { mdb_txn_abort(raw) }
                return try body(ReadTransaction(handle: raw!))
            }
            if let outcome { return outcome }
            adoptMapSize()   // another process grew the map (RELIABILITY.md P2)
        }
    }

    /// Runs `body` in a write transaction on the writer thread, with group commit.
    ///
    /// Returns after the transaction that ran `body` is committed, so its writes are durable on
    /// disk (default LMDB sync mode). `body` may run more than once if a job sharing its
    /// transaction fails after writing or the map must grow: keep it a pure function of the store.
    /// - Parameters:
    ///   - weight: Roughly the bytes `body` writes; bounds how much one group commit carries.
    ///   - body: The synchronous transaction body.
    /// - Throws: ``StorageError`` for storage failures (the outcome of a failed commit is
    ///   unknown to the caller), or whatever `body` throws.
    package func write<T: Sendable>(weight: Int = 1, _ body: @escaping @Sendable (borrowing WriteTransaction) throws -> T) async throws -> T {
        guard let writer else { throw StorageError(.readOnly, operation: "write", path: path) }
        return try await writer.submit(weight: weight, body)
    }

    /// Queues `body` like ``write(weight:_:)``, but returns as soon as it is queued: writes queued one after
    /// another (from one task, or under one lock) run in that order, in the same or in consecutive transactions.
    ///
    /// Await the returned ``PendingWrite/value`` for the result, durable. A job can check ``PendingWrite/failed`` of
    /// a write queued before it to refuse to run without that write's effects.
    /// - Throws: ``StorageError`` `.readOnly` for a read-only environment.
    package func enqueueWrite<T: Sendable>(weight: Int = 1, _ body: @escaping @Sendable (borrowing WriteTransaction) throws -> T) throws -> PendingWrite<T> {
        guard let writer else { throw StorageError(.readOnly, operation: "write", path: path) }
        return writer.enqueue(weight: weight, body)
    }

    // MARK: - Map size

    /// Doubles the map (up to the configured maximum). Called by the writer thread after `MDB_MAP_FULL`.
    func growMap() throws -> Int {
        try gate.exclusive { () throws -> Int in
            let current = state.withLock { $0.mapSize }
            guard current < configuration.maximumMapSize else {
                throw StorageError(returnCode: MDB_MAP_FULL, operation: "grow map beyond maximum", path: path)
            }
            let next = min(configuration.maximumMapSize, current * 2)
            try check(mdb_env_set_mapsize(handle, next), "mdb_env_set_mapsize")
            state.withLock { $0.mapSize = next }
            return next
        }
    }

    /// Drops this process's resident pages of the memory map once the data file has grown by
    /// ``trimInterval`` since the last time (called by the writer thread after commits).
    ///
    /// LMDB reads through a read-only shared file mapping, so every page a transaction touched
    /// stays in this process's resident set, and a long run of appends would make resident memory
    /// grow with the log. `MADV_DONTNEED` on a shared file mapping only unmaps the pages (the
    /// page cache keeps them); any later access, including a concurrent reader's, faults them
    /// back in. It never loses data and keeps resident memory bounded by the trim interval.
    func trimResidentMapIfGrown() {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        let pageSize = Int(stat.ms_psize)
        let due = state.withLock { state -> Bool in
            guard (info.me_last_pgno - state.pagesAtLastTrim) * pageSize >= Self.trimInterval else { return false }
            state.pagesAtLastTrim = info.me_last_pgno
            return true
        }
        if due { releaseResidentPages() }
    }

    /// Drops this process's resident pages of the memory map (`MADV_DONTNEED`): safe at any time,
    /// since the mapping is read-only and file-backed; later reads fault pages back from the page cache.
    /// Long folds call it so that scanning a large log does not grow the resident set with the log.
    package func releaseResidentPages() {
        guard let map = mappedRange() else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: map.lowerBound), map.count, MADV_DONTNEED)
    }

    /// The address range of this environment's `data.mdb` mapping, from `/proc/self/maps`
    /// (LMDB does not expose its map address unless `MDB_FIXEDMAP` is used).
    private func mappedRange() -> Range<Int>? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        let file = (path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) + "/data.mdb"
        let canonical = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
        for line in maps.split(separator: "\n") where line.hasSuffix(canonical) {
            let bounds = line.prefix { $0 != " " }.split(separator: "-")
            guard bounds.count == 2, let start = Int(bounds[0], radix: 16), let end = Int(bounds[1], radix: 16) else { continue }
            return start..<end
        }
        return nil
    }

    /// Adopts a map size grown by another process (`MDB_MAP_RESIZED`).
    func adoptMapSize() {
        gate.exclusive {
            mdb_env_set_mapsize(handle, 0)
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            state.withLock { $0.mapSize = info.me_mapsize }
        }
    }

    // MARK: - Information

    /// Map size, pages used, reader slots and the LMDB version.
    package var info: EnvironmentInfo {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        var fileStat = Glibc.stat()
        let fileSize = lstat(path + "/data.mdb", &fileStat) == 0 ? Int(fileStat.st_size) : 0
        return EnvironmentInfo(mapSize: info.me_mapsize, pageSize: Int(stat.ms_psize),
                               usedPages: info.me_last_pgno + 1, fileSize: fileSize,
                               maxReaders: Int(info.me_maxreaders), readersUsed: Int(info.me_numreaders),
                               lmdbVersion: Self.lmdbVersion)
    }

    /// The runtime LMDB library version, e.g. "LMDB 0.9.24: (July 24, 2019)".
    package static var lmdbVersion: String { String(cString: mdb_version(nil, nil, nil)) }

    /// Clears reader slots left by dead processes; returns how many were cleared.
    package func checkReaders() throws -> Int {
        var dead: Int32 = 0
        try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
        return Int(dead)
    }

    private static func checkFileSystem(_ path: String) throws {
        let refused: [Int: String] = [0x6969: "NFS", 0x517B: "SMB", 0xFE53_4D42: "SMB2",
                                      0xFF53_4D42: "CIFS", 0x6573_5546: "FUSE"]
        if let kind = refused[opx_filesystem_type(path)] {
            throw StorageError(.unsupportedFileSystem(kind), operation: "open", path: path)
        }
    }
}

/// What ``LMDBEnvironment/info`` reports.
package struct EnvironmentInfo: Sendable, Hashable {
    /// Current map size in bytes (address space).
    package let mapSize: Int
    /// Page size in bytes.
    package let pageSize: Int
    /// Pages in use (last page number + 1).
    package let usedPages: Int
    /// Size of `data.mdb` on disk.
    package let fileSize: Int
    /// Reader slots configured.
    package let maxReaders: Int
    /// Reader slots in use, by any process.
    package let readersUsed: Int
    /// The LMDB library version.
    package let lmdbVersion: String

    /// Fraction of the map in use, 0…1.
    package var mapUse: Double { Double(usedPages * pageSize) / Double(max(mapSize, 1)) }
}

/// Device and inode of a directory: the key of the per-process open registry.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(path: String) throws {
        var s = Glibc.stat()
        guard lstat(path, &s) == 0 else { throw StorageError(.system(errno: errno), operation: "stat", path: path) }
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
    }
}

/// Directories open in this process (RELIABILITY.md P10).
private let openEnvironments = Locked<Set<FileIdentity>>([])
