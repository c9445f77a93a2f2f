// opx-bench-projections: the opx side of Tools/bench/projections/run.sh.
//
//   opx-bench-projections generate DIR --events N [--seed S] [--long-investigation 500]
//   opx-bench-projections rebuild DIR [--batch-size 20000] [--page-size 5000] [--cache-rows 2048]
//                                                               all built-in projections from position 1
//   opx-bench-projections scan DIR                              EventLog.scan, touching every payload byte
//   opx-bench-projections timetravel DIR [--reps 200]           state of the long investigation at a position
//
// Each prints one line of key=value pairs (like ../shared/bench/lmdb_bench.c).

import Dispatch
import Foundation
import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXStorage
import Synchronization

let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
let arguments = Array(CommandLine.arguments.dropFirst(3))
guard CommandLine.arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: opx-bench-projections generate|rebuild|scan|timetravel DIR [options]\n".utf8))
    exit(2)
}
let command = CommandLine.arguments[1], directory = CommandLine.arguments[2]
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Fields of /proc/self/status in kB.
func memory() -> String {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    var m: [String: Int] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
        if parts.count >= 2, let kb = Int(parts[1]) { m[String(parts[0])] = kb }
    }
    return "vmhwm_kb=\(m["VmHWM"] ?? 0) rss_anon_kb=\(m["RssAnon"] ?? 0) rss_file_kb=\(m["RssFile"] ?? 0)"
}

switch command {
case "generate":
    // A fresh log of about N events: investigations of ~50 events with their signals, changes and
    // incidents, and one long investigation (~500 events) in the middle, for time travel. 64 lanes
    // each run one investigation at a time (its appends in order), so appends of different
    // investigations share commits as in a busy server; recorded-at advances 20 s per append.
    let target = option("--events", 1_000_000)
    let longRounds = max(1, (option("--long-investigation", 500) - 5) / 44)
    let seed = UInt64(option("--seed", 7))
    let clock = SyntheticClock()
    let log = try await EventLog(path: directory, configuration: .readWrite(create: true), clock: { clock.tick() }, logger: logger)
    let investigations = max(1, target / 54)
    let longIndex = investigations / 2
    let started = now()
    let lanes = 64
    let written = try await withThrowingTaskGroup(of: Int.self) { group in
        for lane in 0..<lanes {
            group.addTask {
                var count = 0
                for n in stride(from: lane, to: investigations, by: lanes) {
                    // Investigation n starts about when the log reaches it (ids are time-ordered).
                    var workload = Workload(seed: seed &* 1_000_003 &+ UInt64(n), start: 1_767_600_000_000_000_000 + Int64(n) * 110_000_000_000)
                    for b in workload.investigation(n, agentRounds: n == longIndex ? longRounds : 1) {
                        _ = try await log.append(to: b.stream, events: b.events)
                        count += b.events.count
                        if n == longIndex, b.stream.rawValue.hasPrefix("investigation-") {
                            try String(b.stream.rawValue.dropFirst("investigation-".count))
                                .write(toFile: directory + "/long-investigation", atomically: true, encoding: .utf8)
                        }
                    }
                }
                return count
            }
        }
        var total = 0
        for try await count in group { total += count }
        return total
    }
    let seconds = Double(now() - started) / 1e9
    print("generate events=\(written) investigations=\(investigations) seconds=\(String(format: "%.2f", seconds)) events_per_s=\(Int(Double(written) / seconds)) file_bytes=\(log.environment.info.fileSize)")
    log.close()

case "rebuild":
    let log = try await EventLog(path: directory, configuration: .readWrite(), logger: logger)
    let only = arguments.first { !$0.hasPrefix("--") && Int($0) == nil }
    let runner = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.registrations(mode: .catchUp).filter { only == nil || $0.projection.name == only },
                                                 batchSize: option("--batch-size", ProjectionRunner.defaultBatchSize),
                                                 pageSize: option("--page-size", ProjectionRunner.defaultPageSize), cacheRows: option("--cache-rows", 2048), logger: logger)
    let (report, _) = try await runner.rebuild(restart: true)
    let peak = memory()   // before the digests below touch every projection page
    let rows = try ProjectionStore(log: log).digests(BuiltInProjections.all()).values.reduce(0) { $0 + $1.digest.rows }
    print("rebuild events=\(report.eventsRead) seconds=\(String(format: "%.3f", report.seconds)) events_per_s=\(Int(report.eventsPerSecond)) batches=\(report.batches) rows=\(rows) \(peak) \(times(report.times))")
    log.close()

