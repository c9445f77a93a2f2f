import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

/// Appends into a size-limited tmpfs until the disk is full (RELIABILITY.md T4).
///
/// Needs root to mount the tmpfs; elsewhere it prints why it skipped and passes.
@Suite struct DiskFullTests {
    @Test func aFullDiskIsAClearErrorLosesNothingAndAppendsResumeOnceSpaceIsFreed() async throws {
        let dir = TemporaryDirectory(prefix: "opx-diskfull")
        guard mount(target: dir.path, megabytes: 6) else {
            print("skipped: cannot mount a tmpfs here (needs root); disk-full behaviour not tested on this machine")
            return
        }
        defer { _ = unmountTmpfs(dir.path) }
        let filler = dir.appending("filler")
        #expect(FileManager.default.createFile(atPath: filler, contents: Data(repeating: 1, count: 2 << 20)))
        let log = try await EventLog(path: dir.appending("data"), configuration: .readWrite(create: true),
                                     logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { log.close() }
        let stream = TestEvents.stream("s")
        var acknowledged: [(UInt64, EventID)] = []
        var failure: (any Error)?
        for i in 0..<5000 where failure == nil {
            let event = TestEvents.event(value: i, payloadBytes: 2000)
            do {
                let result = try await log.append(to: stream, events: [event])
                acknowledged.append((result.firstPosition, event.id))
            } catch {
                failure = error
            }
        }
        let error = try #require(failure as? StorageError, "the disk never filled")
        #expect(error.isDiskFullOrIO, "\(error)")
        #expect("\(error)".contains("free space"))
        // Further appends keep failing cleanly while the disk is full, and reads keep working.
        await #expect(throws: StorageError.self) { try await log.append(to: stream, events: [TestEvents.event(payloadBytes: 2000)]) }
        #expect(try log.read(from: LogPosition(1), limit: 1).count == 1)
        // Free space: the next append succeeds without reopening.
        try FileManager.default.removeItem(atPath: filler)
        let resumed = try await log.append(to: stream, events: [TestEvents.event(value: -1)])
        #expect(resumed.firstPosition == UInt64(acknowledged.count) + 1)
        for (position, id) in acknowledged {
            #expect(try log.event(id: id)?.position.rawValue == position)
        }
        #expect(try log.verify().isValid)
    }

    private func mount(target: String, megabytes: Int) -> Bool {
        run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", target])
    }

    private func unmountTmpfs(_ target: String) -> Bool { run("/bin/umount", [target]) }

    private func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
