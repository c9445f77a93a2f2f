import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXIngest

/// `opx candidates`: signal groups that have not met a detection rule yet.
struct CandidatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "List signal groups (a service in a correlation window) that have not opened an incident yet.",
        discussion: "Groups whose alerts have all resolved are left out. With --incidents, the groups that opened incidents are listed too."
    )

    @OptionGroup var store: GlobalOptions
    @OptionGroup var configuration: ConfigOptions

    @Flag(help: "Also list the groups that opened incidents.")
    var incidents = false

    @Flag(help: "Print JSON lines instead of a table.")
    var json = false

    func run() async throws {
        let rules = try configuration.detectionRules(dataDirectory: store.dataDirectory)
        let log = try await store.openForReading()
        defer { log.close() }
        let summary = try await IngestService(log: log, rules: rules).correlationSummary()
        let groups = summary.candidates + (incidents ? summary.incidents : [])
        if json {
            for group in groups { Output.bytes(CanonicalJSONWriter.canonicalBytes(Self.json(group)) + [UInt8(ascii: "\n")]) }
            return
        }
        guard !groups.isEmpty else {
            Output.line("no candidates: every signal group has opened an incident or resolved")
            return
        }
        Output.line("SERVICE              WINDOW START          ALERTS  ACTIVE  SEVERITY  STATUS     NAMES")
        for group in groups {
            Output.line([group.service.padding(toLength: 20, withPad: " ", startingAt: 0),
                         String(group.windowStart.payloadText.prefix(20)).padding(toLength: 21, withPad: " ", startingAt: 0),
                         String(group.alerts).padding(toLength: 7, withPad: " ", startingAt: 0),
                         String(group.active).padding(toLength: 7, withPad: " ", startingAt: 0),
                         group.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                         (group.status?.rawValue ?? "candidate").padding(toLength: 10, withPad: " ", startingAt: 0),
                         group.names.joined(separator: ", ")].joined(separator: " "))
        }
    }

    private static func json(_ group: CorrelationSummary.Group) -> JSONValue {
        var object = JSONObject()
        object.set("service", .string(group.service))
        object.set("windowStart", .string(group.windowStart.payloadText))
        object.set("windowEnd", .string(group.windowEnd.payloadText))
        object.set("alerts", .number(JSONNumber(Int64(group.alerts))))
        object.set("active", .number(JSONNumber(Int64(group.active))))
        object.set("severity", .string(group.severity.rawValue))
        object.set("names", .array(group.names.map(JSONValue.string)))
        object.set("incidentId", .string(group.incidentId.description))
        object.set("status", .string(group.status?.rawValue ?? "candidate"))
        return .object(object)
    }
}
