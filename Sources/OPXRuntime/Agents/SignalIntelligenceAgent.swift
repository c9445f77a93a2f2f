package import OPXEvents

/// The signal-intelligence agent: groups the incident's signals by service and alert, names the service they point
/// at most and what they say about severity and whether the problem is still on.
///
/// Tools: `incident.get`, `incident.signals`. Evidence: each signal it read.
package struct SignalIntelligenceAgent: InvestigationAgent {
    /// The tools it reads with.
    package let tools: InvestigationTools

    /// Creates the agent.
    package init(tools: InvestigationTools) { self.tools = tools }

    /// `signal-intelligence`.
    package var name: AgentName { .signalIntelligence }
    /// Built in.
    package var runner: AgentInvoked.Runner { .builtin }

    /// Reads the incident and its signals and writes a ``SignalIntelligenceOutput``.
    package func run(_ input: AgentInput) async throws -> AgentResult {
        var session = ToolSession(limits: tools.limits)
        let incident = try tools.incident(input.incidentId, session: &session)
        let signals = try tools.signals(of: incident, session: &session)
        return AgentResult(document: try Self.analyse(incident, signals, known: tools.knownServices(incident)).jsonPayload(),
                           toolCalls: session.calls)
    }

    /// The analysis, a pure function of what the tools returned.
    ///
    /// Service lists name only `known` services (the incident's and the dependency graph's): a signal about another
    /// service is reported in the text and its group, and the primary service falls back to the incident's.
    static func analyse(_ incident: IncidentFacts, _ signals: [SignalFacts], known: Set<String>) -> SignalIntelligenceOutput {
        func named(_ services: [String]) -> [String]? {
            let kept = services.filter(known.contains)
            return kept.isEmpty ? nil : kept
        }
        var evidence = EvidenceList()
        let incidentEvidence = evidence.cite(.incident, incident.id.description, summary: incident.title, observedAt: incident.openedAt)
        guard !signals.isEmpty else {
            let finding = Finding(id: "F1", title: "No signals are attached to the incident",
                                  detail: "The incident was opened without ingested signals; check the source monitors directly.",
                                  confidence: 0.3, evidence: [incidentEvidence], services: [incident.service])
            return SignalIntelligenceOutput(summary: "No signals to analyse for \(incident.service).", confidence: 0.2,
                                            findings: [finding], evidence: evidence.references, services: incident.services,
                                            details: SignalIntelligenceDetails(primaryService: incident.service,
                                                                               signalGroups: []))
        }
        var groups: [String: (group: SignalIntelligenceDetails.SignalGroup, evidence: [String])] = [:]
        var order: [String] = []
        for signal in signals {
            let id = evidence.cite(.signal, signal.id, summary: "\(signal.name) (\(signal.status ?? "firing")) from \(signal.source ?? "unknown source")",
                                   observedAt: signal.at)
            let service = signal.service ?? incident.service
            let key = "\(service)\u{0}\(signal.fingerprint ?? "")\u{0}\(signal.name)"
            if var entry = groups[key] {
                entry.group.count += 1
                entry.group.lastSeen = max(entry.group.lastSeen, signal.at)
                entry.group.severity = [entry.group.severity, signal.severity].compactMap { $0 }.min()
                entry.evidence.append(id)
                groups[key] = entry
            } else {
                order.append(key)
                groups[key] = (SignalIntelligenceDetails.SignalGroup(service: service, fingerprint: signal.fingerprint, name: Text.clip(signal.name, 512),
                                                                  count: 1, severity: signal.severity, firstSeen: signal.at, lastSeen: signal.at), [id])
            }
        }
        let ordered = order.compactMap { groups[$0] }
        var perService: [String: Int] = [:]
        for signal in signals { perService[signal.service ?? incident.service, default: 0] += 1 }
        let primary = perService.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first?.key ?? incident.service
        let share = Double(perService[primary] ?? 0) / Double(signals.count)
        var findings: [Finding] = []
        let primaryEvidence = ordered.filter { $0.group.service == primary }.flatMap(\.evidence)
        findings.append(Finding(id: "F1", title: Text.clip("Signals point at \(primary)", 300),
                                detail: "\(Text.count(perService[primary] ?? 0, "signal")) of \(signals.count) concern \(primary) (\(Int((share * 100).rounded())) %).",
                                confidence: Text.confidence(0.4 + 0.5 * share), evidence: Array(Set(primaryEvidence)).sorted(by: Self.evidenceOrder),
                                services: named([primary])))
        for entry in ordered where entry.group.count > 1 {
            findings.append(Finding(id: "F\(findings.count + 1)",
                                    title: Text.clip("\(entry.group.name) fired \(entry.group.count) times on \(entry.group.service)", 300),
                                    detail: "Repeated firing of one alert suggests a sustained condition rather than a blip.",
                                    confidence: 0.7, evidence: entry.evidence, services: named([entry.group.service])))
        }
        if let worst = signals.compactMap(\.severity).min(), worst <= .sev2 {
            let ids = ordered.filter { ($0.group.severity ?? .sev4) == worst }.flatMap(\.evidence)
            findings.append(Finding(id: "F\(findings.count + 1)", title: "Signals report \(worst.rawValue) severity",
                                    confidence: 0.8, evidence: ids.sorted(by: Self.evidenceOrder)))
        }
        let firing = signals.filter { $0.status != "resolved" }
        if firing.isEmpty {
            findings.append(Finding(id: "F\(findings.count + 1)", title: "Every signal has resolved",
                                    detail: "The condition cleared at the source; verify before closing.",
                                    confidence: 0.6, evidence: ordered.flatMap(\.evidence).sorted(by: Self.evidenceOrder)))
        }
        let services = Text.unique(incident.services + ordered.map(\.group.service) + [primary]).filter(known.contains)
        let summary = "\(Text.count(signals.count, "signal")) in \(Text.count(ordered.count, "group")) across \(Text.count(Set(perService.keys).count, "service")); "
            + "most point at \(primary). \(firing.isEmpty ? "All have resolved." : "\(firing.count) still firing.")"
            + (incident.signalCount > signals.count ? " (The first \(signals.count) of \(incident.signalCount) attached signals were read.)" : "")
        return SignalIntelligenceOutput(summary: summary, confidence: Text.confidence(0.35 + 0.4 * share + min(0.2, 0.05 * Double(signals.count))),
                                        findings: Array(findings.prefix(50)), evidence: evidence.references, services: Array(services.prefix(50)),
                                        details: SignalIntelligenceDetails(primaryService: known.contains(primary) ? primary : incident.service,
                                                                           signalGroups: Array(ordered.map(\.group).prefix(50))))
    }

    /// `E2` before `E10`.
    static func evidenceOrder(_ a: String, _ b: String) -> Bool {
        (Int(a.dropFirst()) ?? 0, a) < (Int(b.dropFirst()) ?? 0, b)
    }
}
