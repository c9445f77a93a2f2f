import ArgumentParser
import Foundation
import Logging
import Metrics
import OPXEventLog
import OPXEvents
import OPXRuntime
import OPXServer
import Prometheus

/// `opx serve`: the HTTP API over the store, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: appends, reads, ingest webhooks, queries, subscriptions, export, /metrics, /healthz.",
        discussion: """
        Every route but /healthz needs a bearer token (`opx token create`). Listens on loopback unless --host says
        otherwise. Limits come from the `server` section of the configuration file (--config, $OPX_CONFIG, or
        <data dir>/opx.json). Logs are JSON lines on stderr. SIGTERM/SIGINT stop accepting, finish in-flight requests
        and commits, then close the store. Prints `listening on http://HOST:PORT` on stdout once ready.
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 7420
    @OptionGroup var config: ConfigOptions
    @Flag(help: "Start an investigation (the configured agent graph) whenever an ingest opens an incident.")
    var investigate = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() async throws {
        let configuration: ServerConfiguration
        do { configuration = try ServerConfiguration.load(fromConfigFile: config.path(dataDirectory: global.dataDirectory)) } catch {
            throw CLIError(String(describing: error))
        }
        let rules = try config.detectionRules(dataDirectory: global.dataDirectory)
        let log = try await global.openForWriting(create: true, command: "serve")
        defer { log.close() }
        var logger = Logger(label: "opx.server") { JSONLogHandler(label: $0) }
        // Request lines are logged at info: serve logs them unless --log-level asks for other than the default (warning).
        logger.logLevel = global.logLevel == .warning ? .info : global.logLevel
        var server = ServerContext(log: log, tokens: TokenStore(directory: global.dataDirectory))
        server.host = host
        server.port = port
        server.configuration = configuration
        server.detectionRules = rules
        server.opxVersion = OPXVersion.current
        if investigate {
            server.onIncidentOpened = try Self.investigator(
                engine: RuntimeSetup.engine(log: log, options: config, dataDirectory: global.dataDirectory), logger: logger)
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: server.metrics.registry))
        let host = self.host
        try await runServer(server, logger: logger) { port in
            Output.line("listening on http://\(host):\(port)")
        }
    }

    /// Starts and runs an investigation of each opened incident in its own task. The engine records every step, so
    /// one cut short by a shutdown or a crash is finished by `opx resume ID`.
    private static func investigator(engine: InvestigationEngine, logger: Logger) -> @Sendable (EntityID) -> Void {
        { incident in
            Task {
                do {
                    let outcome = try await engine.investigate(incident: incident, trigger: .automatic, requestedBy: "opx serve") { id in
                        logger.info("investigation started", metadata: ["investigation.id": "\(id)", "incident.id": "\(incident)"])
                    }
                    logger.info("investigation finished", metadata: ["investigation.id": "\(outcome.investigationId)", "status": "\(outcome.status)"])
                } catch {
                    logger.error("investigation of an opened incident failed", metadata: [
                        "incident.id": "\(incident)", "error": "\(error)"])
                }
            }
        }
    }
}
