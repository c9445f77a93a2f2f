import Glibc

/// Reads a file in fixed-size blocks (constant memory), for verifying and importing exports.
final class ExportFileReader {
    private let fd: Int32
    private let path: String
    private var block = [UInt8](repeating: 0, count: 1 << 20)
    /// The file's size when opened.
    let size: UInt64
    /// Bytes read so far.
    private(set) var done: UInt64 = 0

    /// Opens `path`.
    /// - Throws: ``ExportError`` `.invalidExport` when it cannot be opened.
    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ExportError(.invalidExport, "cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        var info = stat()
        size = fstat(fd, &info) == 0 ? UInt64(info.st_size) : 0
    }

    deinit { close(fd) }

    /// Calls `body` with the next block; returns false at the end of the file.
    func next(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ExportError(.invalidExport, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return false }
            done += UInt64(n)
            try block.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            return true
        }
    }

    /// The first `count` bytes of the file (fewer when it is shorter), without moving the read position.
    func prefix(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = pread(fd, &bytes, count, 0)
        return Array(bytes.prefix(max(n, 0)))
    }

    /// The whole file, or `nil` when it cannot be read.
    func readAll() -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + offset, $0.count - offset, off_t(offset)) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            offset += n
        }
        return Array(bytes.prefix(offset))
    }
}
