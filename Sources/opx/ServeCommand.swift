import ArgumentParser
import Foundation
import Logging
import Metrics
import OPXEventLog
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
    @Option(help: ArgumentHelp("The configuration file (default: $OPX_CONFIG, else <data dir>/opx.json when it exists).", valueName: "file"))
    var config: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() async throws {
        let configuration: ServerConfiguration
        do { configuration = try ServerConfiguration.load(fromConfigFile: ConfigFile.path(explicit: config, dataDirectory: global.dataDirectory)) } catch {
            throw CLIError(String(describing: error))
        }
        let log = try await global.openForWriting(create: true, command: "serve")
        defer { log.close() }
        var logger = Logger(label: "opx.server") { JSONLogHandler(label: $0) }
        logger.logLevel = min(global.logLevel, .info)
        var server = ServerContext(log: log, tokens: TokenStore(directory: global.dataDirectory))
        server.host = host
        server.port = port
        server.configuration = configuration
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: server.metrics.registry))
        let host = self.host
        try await runServer(server, logger: logger) { port in
            Output.line("listening on http://\(host):\(port)")
        }
    }
}

/// Which configuration file applies: `--config`, else `$OPX_CONFIG`, else `<data dir>/opx.json` when it exists.
enum ConfigFile {
    static func path(explicit: String?, dataDirectory: String) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OPX_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        let inData = (dataDirectory as NSString).appendingPathComponent("opx.json")
        return FileManager.default.fileExists(atPath: inData) ? inData : nil
    }
}
