import ArgumentParser
import OPXEvents
import OPXServer

/// `opx token create|list|revoke`: the server's bearer tokens.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the bearer tokens of `opx serve`.",
        discussion: "Tokens are stored only as SHA-256 hashes in <data dir>/tokens.json (mode 0600).",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

extension TokenScope: ExpressibleByArgument {}

/// `opx token create --scope S --name N`: prints the new token alone on stdout, once.
struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print it (only this once).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "ingest (webhooks, appends), read (reads, queries, subscriptions, export, metrics) or admin (everything).")
    var scope: TokenScope
    @Option(help: "A name to recognise it by.") var name: String
    @Option(help: "Restrict the token to one ingest adapter (needed to pass it as ?token= where the configuration allows).")
    var adapter: String?

    func validate() throws {
        if let adapter, !IngestAdapterName.all.contains(adapter) {
            throw ValidationError("--adapter must be one of \(IngestAdapterName.all.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let (token, _) = try TokenStore(directory: global.dataDirectory).create(name: name, scope: scope, adapter: adapter)
        Output.line(token)
    }
}

/// `opx token list`.
struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the tokens themselves).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let tokens = try TokenStore(directory: global.dataDirectory).list()
        guard !tokens.isEmpty else { return Output.line("no tokens; create one with `opx token create --scope read --name NAME`") }
        let rows = tokens.map { t in
            [t.id, t.name, t.scope.rawValue, t.adapter ?? "-", t.createdAt.description, t.revokedAt.map { "revoked \($0)" } ?? "live"]
        }
        for line in Fmt.table(["ID", "NAME", "SCOPE", "ADAPTER", "CREATED", "STATE"], rows) { Output.line(line) }
    }
}

/// `opx token revoke ID|NAME`.
struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token; a running server refuses it from the next request.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The token's id or name.") var token: String

    func run() throws {
        let record = try TokenStore(directory: global.dataDirectory).revoke(token)
        Output.line("revoked \(record.id) (\(record.name))")
    }
}
