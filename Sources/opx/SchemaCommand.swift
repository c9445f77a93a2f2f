import ArgumentParser
import Foundation
import OPXEventLog
import OPXEvents
import OPXStorage

/// `opx schema`: lists event types and registers custom ones.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "List event types, or register a custom one with its JSON Schema.",
        subcommands: [List.self, Add.self]
    )

    /// `opx schema list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every event type and schema version the store accepts.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print as JSON lines.")
        var json = false

        func run() async throws {
            let registry = EventRegistry()
            let log = try await EventLog(path: global.dataDirectory, configuration: .readOnly, registry: registry,
                                         logger: global.makeLogger())
            defer { log.close() }
            for entry in registry.listing {
                if json {
                    Output.line("{\"type\":\"\(entry.type)\",\"version\":\(entry.version),\"schema\":\"\(entry.schemaID)\",\"builtIn\":\(entry.isBuiltIn)}")
                } else {
                    let origin = entry.isBuiltIn ? "built-in" : "custom"
                    Output.line("\(entry.type.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)) v\(entry.version)  \(origin.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.title ?? "")")
                }
            }
        }
    }

    /// `opx schema add TYPE FILE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a custom event type from a JSON Schema file (draft 2020-12, the subset in Schemas/README.md).",
            discussion: "The registration is itself an event (schema.registered in the `schemas` stream), so rebuilt and imported stores know the type. Registering a type again adds the next version."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The event type, e.g. acme.deploy-approved.")
        var type: String

        @Argument(help: "The JSON Schema file ('-' for stdin).")
        var file: String

        @Option(help: "What the type is for.")
        var description: String?

        func run() async throws {
            let eventType: EventType
            do { eventType = try EventType(type) } catch { throw CLIError("\(error)") }
            let bytes: [UInt8]
            if file == "-" {
                bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
                bytes = Array(data)
            }
            let schema: JSONValue
            do { schema = try JSONParser.parse(bytes) } catch { throw CLIError("\(file): not valid JSON: \(error)") }
            let log = try await global.openForWriting(command: "schema add")
            defer { log.close() }
            guard let registry = log.registry else { throw CLIError("the store was opened without its catalogue") }
            let version = (registry.latestVersion(of: eventType) ?? 0) + 1
            let event = try registry.prepareRegistration(type: eventType, version: version, schema: schema,
                                                         registeredBy: "opx schema add", description: description)
            let result = try await log.append(to: EventLog.schemasStream, events: [try ProposedEvent(event, source: EventSource(unchecked: "/opx/cli"))])
            Output.line("registered \(eventType) v\(version) at position \(result.firstPosition)")
        }
    }
}
