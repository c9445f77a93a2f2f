import OPXEvents

/// The business rules every agent output must follow beyond its schema.
///
/// - every confidence is within 0…1;
/// - evidence ids are unique, and every id a finding or recommendation cites exists in the document;
/// - every recommendation cites at least one piece of evidence;
/// - `agent-output` evidence (`<agent>#<finding id>`) names an upstream agent's finding that exists.
enum BusinessRules {
    static func issues(_ document: JSONValue, upstream: [AgentName: JSONValue]) -> [ValidationRecorded.Issue] {
        var issues: [ValidationRecorded.Issue] = []
        func add(_ pointer: String, _ message: String, _ rule: String) {
            issues.append(ValidationRecorded.Issue(pointer: pointer, message: message, rule: rule))
        }
        func confidence(_ value: JSONValue?, _ pointer: String) {
            guard let value, let number = value.doubleValue else { return }
            if !(0...1).contains(number) { add(pointer, "confidence \(number) is outside 0…1", "confidence-range") }
        }
        confidence(document["confidence"], "/confidence")
        var ids: Set<String> = []
        for (i, evidence) in (document["evidence"]?.arrayValue ?? []).enumerated() {
            guard let id = evidence["id"]?.stringValue else { continue }
            if !ids.insert(id).inserted { add("/evidence/\(i)/id", "evidence id \(id) is used twice", "evidence-unique") }
            if evidence["kind"]?.stringValue == "agent-output", let ref = evidence["ref"]?.stringValue,
               !upstreamFindingExists(ref, upstream: upstream) {
                add("/evidence/\(i)/ref", "\(ref.prefix(80)) does not name a finding of an upstream agent (<agent>#<finding id>)", "evidence-exists")
            }
        }
        for list in ["findings", "recommendations"] {
            for (i, item) in (document[list]?.arrayValue ?? []).enumerated() {
                confidence(item["confidence"], "/\(list)/\(i)/confidence")
                let cited = item["evidence"]?.arrayValue ?? []
                if list == "recommendations" && cited.isEmpty {
                    add("/\(list)/\(i)/evidence", "a recommendation must cite evidence", "recommendation-cites-evidence")
                }
                for (j, id) in cited.enumerated() {
                    guard let id = id.stringValue, !ids.contains(id) else { continue }
                    add("/\(list)/\(i)/evidence/\(j)", "cites evidence \(id), which is not in /evidence", "evidence-exists")
                }
            }
        }
        return Array(issues.prefix(100))
    }

    private static func upstreamFindingExists(_ ref: String, upstream: [AgentName: JSONValue]) -> Bool {
        let parts = ref.split(separator: "#", maxSplits: 1).map(String.init)
        guard parts.count == 2, let output = upstream[AgentName(rawValue: parts[0])] else { return false }
        return (output["findings"]?.arrayValue ?? []).contains { $0["id"]?.stringValue == parts[1] }
    }
}
