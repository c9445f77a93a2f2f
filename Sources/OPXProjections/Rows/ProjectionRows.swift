import OPXEvents
import OPXStorage

/// The keyed rows a projection folds into: its whole state.
///
/// Keys are strings (compared and stored as UTF-8 bytes, so LMDB's byte order is their order);
/// values are ``ProjectionRow``s stored as canonical JSON, so equal states have byte-identical
/// rows and digests. Rows read during a fold are kept decoded in a cache, changed in place, and
/// written back in key order at the end of a batch (``takeChanges()``); the cache survives
/// batches and is trimmed to a bound.
///
/// Two backends: with a ``RowSource`` (an LMDB database inside a transaction) rows missing from
/// the cache are loaded from it; without one (in memory: time travel, tests) the cache is the
/// whole state.
package struct ProjectionRows {
    /// The projection these rows belong to (for messages).
    package let projection: String
    /// Where uncached rows come from; `nil` for in-memory rows.
    package var source: (any RowSource)?

    private enum Entry {
        case row(any ProjectionRow, dirty: Bool)
        case absent(dirty: Bool)

        var isDirty: Bool {
            switch self {
            case .row(_, let dirty), .absent(let dirty): return dirty
            }
        }
    }

    private var cache: [String: Entry] = [:]
    private var older: [String: Entry] = [:]
    /// Rows under ``scannedPrefixes``, kept apart so that prefix scans see unwritten changes cheaply.
    private var scanCache: [String: Entry] = [:]
    private let scannedPrefixes: [String]
    private var dirtyKeys: [String] = []

    /// Empty rows; in memory until a ``source`` is set.
    package init(projection: String, scannedPrefixes: [String] = []) {
        self.projection = projection
        self.scannedPrefixes = scannedPrefixes
    }

    /// Keys longer than this many UTF-8 bytes are shortened with a hash (LMDB keys stop at 511 bytes).
    package static let maximumKeyBytes = 400

    // MARK: - Reading and writing rows

    /// The row under `key`, or `nil`.
    /// - Throws: ``ProjectionError`` `.corruptRow` when the stored row does not decode as `R`.
    package mutating func get<R: ProjectionRow>(_ key: String, as type: R.Type) throws -> R? {
        let key = RowKey.normalized(key)
        switch try entry(key, as: type) {
        case .row(let row, _):
            guard let typed = row as? R else { throw mismatch(key, R.self) }
            return typed
        case .absent:
            return nil
        }
    }

    /// Whether a row exists under `key`.
    package mutating func contains(_ key: String) throws -> Bool {
        let key = RowKey.normalized(key)
        if case .row = try entry(key, as: JSONRow.self) { return true }
        return false
    }

    /// Stores `row` under `key`.
    package mutating func set(_ key: String, _ row: some ProjectionRow) {
        store(RowKey.normalized(key), .row(row, dirty: true))
    }

    /// Removes the row under `key` (nothing happens when there is none).
    package mutating func remove(_ key: String) {
        store(RowKey.normalized(key), .absent(dirty: true))
    }

    /// Changes the row under `key` in place, starting from `initial()` when there is none.
    ///
    /// If `body` throws, the batch is void: the caller discards the rows (``discardCache()``).
    package mutating func update<R: ProjectionRow, T>(_ key: String, as type: R.Type, default initial: () -> R,
                                                      _ body: (inout R) throws -> T) throws -> T {
        let key = RowKey.normalized(key)
        var row = try take(key, as: type) ?? initial()
        let result = try body(&row)
        store(key, .row(row, dirty: true))
        return result
    }

    /// Changes the row under `key` in place when it exists; returns `nil` (and changes nothing) when it does not.
    @discardableResult
    package mutating func modify<R: ProjectionRow, T>(_ key: String, as type: R.Type, _ body: (inout R) throws -> T) throws -> T? {
        let key = RowKey.normalized(key)
        guard var row = try take(key, as: type) else { return nil }
        let result = try body(&row)
        store(key, .row(row, dirty: true))
        return result
    }

    /// Every row whose key starts with `prefix`, in key order, including changes not yet written.
    ///
    /// Cheap when `prefix` extends one of the projection's scanned prefixes (only those rows are
    /// looked at in the cache); otherwise the whole cache is searched, which folds should avoid.
    package mutating func scan<R: ProjectionRow>(prefix: String, as type: R.Type) throws -> [(key: String, row: R)] {
        let prefixBytes = Array(prefix.utf8)
        let regions = isScanned(prefix) ? [scanCache] : [older, cache, scanCache]
        var found: [String: R] = [:]
        if let source {
            try source.scan(prefix: prefixBytes) { key, value in
                let k = String(decoding: key, as: UTF8.self)
                if !regions.contains(where: { $0[k] != nil }) { found[k] = try decode(k, value, as: R.self) }
                return true
            }
        }
        for region in regions {
            for (k, e) in region where k.utf8.starts(with: prefixBytes) {
                switch e {
                case .row(let row, _):
                    guard let typed = row as? R else { throw mismatch(k, R.self) }
                    found[k] = typed
                case .absent:
                    found[k] = nil
                }
            }
        }
        return found.keys.sorted(by: RowKey.less).map { ($0, found[$0]!) }
    }

    // MARK: - Batches

    /// One row to write: its key and canonical JSON, or `nil` to delete it.
    package struct Change: Sendable {
        package let key: [UInt8]
        package let value: [UInt8]?
    }

    /// The rows changed since the last call, encoded, in key order; marks them written.
    ///
    /// If writing them then fails, call ``discardCache()``: the cache no longer matches the store.
    package mutating func takeChanges() -> [Change] {
        guard !dirtyKeys.isEmpty else { return [] }
        var changes: [Change] = []
        changes.reserveCapacity(dirtyKeys.count)
        for key in dirtyKeys {
            let scanned = isScanned(key)
            guard let entry = scanned ? scanCache[key] : cache[key] else { continue }
            switch entry {
            case .row(let row, true):
                changes.append(Change(key: Array(key.utf8), value: row.canonicalBytes))
                if scanned { scanCache[key] = .row(row, dirty: false) } else { cache[key] = .row(row, dirty: false) }
            case .absent(true):
                changes.append(Change(key: Array(key.utf8), value: nil))
                if scanned { scanCache[key] = .absent(dirty: false) } else { cache[key] = .absent(dirty: false) }
            default:
                break
            }
        }
        dirtyKeys.removeAll(keepingCapacity: true)
        changes.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return changes
    }

    /// Whether rows changed since the last ``takeChanges()``.
    package var hasChanges: Bool { !dirtyKeys.isEmpty }

    /// Bounds the cache after a batch was written: when it holds more than `maxRows`, the current
    /// generation becomes the older one (still consulted, so hot rows survive) and the oldest is dropped.
    /// Rows under scanned prefixes are dropped from memory altogether.
    package mutating func trim(maxRows: Int) {
        guard source != nil else { return }   // in-memory rows are the state: keep them
        precondition(dirtyKeys.isEmpty, "trim with unwritten rows in projection \(projection)")
        scanCache.removeAll(keepingCapacity: true)
        if cache.count > maxRows {
            older = cache
            cache = [:]
            cache.reserveCapacity(maxRows)
        }
    }

    /// Forgets every cached row (after a failed write, or when the stored rows changed underneath).
    package mutating func discardCache() {
        cache.removeAll()
        older.removeAll()
        scanCache.removeAll()
        dirtyKeys.removeAll()
    }

    /// How many rows are cached (for bounding memory).
    package var cachedRows: Int { cache.count + older.count + scanCache.count }

    // MARK: - In-memory state

    /// Every present row of in-memory rows, encoded, in key order.
    package func encodedRows() -> [(key: [UInt8], value: [UInt8])] {
        precondition(source == nil, "encodedRows() is for in-memory rows")
        var merged = older
        for (k, e) in cache { merged[k] = e }
        for (k, e) in scanCache { merged[k] = e }
        var out: [(key: [UInt8], value: [UInt8])] = []
        out.reserveCapacity(merged.count)
        for (k, e) in merged {
            if case .row(let row, _) = e { out.append((Array(k.utf8), row.canonicalBytes)) }
        }
        out.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return out
    }

    /// The digest of in-memory rows (see ``ProjectionDigest``).
    package func digest() -> ProjectionDigest {
        var digest = ProjectionDigest.Builder()
        for (key, value) in encodedRows() { digest.add(key: key, value: value) }
        return digest.finish()
    }

    // MARK: - Cache mechanics

    private func isScanned(_ key: String) -> Bool {
        for prefix in scannedPrefixes where key.hasPrefix(prefix) { return true }
        return false
    }

    private mutating func entry<R: ProjectionRow>(_ key: String, as type: R.Type) throws -> Entry {
        if isScanned(key) {
            if let e = scanCache[key] { return e }
            let e = try load(key, as: type)
            scanCache[key] = e
            return e
        }
        if let e = cache[key] { return e }
        if let e = older.removeValue(forKey: key) {
            cache[key] = e
            return e
        }
        let e = try load(key, as: type)
        if source != nil { cache[key] = e }
        return e
    }

    /// Removes the row from the cache (so that changing it copies nothing) and returns it.
    private mutating func take<R: ProjectionRow>(_ key: String, as type: R.Type) throws -> R? {
        let e = try entry(key, as: type)
        guard case .row(let row, let dirty) = e else { return nil }
        guard let typed = row as? R else { throw mismatch(key, R.self) }
        // Leave a placeholder that keeps the dirty flag; `store` replaces it.
        if isScanned(key) { scanCache[key] = .absent(dirty: dirty) } else { cache[key] = .absent(dirty: dirty) }
        return typed
    }

    private mutating func store(_ key: String, _ entry: Entry) {
        let scanned = isScanned(key)
        let wasDirty = (scanned ? scanCache[key] : cache[key])?.isDirty ?? false
        if !wasDirty { dirtyKeys.append(key) }
        if scanned {
            scanCache[key] = entry
        } else {
            cache[key] = entry
            older.removeValue(forKey: key)
        }
    }

    private func load<R: ProjectionRow>(_ key: String, as type: R.Type) throws -> Entry {
        guard let source else { return .absent(dirty: false) }
        let bytes = Array(key.utf8)
        let row: R? = try source.load(bytes) { value in try decode(key, value, as: R.self) }
        return row.map { .row($0, dirty: false) } ?? .absent(dirty: false)
    }

    private func decode<R: ProjectionRow>(_ key: String, _ value: UnsafeRawBufferPointer, as type: R.Type) throws -> R {
        do {
            return try R(row: RowDecoder(try JSONParser.parse(value)))
        } catch {
            throw ProjectionError(.corruptRow, "projection \(projection): row \"\(key.prefix(120))\" cannot be read (\(error)); rebuild it with `opx rebuild --projection \(projection)`")
        }
    }

    private func mismatch(_ key: String, _ type: Any.Type) -> ProjectionError {
        ProjectionError(.corruptRow, "projection \(projection): row \"\(key.prefix(120))\" is not a \(type) (two row kinds share a key)")
    }
}

/// Row key helpers.
package enum RowKey {
    /// `key`, or when longer than ``ProjectionRows/maximumKeyBytes`` its head plus a hash of the whole.
    @inline(__always)
    package static func normalized(_ key: String) -> String {
        guard key.utf8.count > ProjectionRows.maximumKeyBytes else { return key }
        return shortened(key)
    }

    private static func shortened(_ key: String) -> String {
        let digest = ProjectionDigest.sha256(Array(key.utf8))
        var head = Array(key.utf8.prefix(ProjectionRows.maximumKeyBytes - 66))
        // Do not cut a UTF-8 sequence in half.
        while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
        if let last = head.last, last >= 0xC0 { head.removeLast() }
        return String(decoding: head, as: UTF8.self) + "~" + Hex.encode(digest)
    }

    /// UTF-8 byte order: the order LMDB keeps keys in.
    package static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A zero-padded decimal, so numbers sort as they compare.
    package static func padded(_ value: some BinaryInteger, width: Int = 20) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
