package import OPXEvents

/// One correlation rule: it matches a group of signals (one service, one time window) when enough distinct
/// alerts of at least a given severity are in it.
///
/// ```json
/// {"name": "critical-signal", "minSeverity": "SEV2", "minSignals": 1}
/// ```
package struct DetectionRule: Sendable, Hashable, Decodable {
    /// The rule's name, recorded in `detection.fired`.
    package var name: String
    /// How many distinct alerts (fingerprints) the group needs; default 1.
    package var minSignals: Int
    /// Count only alerts at least this severe (`SEV1` is the most severe); default: any severity.
    package var minSeverity: Severity?
    /// Only groups of these services; default: every service.
    package var services: [String]?

    /// Creates a rule.
    package init(name: String, minSignals: Int = 1, minSeverity: Severity? = nil, services: [String]? = nil) {
        self.name = name
        self.minSignals = minSignals
        self.minSeverity = minSeverity
        self.services = services
    }

    /// Whether the rule matches `group`: its service, and enough distinct alerts of at least the minimum severity.
    func matches(_ group: CorrelationGroup) -> Bool {
        if let services, !services.contains(group.key.service) { return false }
        return group.alertCount(atLeast: minSeverity) >= minSignals
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, minSignals, minSeverity, services
    }

    /// Decodes a rule, rejecting unknown keys.
    package init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        minSignals = try container.decodeIfPresent(Int.self, forKey: .minSignals) ?? 1
        minSeverity = try container.decodeIfPresent(Severity.self, forKey: .minSeverity)
        services = try container.decodeIfPresent([String].self, forKey: .services)
        guard minSignals >= 1, minSignals <= 1000 else {
            throw DecodingError.dataCorruptedError(forKey: .minSignals, in: container,
                                                   debugDescription: "minSignals must be between 1 and 1000")
        }
        guard !name.isEmpty, name.count <= 128 else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: "a rule needs a name of 1–128 characters")
        }
    }
}

/// Rejects members a `Decodable` section does not know, so a typo is an error and not a silent default.
enum StrictKeys {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Throws a `DecodingError` naming the first key of the object being decoded that is not in `allowed`.
    static func check(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [key],
                debugDescription: "unknown key \"\(key.stringValue)\"; known keys: \(allowed.joined(separator: ", "))"))
        }
    }
}
