import Foundation
import Glibc
package import OPXEvents

/// The `head` file beside `data.mdb`: the last committed position and hash, written (and
/// fsynced) after commits, outside LMDB.
///
/// It never runs ahead of a durable commit, and lags it by at most the commits of the last
/// moment before a crash. `opx verify` compares it with the log: a log that ends before the
/// sidecar's position, or holds a different hash there, was truncated or rolled back
/// (RELIABILITY.md T8, T12). The content is one fixed-length line:
/// `opx-head/1 <position, 20 digits> <hash, 64 hex>\n`.
package enum HeadSidecar {
    /// The file name inside the data directory.
    package static let fileName = "head"

    /// The recorded head, `nil` when the file does not exist.
    /// - Throws: ``EventLogError`` when the file exists but is malformed.
    package static func read(directory: String) throws -> (position: LogPosition, hash: EventHash)? {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.split(separator: " ")
        guard parts.count == 3, parts[0] == "opx-head/1", let position = UInt64(parts[1]),
              let hash = EventHash(hex: String(parts[2].trimmingCharacters(in: .newlines))) else {
            throw EventLogError(.corrupt(position: .start), "the head sidecar \(path) is malformed; move it away to accept the log as it is")
        }
        return (LogPosition(position), hash)
    }

    static func line(position: LogPosition, hash: EventHash) -> [UInt8] {
        var out = Array("opx-head/1 ".utf8)
        CloudEventForm.padded(position.rawValue, &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: hash.description.utf8)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Writes and fsyncs the head synchronously (used at init and by the background writer).
    static func write(fd: Int32, position: LogPosition, hash: EventHash) {
        let bytes = line(position: position, hash: hash)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fdatasync(fd)
    }
}

/// Writes the head sidecar on its own thread, coalescing updates, so commits never wait on it.
///
/// At most one write (and fsync) per ``minimumInterval``: the sidecar may lag the log by that
/// much, which is allowed (it must never run ahead), and it keeps the extra fsyncs from
/// competing with the commits' own.
final class HeadSidecarWriter: @unchecked Sendable {
    // Safe to share: `latest`, `written` and `stopping` are guarded by `condition`.
    private let condition = NSCondition()
    private var latest: (position: LogPosition, hash: EventHash)?
    private var written = LogPosition.start
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let fd: Int32
    private static let minimumInterval: UInt32 = 50_000   // microseconds

    init(directory: String, initial: LogHead) throws {
        let path = directory + "/" + HeadSidecar.fileName
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw EventLogError(.unsupportedFormat, "cannot open the head sidecar \(path): \(String(cString: strerror(errno)))")
        }
        HeadSidecar.write(fd: fd, position: initial.position, hash: initial.hash)
        written = initial.position
        let thread = Thread { [self] in run() }
        thread.name = "opx-head-sidecar"
        thread.start()
    }

    /// Records a committed head; older heads than the last recorded one are ignored.
    func update(position: LogPosition, hash: EventHash) {
        condition.lock()
        if position > (latest?.position ?? written) {
            latest = (position, hash)
            condition.signal()
        }
        condition.unlock()
    }

    /// Writes the last update and stops.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
        close(fd)
    }

    private func run() {
        while true {
            condition.lock()
            while latest == nil && !stopping { condition.wait() }
            let next = latest
            latest = nil
            let done = stopping
            condition.unlock()
            if let next {
                HeadSidecar.write(fd: fd, position: next.position, hash: next.hash)
                condition.lock()
                written = max(written, next.position)
                let more = stopping
                condition.unlock()
                if !more { usleep(Self.minimumInterval) }
            }
            if done && next == nil { break }
        }
        finished.signal()
    }
}
