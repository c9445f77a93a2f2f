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
package struct GuardrailConfiguration: Sendable, Hashable, Decodable {
    /// What a rule does when it matches.
    package enum Action: String, Sendable, Hashable, Codable {
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

    /// Decodes the section, rejecting unknown keys, kinds and actions.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.rejectUnknownKeys(["actions", "destructiveCommands", "extraDestructivePatterns"])
        var actions: [GuardrailViolated.Kind: Action] = [:]
        if c.contains(ConfigKey("actions")) {
            let nested = try c.nestedContainer(keyedBy: ConfigKey.self, forKey: ConfigKey("actions"))
            for key in nested.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                guard let kind = GuardrailViolated.Kind(rawValue: key.stringValue), Self.defaultActions[kind] != nil else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: nested, debugDescription: "unknown kind; known kinds: \(Self.defaultActions.keys.map(\.rawValue).sorted().joined(separator: ", "))")
                }
                let action = try nested.decode(Action.self, forKey: key)
                guard action != .warn else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: nested, debugDescription: "must be block, redact or off (warn is for content rules)")
                }
                actions[kind] = action
            }
        }
        let destructive = try c.value("destructiveCommands", default: Action.warn)
        guard destructive != .redact else {
            throw DecodingError.dataCorruptedError(forKey: ConfigKey("destructiveCommands"), in: c, debugDescription: "must be warn, block or off")
        }
        let patterns = try c.value("extraDestructivePatterns", default: [String]())
        for (index, pattern) in patterns.enumerated() where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [ConfigKey("extraDestructivePatterns"), ConfigKey("\(index)")],
                                                   debugDescription: "not a valid regular expression"))
        }
        self.init(actions: actions, destructiveCommands: destructive, extraDestructivePatterns: patterns)
    }

    /// Loads the `guardrails` section of a config file; the defaults when there is none.
    ///
    /// - Throws: ``ConfigError`` naming the key path of a bad value.
    package static func load(fromConfigFile path: String?) throws -> GuardrailConfiguration {
        try ConfigSection.load(GuardrailConfiguration.self, key: "guardrails", fromConfigFile: path) ?? GuardrailConfiguration()
    }
}
