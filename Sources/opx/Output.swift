import Foundation
import Glibc

/// Unbuffered writes to stdout and stderr, so every acknowledgement reaches a pipe at once.
enum Output {
    private static let lock = NSLock()

    /// Writes `text` and a newline to stdout, as one write (concurrent callers never interleave).
    static func line(_ text: String) {
        lock.withLock { write(1, text + "\n") }
    }

    /// Writes `text` and a newline to stderr.
    static func error(_ text: String) {
        write(2, text + "\n")
    }

    /// Writes raw bytes to stdout.
    static func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeAll(1, $0) }
    }

    /// True when stderr is a terminal (progress bars) rather than a file or pipe (progress lines).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}
