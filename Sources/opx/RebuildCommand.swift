import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXProjections

/// `opx rebuild`: refolds projections from position 1, or checks them against a fresh fold.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Refold projections from the log (all, or those named), or check them with --check.",
        discussion: """
            Rebuilding clears a projection and folds the whole log into it again, in write transactions of \
            --batch-size events, each committing the rows together with the position reached. Interrupting it \
            (Ctrl-C, kill -9, a crash) loses nothing: the next `opx rebuild` (or any write) resumes where it \
            stopped; --restart starts over. --check rebuilds into a scratch store instead and compares each \
            projection's digest with the stored one at the stored one's position, listing differing rows; it \
            exits 2 when any differ and runs beside a writer. Projections: \(BuiltInProjections.names.joined(separator: ", ")).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("projection"), help: "A projection to rebuild (repeatable; default: all).")
    var projections: [String] = []

    @Flag(help: "Compare with a fresh fold in scratch space instead of rebuilding.")
    var check = false

    @Flag(help: "Start an interrupted rebuild over instead of resuming it.")
    var restart = false

    @Option(help: "--check: the scratch directory to fold into (must not exist; removed afterwards).")
    var scratch: String?

    @Option(help: "Events per write transaction.")
    var batchSize: Int = ProjectionRunner.defaultBatchSize

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard batchSize >= 1 && batchSize <= 100_000 else { throw ValidationError("--batch-size must be 1…100000") }
        let known = Set(BuiltInProjections.names)
        if let unknown = projections.first(where: { !known.contains($0) }) {
            throw ValidationError("no projection named \"\(unknown)\"; known: \(BuiltInProjections.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        if check { return try await runCheck() }
        let log = try await ProjectionSetup.$attachOnOpen.withValue(false) {
            try await global.openForWriting(command: "rebuild")
        }
        defer { log.close() }
        let runner = try await ProjectionRunner.open(log: log, projections: try ProjectionSetup.registrations(),
                                                     batchSize: batchSize, logger: global.makeLogger())
        let progress = Progress("rebuild", quiet: quiet || json)
        let box = ProgressBox(progress)
        let names = Set(projections)
        let (report, resumed) = try await runner.rebuild(names, restart: restart) { done, total in box.update(done, total) }
        // Inline projections not rebuilt may also be behind (e.g. OPX_PROJECTIONS=defer appends): catch them up too.
        try await runner.catchUp()
        progress.finish()
        let digests = try ProjectionStore(log: log).digests(BuiltInProjections.all(retention: try ProjectionSetup.retention()))
        let rebuilt = names.isEmpty ? BuiltInProjections.names : BuiltInProjections.names.filter(names.contains)
        if json {
            let items = rebuilt.map { name -> JSONValue in
                .object(try! JSONObject([
                    ("name", .string(name)), ("position", .number(JSONNumber(Int64(digests[name]?.position.position.rawValue ?? 0)))),
                    ("digest", .string(digests[name]?.digest.description ?? "")), ("rows", .number(JSONNumber(Int64(digests[name]?.digest.rows ?? 0)))),
                    ("resumed", .bool(resumed.contains(name))),
                ]))
            }
            Output.line(Fmt.json(.object(try! JSONObject([
                ("projections", .array(items)), ("eventsRead", .number(JSONNumber(Int64(report.eventsRead)))),
                ("seconds", .number(JSONNumber(report.seconds))), ("eventsPerSecond", .number(JSONNumber(report.eventsPerSecond.rounded()))),
            ]))))
            return
        }
        for name in rebuilt {
            let d = digests[name]
            Output.line("rebuilt \(Fmt.pad(name, 21)) position \(Fmt.pad(d.map { "\($0.position.position)" } ?? "-", 9)) \(Fmt.pad("\(d?.digest.rows ?? 0) rows", 12)) digest \(d?.digest.description.prefix(16) ?? "-")…\(resumed.contains(name) ? "  (resumed an interrupted rebuild)" : "")")
        }
        Output.line("\(report.eventsRead) events folded in \(String(format: "%.2f", report.seconds))s (\(Int(report.eventsPerSecond)) events/s), \(report.batches) transactions")
    }

    private func runCheck() async throws {
        let log = try await global.openForReading()
        defer { log.close() }
        let all = BuiltInProjections.all(retention: try ProjectionSetup.retention())
        let selected = projections.isEmpty ? all : all.filter { projections.contains($0.name) }
        let scratchPath = scratch ?? FileManager.default.temporaryDirectory.appendingPathComponent("opx-check-\(UUID().uuidString.prefix(8))").path
        let progress = Progress("check", quiet: quiet || json)
        let box = ProgressBox(progress)
        let results = try await ProjectionCheck.run(log: log, projections: selected, scratch: scratchPath, batchSize: batchSize,
                                                    progress: { done, total in box.update(done, total) }, logger: global.makeLogger())
        progress.finish()
        let failed = results.filter { $0.rebuiltDigest != nil && !$0.matches }
        if json {
            let items = results.map { r -> JSONValue in
                var members: [(String, JSONValue)] = [("name", .string(r.name)), ("matches", .bool(r.matches))]
                if let p = r.position { members.append(("position", .number(JSONNumber(Int64(p.rawValue))))) }
                if let d = r.storedDigest { members.append(("storedDigest", .string(d.description))) }
                if let d = r.rebuiltDigest { members.append(("rebuiltDigest", .string(d.description))) }
                if let n = r.note { members.append(("note", .string(n))) }
                members.append(("differences", .array(r.differences.map { d in
                    .object(try! JSONObject([("key", .string(d.key)),
                                             ("stored", d.stored.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null),
                                             ("rebuilt", d.rebuilt.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null)]))
                })))
                return .object(try! JSONObject(members))
            }
            Output.line(Fmt.json(.object(try! JSONObject([("ok", .bool(failed.isEmpty)), ("projections", .array(items))]))))
        } else {
            for r in results {
                if r.matches {
                    Output.line("ok        \(Fmt.pad(r.name, 21)) position \(Fmt.pad("\(r.position!)", 9)) \(Fmt.pad("\(r.storedDigest!.rows) rows", 12)) digest \(r.storedDigest!.description.prefix(16))…")
                } else if r.rebuiltDigest == nil {
                    Output.line("skipped   \(Fmt.pad(r.name, 21)) \(r.note ?? "")")
                } else {
                    Output.line("DIFFERENT \(Fmt.pad(r.name, 21)) position \(r.position!): stored \(r.storedDigest!.description.prefix(16))… (\(r.storedDigest!.rows) rows), rebuilt \(r.rebuiltDigest!.description.prefix(16))… (\(r.rebuiltDigest!.rows) rows)")
                    if let note = r.note { Output.line("    \(note)") }
                    for d in r.differences {
                        Output.line("    \(d.stored == nil ? "+" : d.rebuilt == nil ? "-" : "~") \(d.key)")
                        if let s = d.stored { Output.line("        stored:  \(String(decoding: s.prefix(160), as: UTF8.self))") }
                        if let b = d.rebuilt { Output.line("        rebuilt: \(String(decoding: b.prefix(160), as: UTF8.self))") }
                    }
                }
            }
        }
        if !failed.isEmpty {
            if !json { Output.error("\(failed.count) projection(s) differ from a fresh fold of the log; `opx rebuild --projection NAME` repairs them") }
            throw ExitCode(2)
        }
    }
}
