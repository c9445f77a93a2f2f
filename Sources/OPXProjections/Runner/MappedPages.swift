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
enum MappedPages {
    /// Drops `environment`'s resident map pages and trims the heap.
    static func release(_ environment: LMDBEnvironment) {
        environment.releaseResidentPages()
        trimHeap()
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
