import OPXStorage

/// Where a projection's rows come from when they are not cached: a database inside one transaction.
package protocol RowSource: AnyObject {
    /// Calls `body` with the stored bytes of `key`, or returns `nil` when there is none.
    func load<T>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T?
    /// Calls `body` for each stored row whose key starts with `prefix`, in key order, until it returns false.
    func scan(prefix: [UInt8], _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws
}

/// Rows of one database read through a transaction that outlives this object's use.
///
/// Created only inside `withUnsafePointer(to: txn)` and dropped before that closure returns
/// (``ProjectionRows/withSource(_:_:)`` enforces it); the pointer must never outlive the transaction.
final class TransactionRowSource<Txn: Transaction & ~Copyable>: RowSource {
    private let txn: UnsafePointer<Txn>
    private let database: Database

    init(_ txn: UnsafePointer<Txn>, database: Database) {
        self.txn = txn
        self.database = database
    }

    func load<T>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        guard let value = try txn.pointee.get(database, key: key) else { return nil }
        return try body(value)
    }

    func scan(prefix: [UInt8], _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        try txn.pointee.withCursor(database) { cursor in
            var entry = prefix.isEmpty ? try cursor.first() : try cursor.seek(atLeast: prefix)
            while let (key, value) = entry, key.starts(with: prefix) {
                guard try body(key, value) else { return }
                entry = try cursor.next()
            }
        }
    }
}
