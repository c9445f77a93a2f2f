// opx-bench: the opx side of Tools/bench/append.sh.
//
// Runs one figure of the event-log benchmark against OPXEventLog and prints one line of key=value
// pairs per repetition (like ../shared/bench/lmdb_bench.c does for raw LMDB), so a shell script can
// put both side by side. Run `opx-bench help` for the subcommands.
//
// Workload (the same as lmdb_bench's): ~512-byte canonical JSON payloads, events spread over 100
// streams named like lmdb_bench's ("stream-000000042"). Payloads, ids and proposed events are
// built up front or between timed calls; only `append` / `scan` / `verify` are timed.

import Foundation
import Glibc
import Logging
import OPXEventLog
import OPXEvents
import OPXStorage

// MARK: - Options

struct Options {
    var command = ""
    var directory = ""
    var events = 0
    var batch = 1
    var tasks = 64
    var streams = 100
    var bytes = 512
    var reps = 1
    var pageSize = 4096
    /// How event ids are made: `project` (`EventID.random()`, what opx itself uses), `v4` (fully
    /// random, as a client supplying UUIDv4 ids would), `sequential` (ascending; diagnostic).
    var ids = IDKind.project

    static let usage = """
        usage: opx-bench <command> <dir> [options]   (options and <dir> in any order)
          append     <dir> --events N --batch B       one appender, B events per append (one stream per append)
          concurrent <dir> --events N --tasks T       T concurrent tasks, one event per append (group commit)
          scan       <dir>                            full zero-copy scan, touching every payload byte
          verify     <dir>                            EventLog.verify() over the whole log
          validate   <dir> [--events N]               parse + validate + canonicalise + chain-hash one event at a time (no store)
          payload                                     print one sample payload and its size
        options: --streams S (100)  --bytes P (512, canonical payload size)  --reps R (1)  --page-size (4096, scan)
                 --ids project|v4|sequential   event ids: EventID.random() (default), random UUIDv4-shaped, ascending
        append/concurrent need <dir> to be missing or empty (with --reps R > 1 they use <dir>/rep-1 … <dir>/rep-R).
        Each repetition prints one line of key=value pairs; with R > 1 a final `median` line follows.
        """

    init(_ args: [String]) throws {
        var rest = args.dropFirst()
        guard let command = rest.popFirst() else { throw BenchError(Self.usage) }
        self.command = command
        if command == "help" || command == "--help" || command == "-h" { return }
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") || argument == "-n" else {
                guard directory.isEmpty, command != "payload" else { throw BenchError("unexpected argument \(argument)\n\(Self.usage)") }
                directory = argument
                continue
            }
            let flag = argument
            if flag == "--ids" {
                guard let text = rest.popFirst(), let kind = IDKind(rawValue: text) else {
                    throw BenchError("--ids takes project, v4 or sequential\n\(Self.usage)")
                }
                ids = kind
                continue
            }
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                throw BenchError("\(flag) needs a positive integer\n\(Self.usage)")
            }
            switch flag {
            case "--events", "-n": events = value
            case "--batch": batch = value
            case "--tasks": tasks = value
            case "--streams": streams = value
            case "--bytes": bytes = value
            case "--reps": reps = value
            case "--page-size": pageSize = value
            default: throw BenchError("unknown option \(flag)\n\(Self.usage)")
            }
        }
        if command != "payload", directory.isEmpty { throw BenchError("\(command): missing <dir>\n\(Self.usage)") }
    }
}

enum IDKind: String {
    case project, v4, sequential
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Workload

/// Deterministic pseudo-random numbers and event ids: the same workload every run.
struct WorkloadRandom {
    private var random: SplitMix64
    private var counter: UInt64 = 0
    init(seed: UInt64) { random = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { random.next() }

    /// An event id of `kind`. Random (version 4 shaped) ids land at random places in the event-id
    /// index, as client-supplied UUIDv4 ids would.
    mutating func eventID(_ kind: IDKind) -> EventID {
        switch kind {
        case .project: return EventID.random()
        case .sequential:
            counter += 1
            return EventID(high: 0x0000_0000_0000_4000, low: 0x8000_0000_0000_0000 | counter)
        case .v4: break
        }
        let high = (next() & ~0xF000) | 0x4000                                   // version 4
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000       // RFC 4122 variant
        return EventID(high: high, low: low)
    }
}

enum Workload {
    static let type = try! EventType("agent.output-recorded")
    static let source = EventSource(unchecked: "/opx/bench")

    /// `count` stream ids in lmdb_bench's format (16 bytes: "stream-%09u").
    static func streams(_ count: Int) -> [StreamID] {
        (0..<count).map { try! StreamID("stream-" + String(repeating: "0", count: max(0, 9 - String($0).count)) + String($0)) }
    }

