package import OPXEvents

/// Screens agent outputs for personal data, secrets and destructive commands (the ``OutputScreening`` the engine
/// calls before recording an output).
///
/// Every string of the document is checked (object keys too: a key that holds a sensitive value is named
/// `~redacted` in field paths). Per kind, the configured action applies: `redact` replaces each value with
/// `[redacted:<kind>]`, `block` marks the output blocked (the engine does not record it). Destructive commands in
/// `/recommendations` warn by default. Violations carry the kind, action, JSON Pointers and a count — never the
/// value.
///
/// ```swift
/// let screen = GuardrailScreen(configuration: try GuardrailConfiguration.load(fromConfigFile: path))
/// let screened = screen.screen(document, agent: .responseStrategy, step: "response-strategy")
/// ```
package struct GuardrailScreen: OutputScreening {
    /// The configuration.
    package let configuration: GuardrailConfiguration
    private let detectors: [SensitiveDataDetector]
    private let destructive: DestructiveCommandRule

    /// Creates a screen.
    package init(configuration: GuardrailConfiguration = GuardrailConfiguration()) {
        self.configuration = configuration
        detectors = SensitiveDataDetector.all.filter { (configuration.actions[$0.kind] ?? .off) != .off }
        destructive = DestructiveCommandRule(extra: configuration.extraDestructivePatterns)
    }

    /// Screens `document`; see the type's description.
    package func screen(_ document: JSONValue, agent: AgentName, step: String) -> ScreenedOutput {
        var findings = Findings()
        let screened = walk(document, pointer: "", findings: &findings)
        var violations: [GuardrailViolated] = []
        var blocked = false
        for (kind, fields) in findings.sensitive.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let action: GuardrailViolated.Action = configuration.actions[kind] == .block ? .blocked : .redacted
            blocked = blocked || action == .blocked
            violations.append(GuardrailViolated(agent: agent, step: step, kind: kind, action: action, location: .agentOutput,
                                                fields: Array(Set(fields.pointers)).sorted().prefix(100).map { $0 }, count: fields.count))
        }
        for (rule, pointers) in findings.destructive.sorted(by: { $0.key < $1.key }) {
            let action: GuardrailViolated.Action = configuration.destructiveCommands == .block ? .blocked : .warned
            blocked = blocked || action == .blocked
            violations.append(GuardrailViolated(agent: agent, step: step, kind: .destructiveCommand, action: action,
                                                location: .recommendation, fields: Array(Set(pointers)).sorted().prefix(100).map { $0 },
                                                count: pointers.count, rule: rule))
        }
        return ScreenedOutput(document: screened, violations: violations, blocked: blocked)
    }

    /// `text` with every enabled kind of value replaced by `[redacted:<kind>]`, and what was found (by kind, how
    /// many). For prompts and responses recorded outside agent outputs.
    package func redact(_ text: String) -> (text: String, found: [GuardrailViolated.Kind: Int]) {
        var found: [GuardrailViolated.Kind: Int] = [:]
        var current = text
        for detector in detectors {
            let ranges = detector.matches(in: current)
            guard !ranges.isEmpty else { continue }
            found[detector.kind, default: 0] += ranges.count
            for range in ranges.reversed() { current.replaceSubrange(range, with: "[redacted:\(detector.kind.rawValue)]") }
        }
        return (current, found)
    }

    private struct Findings {
        var sensitive: [GuardrailViolated.Kind: (pointers: [String], count: Int)] = [:]
        var destructive: [String: [String]] = [:]
    }

    private func walk(_ value: JSONValue, pointer: String, findings: inout Findings) -> JSONValue {
        switch value {
        case .string(let text):
            let (redacted, found) = redact(text)
            for (kind, count) in found {
                findings.sensitive[kind, default: ([], 0)].pointers.append(pointer)
                findings.sensitive[kind, default: ([], 0)].count += count
            }
            if configuration.destructiveCommands != .off, pointer.hasPrefix("/recommendations/") {
                for rule in destructive.matches(in: redacted) { findings.destructive[rule, default: []].append(pointer) }
            }
            return found.isEmpty ? value : .string(redacted)
        case .array(let items):
            return .array(items.enumerated().map { walk($0.element, pointer: JSONPointer.appending(pointer, index: $0.offset), findings: &findings) })
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object.members {
                let (safeKey, found) = redact(key)
                let segment = found.isEmpty ? key : "~redacted"
                let child = JSONPointer.appending(pointer, segment)
                for (kind, count) in found {
                    findings.sensitive[kind, default: ([], 0)].pointers.append(child)
                    findings.sensitive[kind, default: ([], 0)].count += count
                }
                out.set(safeKey, walk(member, pointer: child, findings: &findings))
            }
            return .object(out)
        case .null, .bool, .number:
            return value
        }
    }
}
