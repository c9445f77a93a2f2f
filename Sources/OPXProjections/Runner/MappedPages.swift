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
///
/// It also hands freed heap memory back to the system (`malloc_trim`): a fold allocates and frees
/// rows on several threads, and glibc keeps the freed space of its per-thread arenas, so without it
/// the resident set grows with the length of the log although the memory in use does not.
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
        trimHeap()
        #endif
    }

    /// `malloc_trim(0)` where glibc provides it (looked up at run time: `<malloc.h>` is not in the Glibc module).
    static func trimHeap() {
        #if os(Linux)
        if let trim = mallocTrim { _ = trim(0) }
        #endif
    }

    #if os(Linux)
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif
}