    private static let words = ["timeout", "retry", "upstream", "p99", "latency", "rollback", "deploy", "canary",
                                "error-rate", "saturation", "queue", "backlog", "node", "pod", "evicted", "oom",
                                "restart", "threshold", "alert", "resolved", "mitigated", "db", "replica", "lag"]

    /// A realistic agent-output payload whose canonical form is exactly `bytes` long (or as close
    /// as the fixed part allows): strings, integers, a float, a nested object with an array.
    static func payload(_ k: Int, bytes: Int) -> JSONValue {
        var rng = WorkloadRandom(seed: UInt64(k) &* 7919 &+ 17)
        func sentence(_ length: Int) -> String {
            var s = ""
            while s.utf8.count < length {
                if !s.isEmpty { s += " " }
                s += words[Int(rng.next() % UInt64(words.count))]
            }
            return String(s.utf8.prefix(length))!
        }
        let fixed = sentence(40), summaryWords = sentence(400)
        func make(summaryLength: Int) -> JSONValue {
            [
                "incident": .string("incident-\(1000 + k % 97)"),
                "agent": .string("triage-agent-\(k % 5)"),
                "model": "opx-small-2025-06",
                "step": .number(JSONNumber(Int64(k % 40 + 1))),
                "attempt": .number(JSONNumber(Int64(k % 3 + 1))),
                "status": k % 11 == 0 ? "failed" : "completed",
                "durationMs": .number(JSONNumber(Double(1200 + k * 37 % 9000) / 8)),
                "output": [
                    "title": .string(fixed),
                    "summary": .string(String(summaryWords.utf8.prefix(max(0, summaryLength)))!),
                    "confidence": .number(JSONNumber(Double(k % 100) / 100 + 0.005)),
                    "labels": ["latency", .string(words[k % words.count]), "auto"],
                    "tokens": ["input": .number(JSONNumber(Int64(800 + k % 700))), "output": .number(JSONNumber(Int64(90 + k % 300)))],
                ],
            ]
        }
        let base = CanonicalJSONWriter.canonicalBytes(make(summaryLength: 0)).count
        let value = make(summaryLength: bytes - base)
        return value
    }

