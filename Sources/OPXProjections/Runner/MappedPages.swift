import Foundation
import OPXStorage
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a long fold's resident memory bounded: drops the map pages the fold touched
/// (``LMDBEnvironment/releaseResidentPages()``) and hands freed heap memory back to the system
/// (`malloc_trim`): a fold allocates and frees rows on several threads, and glibc keeps the freed
/// space of its per-thread arenas, so without it the resident set grows with the length of the log
/// although the memory in use does not.
///
/// Trimming the heap is the dearer half: it hands back every free page of every arena, and the
/// allocations after it fault fresh zeroed pages in again. Catch-up therefore drops map pages every
/// 2 pages folded but trims the heap only every 16 (``heapTrimInterval``): on the 1M-event benchmark log
/// that halved the rebuild's minor faults (about 380,000 → 170,000–190,000) and cut its system time by
/// about a quarter, for a few MB more anonymous memory at the end (66–82 MB against 64–77 MB).
enum MappedPages {
    /// Catch-up pages (``ProjectionRunner/pageSize`` events each) between drops of the map's resident pages.
    static let mapReleaseInterval = 2
    /// Catch-up pages between heap trims.
    static let heapTrimInterval = 16

    /// Drops `environment`'s resident map pages, and trims the heap when `trimHeap` is set.
    static func release(_ environment: LMDBEnvironment, trimHeap: Bool = true) {
        environment.releaseResidentPages()
        if trimHeap { Self.trimHeap() }
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
