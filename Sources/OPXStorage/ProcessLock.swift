import Glibc

/// The writer lock of a data directory: an exclusive `flock` on `opx.lock`, held for the life of the environment.
///
/// The lock file holds the holder's pid and description, so a second writer can say who holds it.
/// The descriptor is never closed and reopened while held (closing any descriptor of a file drops
/// `fcntl` locks, RELIABILITY.md P10); `flock` locks belong to the open file description and vanish
/// when the process dies, so a `kill -9`ed writer never leaves a stale lock.
final class ProcessLock: Sendable {
    private let fd: Int32

    /// Takes the lock or throws ``StorageError`` naming the holder.
    init(directory: String, description: String) throws {
        let path = directory + "/opx.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StorageError(.system(errno: errno), operation: "open lock file", path: path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            let holder = Self.readHolder(fd)
            close(fd)
            if err == EWOULDBLOCK {
                throw StorageError(.directoryLocked(holderPID: holder.pid, holderCommand: holder.command),
                                   operation: "lock", path: directory)
            }
            throw StorageError(.system(errno: err), operation: "flock", path: path)
        }
        let text = Array("\(getpid())\n\(description)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func readHolder(_ fd: Int32) -> (pid: Int32?, command: String?) {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return (nil, nil) }
        let lines = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n")
        return (lines.first.flatMap { Int32($0) }, lines.dropFirst().first.map(String.init))
    }
}