    /// `count` template events with distinct payloads (canonicalised here, once).
    static func templates(count: Int, bytes: Int) -> [ProposedEvent] {
        (0..<count).map {
            let event = ProposedEvent(id: EventID(high: 0, low: UInt64($0)), type: type, data: payload($0, bytes: bytes), source: source)
            precondition(event.data.count == bytes, "payload \($0) is \(event.data.count) bytes canonical, not \(bytes)")
            return event
        }
    }
}

// MARK: - Measurement helpers

@inline(__always)
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// lmdb_bench's `touch`: xor of every 8-byte word (plus the tail) so the bytes are really read.
@inline(__always)
func touch(_ p: UnsafeRawBufferPointer) -> UInt64 {
    var acc: UInt64 = 0, i = 0
    let n = p.count
    while i + 8 <= n { acc ^= p.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
    while i < n { acc &+= UInt64(p[i]); i += 1 }
    return acc
}

/// Fields of /proc/self/status in kB (VmHWM: peak resident set; VmRSS, RssAnon, RssFile: now).
func memoryStatus() -> [String: Int] {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
    var out: [String: Int] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
        if parts.count >= 2, ["VmHWM", "VmRSS", "RssAnon", "RssFile"].contains(String(parts[0])), let kb = Int(parts[1]) {
            out[String(parts[0])] = kb
        }
    }
    return out
}

/// Bytes this process handed to write()/pwrite() so far (`wchar` of /proc/self/io), as lmdb_bench counts them.
func writtenBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return 0
}

/// Writer counters since `before`: commits, mean events per commit, mean commit time.
func writerFields(_ log: EventLog, before: WriterStatistics.Snapshot, events: Int, written: Int) -> String {
    let after = log.environment.writerStatistics.snapshot
    let commits = max(after.commits - before.commits, 1)
    let commitMs = Double(after.commitNanoseconds - before.commitNanoseconds) / Double(commits) / 1e6
    return "commits=\(after.commits - before.commits) appends_per_commit=\(fmt(Double(after.jobs - before.jobs) / Double(commits), 1)) "
        + "largest_group=\(after.largestGroup) commit_mean_ms=\(fmt(commitMs, 3)) written_bytes_per_event=\(fmt(Double(written) / Double(max(events, 1))))"
}

func memoryFields() -> String {
    let m = memoryStatus()
    return "vmhwm_kb=\(m["VmHWM"] ?? 0) rss_kb=\(m["VmRSS"] ?? 0) rss_anon_kb=\(m["RssAnon"] ?? 0) rss_file_kb=\(m["RssFile"] ?? 0)"
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fmt(_ x: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", x) }

func makeLogger() -> Logger {
    var logger = Logger(label: "opx-bench")
    logger.logLevel = .warning
    return logger
}

/// The directory for repetition `rep` of a write figure: must be missing or empty.
func freshDirectory(_ options: Options, rep: Int) throws -> String {
    let dir = options.reps > 1 ? options.directory + "/rep-\(rep)" : options.directory
    if let entries = try? FileManager.default.contentsOfDirectory(atPath: dir), !entries.isEmpty {
        throw BenchError("\(dir) is not empty: write figures start from an empty log")
    }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func fileBytes(_ dir: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: dir + "/data.mdb"))?[.size] as? Int) ?? 0
}

// MARK: - Figures

/// (b), (c), (f): one appender, `batch` events per append, batch k to stream k % streams.
func runAppend(_ options: Options, rep: Int) async throws -> Double {
    let dir = try freshDirectory(options, rep: rep)
    let streams = Workload.streams(options.streams)
    let templates = Workload.templates(count: 64, bytes: options.bytes)
    var rng = WorkloadRandom(seed: 0x5EED_0000 &+ UInt64(rep))
    let log = try await EventLog(path: dir, configuration: .readWrite(create: true), logger: makeLogger())
    let statsBefore = log.environment.writerStatistics.snapshot, writtenBefore = writtenBytes()
    let batches = (options.events + options.batch - 1) / options.batch
    var batch: [ProposedEvent] = []
    batch.reserveCapacity(options.batch)
    var elapsed = 0.0
    var latencies: [Double] = []
    latencies.reserveCapacity(batches)
    var written = 0
    for k in 0..<batches {
        // Build the batch outside the timed region (cheap: a template copy and a new id per event).
        batch.removeAll(keepingCapacity: true)
        for _ in 0..<min(options.batch, options.events - written) {
            var event = templates[(written + batch.count) % templates.count]
            event.id = rng.eventID(options.ids)
            batch.append(event)
        }
        let stream = streams[k % streams.count]
        let t0 = now()
        let result = try await log.append(to: stream, expected: .any, events: batch)
        let dt = now() - t0
        elapsed += dt
        latencies.append(dt)
        precondition(result.lastPosition == UInt64(written + batch.count) && !result.duplicate, "unexpected append result \(result)")
        written += batch.count
    }
    let writer = writerFields(log, before: statsBefore, events: written, written: writtenBytes() - writtenBefore)
    let memory = memoryFields()
    log.close()
    latencies.sort()
    let rate = Double(written) / elapsed
    let recordBytes = Double(fileBytes(dir)) / Double(written)
    print("opx_append rep=\(rep) batch=\(options.batch) n=\(written) streams=\(options.streams) event_bytes=\(options.bytes) "
        + "seconds=\(fmt(elapsed, 3)) events_per_s=\(fmt(rate)) appends_per_s=\(fmt(Double(batches) / elapsed)) "
        + "us_per_event=\(fmt(elapsed * 1e6 / Double(written), 2)) append_p50_ms=\(fmt(percentile(latencies, 0.5) * 1e3, 3)) "
        + "append_p99_ms=\(fmt(percentile(latencies, 0.99) * 1e3, 3)) file_bytes_per_event=\(fmt(recordBytes)) \(writer) "
        + "ids=\(options.ids.rawValue) \(memory)")
    return rate
}

/// (a): `tasks` concurrent appenders, one event per append; event i to stream i % streams.
func runConcurrent(_ options: Options, rep: Int) async throws -> Double {
    let dir = try freshDirectory(options, rep: rep)
    let streams = Workload.streams(options.streams)
    let templates = Workload.templates(count: 64, bytes: options.bytes)
    var rng = WorkloadRandom(seed: 0xC0C0_0000 &+ UInt64(rep))
    let events: [ProposedEvent] = (0..<options.events).map { i in
        var event = templates[i % templates.count]
        event.id = rng.eventID(options.ids)
        return event
    }
    let log = try await EventLog(path: dir, configuration: .readWrite(create: true), logger: makeLogger())
    let tasks = options.tasks, n = options.events
    let statsBefore = log.environment.writerStatistics.snapshot, writtenBefore = writtenBytes()
    let t0 = now()
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for t in 0..<tasks {
            group.addTask {
                var mine: [Double] = []
                mine.reserveCapacity(n / tasks + 1)
                var i = t
                while i < n {
                    var event = events[i]
                    // opx draws an id when it builds an event, just before appending it, so its time-ordered ids
                    // reach the id index in time order; drawn all at once up front they would share a millisecond
                    // and land at random places, which opx's own ids never do (`--ids v4` measures that case).
                    if options.ids == .project { event.id = EventID.random() }
                    let a = now()
                    _ = try await log.append(to: streams[i % streams.count], expected: .any, events: [event])
                    mine.append(now() - a)
                    i += tasks
                }
                return mine
            }
        }
        var all: [Double] = []
        for try await part in group { all += part }
        return all
    }
    let elapsed = now() - t0
    let writer = writerFields(log, before: statsBefore, events: n, written: writtenBytes() - writtenBefore)
    let memory = memoryFields()
    let stats = try log.counts()
    precondition(stats.events == n, "expected \(n) events, the log has \(stats.events)")
    log.close()
    let sorted = latencies.sorted()
    let rate = Double(n) / elapsed
    print("opx_concurrent rep=\(rep) tasks=\(tasks) n=\(n) streams=\(options.streams) event_bytes=\(options.bytes) "
        + "seconds=\(fmt(elapsed, 3)) events_per_s=\(fmt(rate)) ack_p50_ms=\(fmt(percentile(sorted, 0.5) * 1e3, 3)) "
        + "ack_p99_ms=\(fmt(percentile(sorted, 0.99) * 1e3, 3)) \(writer) ids=\(options.ids.rawValue) \(memory)")
    return rate
}

