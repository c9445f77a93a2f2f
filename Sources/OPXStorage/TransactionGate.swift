import Glibc

/// Keeps map resizes away from open transactions in this process.
///
/// `mdb_env_set_mapsize` "may be called at later times if no transactions are active in this
/// process. Note that the library does not check for this condition" (lmdb.h). Every read
/// transaction holds the gate shared for its (synchronous, short) life; a resize holds it
/// exclusively. Writer-preferring, so a resize is not starved by a stream of readers.
/// Never acquire it twice on one thread (read transactions do not nest).
final class TransactionGate: @unchecked Sendable {
    // Safe to share: the pthread rwlock is itself thread-safe and lives at a stable heap address.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` while no resize can happen.
    @inline(__always)
    func shared<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` while no other transaction of this process is open.
    func exclusive<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
