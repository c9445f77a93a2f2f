import Glibc
import Logging
import OPXEventLog
import OPXEvents
import OPXStorage
import OPXTesting
import Testing

/// The first writing command on a store of the previous format upgrades it, even after a kill -9 midway.
@Suite struct FormatUpgradeCLITests {
    let dir = TemporaryDirectory(prefix: "opx-upgrade")

    @Test func anUpgradeKilledMidwayIsFinishedByTheNextWriter() async throws {
        let data = dir.appending("store")
        let log = try await EventLog(path: data, configuration: .readWrite(create: true), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        for i in 0..<300 {
            _ = try await log.append(to: TestEvents.stream("s-\(i % 5)"), events: [TestEvents.event(value: i, payloadBytes: 10)])
        }
        let events = try log.read(from: LogPosition(1), limit: 1_000)
        log.close()
        try await PreviousFormatStore.convert(path: data, events: events)

        let reader = try OPXCommand.run(["verify", "--data", data])
        #expect(reader.status != 0)
        #expect(reader.stderr.contains("opx-log/2") && reader.stderr.contains("opx rebuild"), "\(reader.stderr)")
        let killed = try OPXCommand.run(["rebuild", "--data", data], environment: ["OPX_CRASHPOINT": "upgrade.afterBatch:1"])
        #expect(killed.status == 128 + SIGKILL, "\(killed.stderr)")
        let again = try OPXCommand.run(["verify", "--data", data])
        #expect(again.stderr.contains("opx-log/2"), "the killed upgrade must leave the previous format marker")

        let upgraded = try OPXCommand.run(["rebuild", "--data", data])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        let verified = try OPXCommand.run(["verify", "--data", data])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("ok: 300 events in 5 streams"), "\(verified.stdout)")
    }
}