/// (d): full scan through `EventLog.scan`, reading the envelope fields and every payload byte.
func runScan(_ options: Options, rep: Int) async throws -> Double {
    let log = try await EventLog(path: options.directory, configuration: .readOnly, logger: makeLogger())
    defer { log.close() }
    var count = 0, bytes = 0
    var acc: UInt64 = 0, previous: UInt64 = 0
    var ordered = true
    let t0 = now()
    try log.scan(from: LogPosition(1), pageSize: options.pageSize) { fields, hash in
        if fields.position <= previous { ordered = false }
        previous = fields.position
        acc ^= touch(fields.data)
        acc &+= fields.revision &+ fields.id.low &+ UInt64(fields.stream.count) &+ UInt64(fields.type.count) &+ hash.words.0
        bytes += fields.data.count
        count += 1
        return true
    }
    let elapsed = now() - t0
    guard ordered else { throw BenchError("scan: positions out of order") }
    let rate = Double(count) / elapsed
    print("opx_scan rep=\(rep) events=\(count) payload_bytes=\(bytes) seconds=\(fmt(elapsed, 4)) events_per_s=\(fmt(rate)) "
        + "mb_per_s=\(fmt(Double(bytes) / elapsed / 1e6, 1)) checksum=\(String(acc, radix: 16)) \(memoryFields())")
    return rate
}

/// (e): `EventLog.verify()` over the whole log.
func runVerify(_ options: Options, rep: Int) async throws -> Double {
    let log = try await EventLog(path: options.directory, configuration: .readOnly, logger: makeLogger())
    defer { log.close() }
    let t0 = now()
    let report = try log.verify()
    let elapsed = now() - t0
    guard report.isValid else { throw BenchError("verify found problems: \(report.problems.prefix(3))") }
    let rate = Double(report.events) / elapsed
    print("opx_verify rep=\(rep) events=\(report.events) streams=\(report.streams) seconds=\(fmt(elapsed, 4)) "
        + "events_per_s=\(fmt(rate)) \(memoryFields())")
    return rate
}

// MARK: - Main

@main
struct OPXBench {
    static func main() async {
        do {
            let options = try Options(CommandLine.arguments)
            let figure: (Options, Int) async throws -> Double
            switch options.command {
            case "append": figure = runAppend
            case "concurrent": figure = runConcurrent
            case "scan": figure = runScan
            case "verify": figure = runVerify
            case "validate": figure = runValidate
            case "payload":
                let template = Workload.templates(count: 1, bytes: options.bytes)[0]
                print(String(decoding: template.data, as: UTF8.self))
                print("canonical_bytes=\(template.data.count)")
                return
            case "help", "--help", "-h":
                print(Options.usage)
                return
            default: throw BenchError("unknown command \(options.command)\n\(Options.usage)")
            }
            if ["append", "concurrent"].contains(options.command), options.events == 0 {
                throw BenchError("\(options.command) needs --events N")
            }
            var rates: [Double] = []
            for rep in 1...options.reps { rates.append(try await figure(options, rep)) }
            if options.reps > 1 {
                print("median command=\(options.command) reps=\(options.reps) events_per_s=\(fmt(median(rates))) "
                    + "all=\(rates.map { fmt($0) }.joined(separator: ","))")
            }
        } catch {
            FileHandle.standardError.write(Data("opx-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
