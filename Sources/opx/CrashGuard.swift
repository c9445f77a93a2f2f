import Glibc

/// Turns the signals LMDB raises on damaged files into one readable line instead of a crash report.
///
/// A truncated `data.mdb` makes reads through the memory map fault with `SIGBUS`
/// (RELIABILITY.md T8); that is a damaged store, not a bug in opx.
enum CrashGuard {
    static func install() {
        signal(SIGBUS) { _ in
            let message: StaticString = "opx: the data file is damaged or truncated (SIGBUS reading data.mdb); work on a copy and restore from a backup or an export\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(3)
        }
    }
}
