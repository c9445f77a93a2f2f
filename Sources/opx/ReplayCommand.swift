import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXRuntime

/// `opx replay ID --verify`: re-runs the graph logic over the recorded outputs and reports divergences.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run an investigation's graph logic over its recorded outputs (no agent is called).",
        discussion: """
            Recomputes every agent input digest, re-validates every recorded output, recomputes the consensus, \
            the cost and the trace, and prints each divergence naming its step. With --verify a divergence exits 1.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "The investigation id.") var id: String
    @Flag(help: "Exit 1 when the log and the graph logic disagree.") var verify = false

    func run() async throws {
        let investigationId = try RuntimeSetup.entityID(id, "investigation")
        let log = try await global.openForReading()
        defer { log.close() }
        let engine = try RuntimeSetup.engine(log: log, options: configOptions, dataDirectory: global.dataDirectory)
        let report = try ReplayVerifier(engine: engine).verify(investigationId)
        Output.line("replayed investigation \(investigationId): \(report.steps.count) steps, \(report.attempts) attempts")
        if let digest = report.consensusDigest { Output.line("  consensus \(digest)") }
        for divergence in report.divergences { Output.line("  DIVERGENCE \(divergence)") }
        guard report.divergences.isEmpty else {
            if verify { throw CLIError("replay of \(investigationId) found \(report.divergences.count) divergence(s); the first: \(report.divergences[0])") }
            return
        }
        Output.line("  no divergence: the log yields the same inputs, consensus, cost and trace")
    }
}

/// `opx review ID --approve|--reject --note TEXT`: a person's decision on the advisory recommendation.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Approve or reject an investigation's advisory recommendation (recorded as recommendation.reviewed)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The investigation id.") var id: String
    @Flag(help: "Accept the recommendation.") var approve = false
    @Flag(help: "Reject the recommendation.") var reject = false
    @Option(help: "Why.") var note: String?
    @Option(help: "Who reviews (default: $USER).") var reviewer: String?

    func validate() throws {
        guard approve != reject else { throw ValidationError("give exactly one of --approve and --reject") }
    }

    func run() async throws {
        let investigationId = try RuntimeSetup.entityID(id, "investigation")
        let log = try await global.openForWriting(lockTimeout: 5, command: "review")
        defer { log.close() }
        let history = try InvestigationEngine.history(of: investigationId, in: log)
        guard let consensus = history.consensus else {
            throw CLIError("investigation \(investigationId) has no recommendation to review (no consensus.reached); see `opx inspect investigation \(investigationId)`")
        }
        let who = reviewer ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let reviewed = RecommendationReviewed(investigationId: investigationId,
                                              recommendationId: consensus.output["recommendation"]?["id"]?.stringValue,
                                              decision: approve ? .approve : .reject, reviewer: who, note: note)
        _ = try await log.append(to: .investigation(investigationId),
                                 events: [try ProposedEvent(reviewed, source: InvestigationEngine.source)])
        Output.line("recorded: \(who) \(approve ? "approved" : "rejected") the recommendation of investigation \(investigationId)")
    }
}
