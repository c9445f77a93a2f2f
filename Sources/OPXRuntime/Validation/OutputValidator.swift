package import OPXEvents

/// Checks one agent output in three stages: its JSON Schema, business rules, semantic checks.
///
/// Each stage that runs yields one `validation.recorded`; a stage runs only when the earlier ones passed (rules on
/// a document of the wrong shape would only repeat the schema's complaint).
package struct OutputValidator: Sendable {
    /// The result of one stage.
    package struct StageResult: Sendable, Hashable {
        /// The stage.
        package var stage: ValidationRecorded.Stage
        /// What failed (empty when it passed).
        package var issues: [ValidationRecorded.Issue]
        /// The schema checked, for the schema stage.
        package var schema: String?
        /// Whether it passed.
        package var passed: Bool { issues.isEmpty }
    }

    /// Services that exist: the incident's and the dependency graph's. Empty means the semantic stage checks nothing.
    package var knownServices: Set<String>
    private let registry: EventRegistry

    /// Creates a validator for one investigation.
    package init(knownServices: Set<String>, registry: EventRegistry = EventRegistry()) {
        self.knownServices = knownServices
        self.registry = registry
    }

    /// Validates `document` written by `node`, which saw `upstream`.
    ///
    /// - Returns: One result per stage that ran, in order; the output is valid when all passed and there are three.
    package func validate(_ document: JSONValue, node: GraphConfiguration.Node,
                          upstream: [AgentName: JSONValue]) -> [StageResult] {
        var results = [StageResult(stage: .schema, issues: schemaIssues(document, node: node), schema: node.schemaID)]
        guard results[0].passed else { return results }
        results.append(StageResult(stage: .business, issues: BusinessRules.issues(document, upstream: upstream)))
        guard results[1].passed else { return results }
        results.append(StageResult(stage: .semantic, issues: semanticIssues(document)))
        return results
    }

    private func schemaIssues(_ document: JSONValue, node: GraphConfiguration.Node) -> [ValidationRecorded.Issue] {
        do {
            try registry.validateAgentOutput(document, schemaID: node.schemaID)
            return []
        } catch {
            let issues = error.failures.prefix(100).map {
                ValidationRecorded.Issue(pointer: $0.pointer, message: "expected \($0.expected), found \($0.found)", rule: $0.keyword)
            }
            return issues.isEmpty ? [ValidationRecorded.Issue(pointer: "", message: error.description, rule: "schema")] : Array(issues)
        }
    }

    private func semanticIssues(_ document: JSONValue) -> [ValidationRecorded.Issue] {
        guard !knownServices.isEmpty else { return [] }
        var issues: [ValidationRecorded.Issue] = []
        func check(_ value: JSONValue?, _ pointer: String) {
            guard let name = value?.stringValue, !knownServices.contains(name) else { return }
            issues.append(ValidationRecorded.Issue(
                pointer: pointer,
                message: "service \"\(name.prefix(80))\" is neither in the incident nor in the dependency graph (known: \(knownServices.sorted().prefix(20).joined(separator: ", ")))",
                rule: "service-exists"))
        }
        check(document["primaryService"], "/primaryService")
        for (i, service) in (document["services"]?.arrayValue ?? []).enumerated() { check(service, "/services/\(i)") }
        for list in ["findings", "recommendations"] {
            for (i, item) in (document[list]?.arrayValue ?? []).enumerated() {
                for (j, service) in (item["services"]?.arrayValue ?? []).enumerated() { check(service, "/\(list)/\(i)/services/\(j)") }
            }
        }
        return Array(issues.prefix(100))
    }
}
