import Foundation
package import OPXEvents

/// The `guardrails` config section: what to do with each kind of personal data or secret, and the content rules.
///
/// ```json
/// "guardrails": {
///   "actions": { "email": "redact", "ip-address": "off", "jwt": "block" },
///   "destructiveCommands": "warn",
///   "extraDestructivePatterns": ["helm uninstall"]
/// }
/// ```
///
/// Defaults: personal data (`email`, `phone`, `card-number`, `ip-address`) is redacted; secrets
/// (`cloud-access-key`, `private-key`, `bearer-token`, `jwt`, `password-in-url`) block the output; destructive
/// commands in recommendations warn.
package struct GuardrailConfiguration: Sendable, Hashable {
    /// What a rule does when it matches.
    package enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// The output is not recorded; the attempt counts as failed.
        case block
        /// The value is replaced by `[redacted:<kind>]` and the output recorded.
        case redact
        /// A violation is recorded; the output is recorded unchanged (content rules only).
        case warn
        /// The rule is off.
        case off
    }

    /// The action for each sensitive-data kind.
    package var actions: [GuardrailViolated.Kind: Action]
    /// The action of the destructive-command content rule (`warn` by default; `block` or `off` possible).
    package var destructiveCommands: Action
    /// Extra case-insensitive regular expressions counted as destructive commands.
    package var extraDestructivePatterns: [String]

    /// The defaults.
    package static let defaultActions: [GuardrailViolated.Kind: Action] = [
        .email: .redact, .phone: .redact, .cardNumber: .redact, .ipAddress: .redact,
        .cloudAccessKey: .block, .privateKey: .block, .bearerToken: .block, .jwt: .block, .passwordInURL: .block,
    ]

    /// Creates a configuration; the defaults unless given.
    package init(actions: [GuardrailViolated.Kind: Action] = [:], destructiveCommands: Action = .warn,
                 extraDestructivePatterns: [String] = []) {
        self.actions = Self.defaultActions.merging(actions) { $1 }
        self.destructiveCommands = destructiveCommands
        self.extraDestructivePatterns = extraDestructivePatterns
    }

    /// Loads the `guardrails` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``RuntimeError`` naming the file and the key path of an unknown key, kind or action.
    package static func load(fromConfigFile path: String?) throws -> GuardrailConfiguration {
        guard var reader = try ConfigFile.section("guardrails", fromConfigFile: path) else { return GuardrailConfiguration() }
        var actions: [GuardrailViolated.Kind: Action] = [:]
        if var table = try reader.object("actions") {
            let kinds = defaultActions.keys.map(\.rawValue).sorted()
            for name in table.keys.sorted() {
                guard let kind = GuardrailViolated.Kind(rawValue: name), defaultActions[kind] != nil else {
                    throw table.error(name, "is an unknown kind; known kinds: \(kinds.joined(separator: ", "))")
                }
                actions[kind] = try table.choice(name, default: .off, among: [.block, .redact, .off])
            }
        }
        let destructive = try reader.choice("destructiveCommands", default: Action.warn, among: [.warn, .block, .off])
        let patterns = try reader.strings("extraDestructivePatterns") ?? []
        for (index, pattern) in patterns.enumerated() where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw reader.error("extraDestructivePatterns[\(index)]", "is not a valid regular expression")
        }
        try reader.finish()
        return GuardrailConfiguration(actions: actions, destructiveCommands: destructive, extraDestructivePatterns: patterns)
    }
}
