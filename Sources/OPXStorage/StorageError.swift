import CLMDB
import Glibc

/// The one error type of `OPXStorage`: LMDB return codes and the environment's own refusals.
///
/// LMDB return codes are converted in exactly one place, ``init(returnCode:operation:)``.
/// `description` is a single readable line saying what failed and what to do about it.
package struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Code: Sendable, Hashable {
        /// An LMDB call returned a non-zero code.
        case lmdb(returnCode: Int32)
        /// Another process holds the data directory's writer lock.
        case directoryLocked(holderPID: Int32?, holderCommand: String?)
        /// This process already has an environment open on the same directory.
        case alreadyOpen
        /// The directory holds no opx store (or is missing a database).
        case notInitialized
        /// The environment was opened with a flag that breaks durability.
        case unsafeFlags(UInt32)
        /// The directory is on a file system LMDB cannot lock or sync correctly.
        case unsupportedFileSystem(String)
        /// A system call failed with `errno`.
        case system(errno: Int32)
        /// A write was attempted on a read-only environment, or after close.
        case readOnly
        /// The environment has been closed.
        case closed
    }

    /// What went wrong.
    package let code: Code
    /// The operation that failed (an LMDB function name or a short phrase).
    package let operation: String
    /// The path involved, when there is one.
    package let path: String?

    package init(_ code: Code, operation: String, path: String? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
    }

    /// Converts an LMDB return code; the single place where that happens.
    package init(returnCode: Int32, operation: String, path: String? = nil) {
        self.init(.lmdb(returnCode: returnCode), operation: operation, path: path)
    }

    /// The LMDB return code, if this error came from LMDB.
    package var lmdbCode: Int32? {
        if case .lmdb(let rc) = code { return rc }
        return nil
    }

    /// True when the map is full (`MDB_MAP_FULL`): growing the map and retrying will succeed.
    package var isMapFull: Bool { lmdbCode == MDB_MAP_FULL }

    /// True when the failure means the disk is full or failing (`ENOSPC`, `EIO`, `EDQUOT`).
    ///
    /// LMDB reports a short write during commit as `EIO`, so both count (RELIABILITY.md P12).
    package var isDiskFullOrIO: Bool {
        guard let rc = lmdbCode else { return false }
        return rc == 28 || rc == 5 || rc == 122
    }

    package var description: String {
        let at = path.map { " (\($0))" } ?? ""
        switch code {
        case .lmdb(let rc):
            let text = String(cString: mdb_strerror(rc))
            return "storage error in \(operation)\(at): \(text) [\(rc)]\(Self.hint(for: rc))"
        case .directoryLocked(let pid, let command):
            let holder = pid.map { "process \($0)" } ?? "another process"
            let what = command.map { " (\($0))" } ?? ""
            return "data directory\(at) is being written by \(holder)\(what); stop it first, "
                + "or send appends to it (e.g. over `opx serve`'s HTTP API); read-only commands (read, verify, stats) work alongside it"
        case .alreadyOpen:
            return "data directory\(at) is already open in this process; pass the open store around instead of reopening it"
        case .notInitialized:
            return "no opx store in\(at.isEmpty ? " this directory" : at): run `opx init` (or choose the right --data directory)"
        case .unsafeFlags(let flags):
            return "refusing to use LMDB environment\(at) with unsafe flags 0x\(String(flags, radix: 16)) (NOSYNC, NOMETASYNC, WRITEMAP, MAPASYNC or NOMEMINIT)"
        case .unsupportedFileSystem(let kind):
            return "data directory\(at) is on \(kind); LMDB needs a local file system (ext4, xfs, tmpfs) for locking and fsync"
        case .system(let errno):
            return "\(operation) failed\(at): \(String(cString: strerror(errno))) [errno \(errno)]"
        case .readOnly:
            return "\(operation)\(at): the store is open read-only"
        case .closed:
            return "\(operation)\(at): the store is closed"
        }
    }

    private static func hint(for rc: Int32) -> String {
        switch rc {
        case 28, 122: return "; the disk is full: free space, nothing acknowledged was lost"
        case 5: return "; an I/O error (often a full disk): free space or check the device, nothing acknowledged was lost"
        case MDB_READERS_FULL: return "; too many concurrent readers: retry, or raise maxReaders"
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND: return "; the data file is damaged: run `opx verify` and restore from an export or backup"
        case MDB_INVALID: return "; this is not an LMDB data file"
        case MDB_VERSION_MISMATCH: return "; the LMDB library version does not match the data file"
        case MDB_PANIC: return "; restart the process"
        default: return ""
        }
    }
}

/// Throws a ``StorageError`` when `rc` is non-zero.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws {
    if rc != 0 { throw StorageError(returnCode: rc, operation: operation()) }
}