case "memfold":
    // Diagnostic: fold the whole log into in-memory rows (no writes), per projection or all together.
    let log = try await EventLog(path: directory, configuration: .readOnly, logger: logger)
    let only = arguments.first { !$0.hasPrefix("--") && Int($0) == nil }
    let projections = BuiltInProjections.all().filter { only == nil || $0.name == only }
    var fold = FoldSet(projections: projections)
    let started = now()
    try fold.fold(log, pageSize: 2000)
    let seconds = Double(now() - started) / 1e9
    print("memfold projections=\(projections.map(\.name).joined(separator: ",")) seconds=\(String(format: "%.3f", seconds)) events_per_s=\(Int(Double(try log.head().position.rawValue) / seconds)) \(memory())")
    log.close()

case "scan":
    let log = try await EventLog(path: directory, configuration: .readOnly, logger: logger)
    var count = 0
    var checksum: UInt64 = 0
    let started = now()
    try log.scan(pageSize: 4096) { fields, _ in
        count += 1
        for byte in fields.data { checksum &+= UInt64(byte) }
        return true
    }
    let seconds = Double(now() - started) / 1e9
    print("scan events=\(count) seconds=\(String(format: "%.3f", seconds)) events_per_s=\(Int(Double(count) / seconds)) checksum=\(checksum) \(memory())")
    log.close()

case "timetravel":
    let log = try await EventLog(path: directory, configuration: .readOnly, logger: logger)
    let id = try String(contentsOfFile: directory + "/long-investigation", encoding: .utf8)
    let travel = TimeTravel(log: log)
    let full = try travel.investigation(id)
    // The state two thirds into the investigation: a position inside its stream.
    let events = try log.read(stream: try StreamID("investigation-\(id)"), limit: 100_000)
    let position = events[events.count * 2 / 3].position.rawValue
    let reps = option("--reps", 200)
    var samples: [Double] = []
    for _ in 0..<10 { _ = try travel.investigation(id, at: .position(position)) }   // warm up
    for _ in 0..<reps {
        let t0 = now()
        let s = try travel.investigation(id, at: .position(position))
        samples.append(Double(now() - t0) / 1e6)
        precondition(s.eventsIncluded > 0)
    }
    samples.sort()
    let median = samples[samples.count / 2], p90 = samples[samples.count * 9 / 10]
    print("timetravel investigation_events=\(full.eventsTotal) at_position=\(position) log_events=\(try log.head().position) reps=\(reps) median_ms=\(String(format: "%.3f", median)) p90_ms=\(String(format: "%.3f", p90))")
    log.close()

default:
    FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
    exit(2)
}

/// Where a rebuild's time went (``FoldTimes``): CPU seconds per member and for reading pages, wall
/// seconds of the parallel folds and of waiting for writes.
func times(_ t: FoldTimes) -> String {
    let f = { (v: Double) in String(format: "%.3f", v) }
    let members = t.members.sorted { $0.key < $1.key }.map { "cpu_\($0.key)=\(f($0.value))" }
    return (["fold_cpu_s=\(f(t.members.values.reduce(0, +)))", "read_cpu_s=\(f(t.pageRead))", "parallel_s=\(f(t.parallel))",
             "write_wait_s=\(f(t.writeWait))"] + members).joined(separator: " ")
}

/// Recorded-at times for the generated log: 20 s further on at every append.
final class SyntheticClock: Sendable {
    private let counter = Atomic<Int64>(0)
    func tick() -> Timestamp {
        Timestamp(nanoseconds: 1_767_600_000_000_000_000 + counter.add(20_000_000_000, ordering: .relaxed).newValue)
    }
}
