import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a long fold's resident memory bounded: scanning a large log touches every page of LMDB's
/// file map, and touched pages of a shared mapping stay counted in the process's resident set
/// long after they were read. Dropping them (`MADV_DONTNEED`) only unmaps them from this process:
/// the mapping is read-only and file-backed (opx never uses `MDB_WRITEMAP`), so a later read
/// faults the page back in from the page cache, and concurrent readers are unaffected.
///
/// This finds the mapping in `/proc/self/maps`; it belongs in `OPXStorage` (which knows the map
/// address through `mdb_env_info`), and moves there when that module offers it.
enum MappedPages {
    /// Drops this process's resident pages of the shared mappings of `directory`/data.mdb. Linux only;
    /// does nothing elsewhere or when the mapping is not found.
    static func release(directory: String) {
        #if os(Linux)
        guard let resolved = realpath(directory + "/data.mdb", nil) else { return }
        let file = String(cString: resolved)
        free(resolved)
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return }
        for line in maps.split(separator: "\n") where line.hasSuffix(" " + file) {
            // "7f12a0000000-7f12e0000000 r--s 00000000 08:01 1234    /path/data.mdb"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[1].contains("s") else { continue }   // shared mappings only
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start,
                  let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            _ = madvise(address, Int(end - start), MADV_DONTNEED)
        }
        #endif
    }
}
