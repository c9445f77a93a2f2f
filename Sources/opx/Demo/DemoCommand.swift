import ArgumentParser
import Foundation
import OPXEvents

/// `opx demo`: the whole product end to end on a fresh local store, each step a real `opx` command, printed with
/// its output and what to run to look closer.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run an end-to-end demonstration on a fresh store in a new local folder.",
        discussion: """
            Ingests real-shaped monitoring payloads (a past incident and its rollback, a deployment, an Alertmanager \
            group, a CloudWatch alarm), correlates them into an incident, investigates it with the built-in agents, \
            kills the investigation with SIGKILL mid-graph, resumes it, shows the recommendation and its evidence, \
            travels back to a checkpoint, replays it, exports the audit stream and verifies it offline. Uses \
            --data/OPX_DATA when given (it must be new or empty), else a new ./opx-demo-<time> folder.
            """
    )

    @Option(name: [.customLong("data"), .customLong("data-dir")], help: ArgumentHelp("Where to create the demo store.", valueName: "dir"))
    var directory: String?

    /// The samples in ingest order, with their adapter.
    private static let samples: [(adapter: String, file: String, what: String)] = [
        ("alertmanager", "1-past-alert-firing.json", "a week ago: checkout's error-rate alert fires"),
        ("changes", "2-past-rollback.json", "a week ago: on-call rolls checkout back"),
        ("alertmanager", "3-past-alert-resolved.json", "a week ago: the alert resolves"),
        ("changes", "4-deployment.json", "today 05:52: CI deploys checkout v2.14.0"),
        ("alertmanager", "5-alertmanager-group.json", "today 06:01: an Alertmanager group of two checkout alerts"),
        ("eventbridge", "6-cloudwatch-alarm.json", "today 06:03: a CloudWatch alarm on payments-db connections"),
    ]

    func run() async throws {
        let path = directory ?? ProcessInfo.processInfo.environment["OPX_DATA"]
            ?? "./opx-demo-\(Int(Date().timeIntervalSince1970))"
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw CLIError("\(path) is not empty; the demo only uses a new or empty folder (omit --data to let it pick one)")
        }
        let started = Date()
        var shell = try DemoShell(data: path)
        defer { shell.finish() }

        shell.step("Create a store in \(path), with the demo's config: a service graph and a runbooks folder")
        try shell.opx(["init"])
        let files = try Self.writeFiles(into: path)
        shell.say("wrote \(files) files: \(path)/opx.json (services, runbooks) and \(path)/demo/ (samples, runbooks)")

        shell.step("Ingest monitoring payloads through their adapters; correlation turns signals into incidents")
        for sample in Self.samples {
            shell.say("# \(sample.what)")
            try shell.opx(["ingest"], ["--adapter", sample.adapter, "\(path)/demo/samples/\(sample.file)"])
        }
        shell.say("# re-sending a webhook appends nothing (event ids come from the sender's own keys)")
        try shell.opx(["ingest"], ["--adapter", "alertmanager", "\(path)/demo/samples/5-alertmanager-group.json"])
        let incidents = try shell.opx(["incidents"])
        let incident = try Self.firstID(in: try shell.opx(["incidents"], ["--status", "open", "--json"], shown: 0).stdout,
                                        what: "open incident", from: incidents.stdout)

        shell.step("Investigate it; the process is killed with SIGKILL as it is about to call its sixth agent")
        let crashed = try shell.opx(["investigate"], [incident], environment: ["OPX_CRASHPOINT": "investigation.before-agent-call:6"],
                                    allowFailure: true)
        guard crashed.killedBySignal, let investigation = Self.investigationID(in: crashed.stdout) else {
            throw CLIError("the investigation was expected to die at its crash point, but it ended with status \(crashed.status)")
        }
        shell.say("killed by signal \(crashed.status): every step before the kill is in the log")
        try shell.opx(["status"], [investigation])

        shell.step("Resume it: recorded, validated outputs are skipped; the rest runs")
        try shell.opx(["resume"], [investigation])

        shell.step("The advisory recommendation, and the evidence behind it")
        try shell.opx(["inspect", "investigation"], [investigation], shown: 40)
        try shell.opx(["evidence"], [investigation], shown: 25)

        shell.step("Time travel: the investigation as it was at a checkpoint, and its history")
        try shell.opx(["inspect", "investigation"], [investigation, "--checkpoint", "change-intelligence"], shown: 20)
        try shell.opx(["history"], [investigation], shown: 12)

        shell.step("Replay it from the log: the same consensus, cost and trace, or a loud divergence")
        try shell.opx(["replay"], [investigation, "--verify"])

        shell.step("Export the audit stream of the investigation and verify it offline, then the whole store")
        let audit = "\(path)/demo/audit.ndjson"
        try shell.opx(["export"], ["--investigation", investigation, "--output", audit])
        try shell.opx(["verify"], ["--export", audit])
        try shell.opx(["verify"])

        Output.line("""

            Done in \(String(format: "%.1f", Date().timeIntervalSince(started))) s. Look closer:
              opx read --data \(path)                                  # the log, one event per line
              opx history \(investigation) --data \(path)      # every step of the investigation
              opx inspect investigation \(investigation) --data \(path) --at POSITION   # any point in time
              opx diff \(investigation) --data \(path) --from started --to consensus
              opx export --data \(path) --investigation \(investigation) --format otlp   # its trace as OTLP/JSON
              opx serve --data \(path)                                 # the HTTP API (create a token first: opx token create)
            """)
    }

    /// Writes the embedded demo files under `demo/`, and `opx.json`: the demo's service graph (`services`) and its
    /// runbooks folder (`runbooks`, relative to the config file).
    private static func writeFiles(into path: String) throws -> Int {
        for (name, text) in DemoFiles.files {
            let target = "\(path)/demo/\(name)"
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        }
        let services = DemoFiles.files["services.json"] ?? "{}"
        try "{\"runbooks\": {\"folder\": \"demo/runbooks\"},\n \"services\": \(services)}\n"
            .write(toFile: "\(path)/opx.json", atomically: true, encoding: .utf8)
        return DemoFiles.files.count + 1
    }

    /// The `id` of the first JSON line of `lines`.
    private static func firstID(in lines: String, what: String, from shown: String) throws -> String {
        guard let line = lines.split(separator: "\n").first,
              case .object(let object)? = try? JSONParser.parse(Array(line.utf8)), case .string(let id)? = object["id"] else {
            throw CLIError("the demo expected an \(what) after ingest, but found none:\n\(shown)")
        }
        return id
    }

    /// The id in `investigation <id> started …`, the first line `opx investigate` prints.
    private static func investigationID(in output: String) -> String? {
        output.split(separator: "\n").lazy.compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count > 2 && words[0] == "investigation" && words[2] == "started" ? String(words[1]) : nil
        }.first
    }
}
