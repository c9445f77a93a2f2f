import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXStorage

/// `opx stats`: the store's size and health at a glance.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Events, streams, size, map use, reader slots, LMDB version.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print as JSON.")
    var json = false

    func run() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let (events, streams) = try log.counts()
        let head = try log.head()
        let info = log.environment.info
        if json {
            Output.line("{\"events\":\(events),\"streams\":\(streams),\"headPosition\":\(head.position),\"headHash\":\"\(head.hash)\",\"fileBytes\":\(info.fileSize),\"mapBytes\":\(info.mapSize),\"usedBytes\":\(info.usedPages * info.pageSize),\"mapUse\":\(String(format: "%.4f", info.mapUse)),\"readersUsed\":\(info.readersUsed),\"maxReaders\":\(info.maxReaders),\"lmdbVersion\":\(jsonString(info.lmdbVersion)),\"opxVersion\":\"\(OPXVersion.current)\"}")
            return
        }
        Output.line("""
            store:        \(global.dataDirectory)
            events:       \(events)
            streams:      \(streams)
            head:         \(head.position) \(head.hash)
            last event:   \(head.position == .start ? "-" : head.recordedAt.description)
            file size:    \(bytes(info.fileSize))
            map:          \(bytes(info.usedPages * info.pageSize)) used of \(bytes(info.mapSize)) (\(String(format: "%.2f", info.mapUse * 100))%)
            readers:      \(info.readersUsed) of \(info.maxReaders) slots in use
            LMDB:         \(info.lmdbVersion)
            opx:          \(OPXVersion.current)
            """)
    }

    private func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }
}
