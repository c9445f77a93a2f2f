package import OPXEvents
import Foundation

/// The `detection` section of the opx configuration: how signals become incidents.
///
/// Every key is optional; the defaults are listed with each property and in README ("Detection rules").
///
/// ```json
/// {"detection": {"windowSeconds": 300, "defaultSeverity": "SEV3",
///                "severityMap": {"critical": "SEV1"},
///                "rules": [{"name": "critical-signal", "minSeverity": "SEV2"}]}}
/// ```
package struct DetectionRules: Sendable, Hashable, Decodable {
    /// The width of a correlation window in seconds; signals of one service whose own start times fall in the
    /// same window form one group. Default 300.
    package var windowSeconds: Int = 300
    /// How many windows behind the latest signal's window a closed group is kept in memory (and a late signal still
    /// correlated). Default 288 (a day of 300 s windows).
    package var retainWindows: Int = 288
    /// The labels that name a signal's service, tried in order. Default: `service`, `service_name`,
    /// `app_kubernetes_io_name`, `app`, `application`, `component`, `job`.
    package var serviceLabels: [String] = ["service", "service_name", "app_kubernetes_io_name", "app", "application",
                                           "component", "job"]
    /// The service of signals that name none. Default `unknown`.
    package var unknownService = "unknown"
    /// Severity words (case-insensitive) mapped to severities; merged over the built-in map
    /// (``DetectionRules/builtInSeverities``).
    package var severityMap: [String: Severity] = [:]
    /// The severity of signals whose severity word is missing or unknown. Default `SEV3`.
    package var defaultSeverity: Severity = .sev3
    /// The rules, tried in order; the first that matches opens the incident. Default: `critical-signal`
    /// (one alert of SEV2 or worse) and `signal-burst` (three distinct alerts of any severity).
    package var rules: [DetectionRule] = [
        DetectionRule(name: "critical-signal", minSignals: 1, minSeverity: .sev2),
        DetectionRule(name: "signal-burst", minSignals: 3),
    ]

    /// The defaults.
    package static let `default` = DetectionRules()

    /// The severity words every configuration knows.
    package static let builtInSeverities: [String: Severity] = [
        "critical": .sev1, "fatal": .sev1, "emergency": .sev1, "page": .sev1, "disaster": .sev1, "p1": .sev1,
        "sev1": .sev1, "sev-1": .sev1, "sev0": .sev1, "p0": .sev1,
        "high": .sev2, "error": .sev2, "major": .sev2, "p2": .sev2, "sev2": .sev2, "sev-2": .sev2,
        "warning": .sev3, "warn": .sev3, "medium": .sev3, "minor": .sev3, "average": .sev3, "p3": .sev3,
        "sev3": .sev3, "sev-3": .sev3,
        "info": .sev4, "informational": .sev4, "low": .sev4, "notice": .sev4, "none": .sev4, "p4": .sev4,
        "p5": .sev4, "sev4": .sev4, "sev-4": .sev4, "insufficient_data": .sev4,
    ]

    /// Creates rules; every argument defaults to the documented default.
    package init(windowSeconds: Int = 300, retainWindows: Int = 288, severityMap: [String: Severity] = [:], defaultSeverity: Severity = .sev3,
                 rules: [DetectionRule]? = nil) {
        self.windowSeconds = windowSeconds
        self.retainWindows = retainWindows
        self.severityMap = severityMap
        self.defaultSeverity = defaultSeverity
        if let rules { self.rules = rules }
    }

    /// The severity a signal's own severity word maps to.
    package func severity(of word: String?) -> Severity {
        guard let word else { return defaultSeverity }
        let key = word.lowercased()
        return severityMap[key] ?? Self.builtInSeverities[key] ?? defaultSeverity
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case windowSeconds, retainWindows, serviceLabels, unknownService, severityMap, defaultSeverity, rules
    }

    /// Decodes the section, rejecting unknown keys and bad values.
    package init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DetectionRules()
        windowSeconds = try container.decodeIfPresent(Int.self, forKey: .windowSeconds) ?? defaults.windowSeconds
        retainWindows = try container.decodeIfPresent(Int.self, forKey: .retainWindows) ?? defaults.retainWindows
        serviceLabels = try container.decodeIfPresent([String].self, forKey: .serviceLabels) ?? defaults.serviceLabels
        unknownService = try container.decodeIfPresent(String.self, forKey: .unknownService) ?? defaults.unknownService
        let map = try container.decodeIfPresent([String: Severity].self, forKey: .severityMap) ?? [:]
        severityMap = Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        defaultSeverity = try container.decodeIfPresent(Severity.self, forKey: .defaultSeverity) ?? defaults.defaultSeverity
        rules = try container.decodeIfPresent([DetectionRule].self, forKey: .rules) ?? defaults.rules
        guard (1...86_400).contains(windowSeconds) else {
            throw DecodingError.dataCorruptedError(forKey: .windowSeconds, in: container,
                                                   debugDescription: "windowSeconds must be between 1 and 86400")
        }
        guard (1...1_000_000).contains(retainWindows) else {
            throw DecodingError.dataCorruptedError(forKey: .retainWindows, in: container,
                                                   debugDescription: "retainWindows must be between 1 and 1000000")
        }
        guard !unknownService.isEmpty, unknownService.count <= 200 else {
            throw DecodingError.dataCorruptedError(forKey: .unknownService, in: container,
                                                   debugDescription: "unknownService must be 1–200 characters")
        }
    }

    /// The `detection` section of the configuration file at `path`; the defaults when the file has no such key.
    ///
    /// - Throws: ``DetectionConfigError`` naming the file and the key path of a bad or unknown value.
    package static func load(fromConfigFile path: String) throws(DetectionConfigError) -> DetectionRules {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DetectionConfigError(path: path, keyPath: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Section.self, from: data).detection ?? .default
        } catch let error as DecodingError {
            throw DetectionConfigError(path: path, decoding: error)
        } catch {
            throw DetectionConfigError(path: path, keyPath: "", message: "\(error)")
        }
    }

    /// The top level of the file: only the `detection` key is read here; other sections belong to other modules.
    private struct Section: Decodable {
        var detection: DetectionRules?
    }
}

/// A `detection` configuration section that cannot be used.
package struct DetectionConfigError: Error, Sendable, CustomStringConvertible {
    /// The configuration file.
    package var path: String
    /// The key path of the bad value, such as `detection.rules[0].minSeverity`.
    package var keyPath: String
    /// What is wrong.
    package var message: String

    init(path: String, keyPath: String, message: String) {
        self.path = path
        self.keyPath = keyPath
        self.message = message
    }

    init(path: String, decoding error: DecodingError) {
        let (codingPath, message): ([any CodingKey], String)
        switch error {
        case .typeMismatch(let type, let context): (codingPath, message) = (context.codingPath, "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context): (codingPath, message) = (context.codingPath, "expected \(type), found null")
        case .keyNotFound(let key, let context): (codingPath, message) = (context.codingPath + [key], "required key \"\(key.stringValue)\" is missing")
        case .dataCorrupted(let context): (codingPath, message) = (context.codingPath, context.debugDescription)
        @unknown default: (codingPath, message) = ([], "\(error)")
        }
        self.init(path: path, keyPath: codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                      .joined().replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: ".")),
                  message: message)
    }

    /// `file: key.path: message`.
    package var description: String {
        "\(path): \(keyPath.isEmpty ? "" : "\(keyPath): ")\(message)"
    }
}
