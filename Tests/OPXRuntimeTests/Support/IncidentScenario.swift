import Logging
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXRuntime
import OPXTesting

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// A real temporary log with the built-in projections inline, filled with ingested-style events: a checkout
/// incident with latency and 5xx signals, a deployment of checkout shortly before, a config change to its
/// payments dependency, and a resolved past checkout incident.
struct IncidentScenario {
    let store: TemporaryEventLog
    let clock: TestClock
    let incidentId = EntityID("6f1c2c8e-0000-4000-8000-000000000001")!
    let pastIncidentId = EntityID("6f1c2c8e-0000-4000-8000-000000000002")!
    let deploymentId = EntityID("6f1c2c8e-0000-4000-8000-0000000000d1")!
    let configChangeId = EntityID("6f1c2c8e-0000-4000-8000-0000000000c1")!
    var signalIds: [EntityID] = []

    var log: EventLog { store.log }

    static let services = ServiceGraph(nodes: [
        "web": .init(dependsOn: ["checkout"], criticality: .critical, owner: "team-web", customerFacing: true),
        "checkout": .init(dependsOn: ["payments", "inventory"], criticality: .critical, owner: "team-shop"),
        "payments": .init(dependsOn: ["payments-db"], criticality: .high),
        "mobile-api": .init(dependsOn: ["checkout"], criticality: .high, customerFacing: true),
    ])

    static let runbooks = RunbookIndex(files: [
        ("error-rate-after-deploy.md", """
        # Error-rate spike after a deploy
        ## Confirm the deploy is the cause
        Compare the 5xx rate before and after the deployment of checkout. If errors started within minutes of the deploy, suspect it.
        ## Roll back
        Run `kubectl rollout undo deployment/checkout` and watch the error rate recover.
        """),
        ("database-connections.md", """
        # Database connection exhaustion
        ## Symptoms
        Connection pool timeouts, too many connections errors from postgres.
        """),
    ])

    /// Builds the scenario.
    init() async throws {
        clock = TestClock()
        store = try await Self.projectedLog(clock: clock)
        try await populate()
    }

    /// An empty temporary log with the built-in projections registered inline.
    static func projectedLog(clock: TestClock) async throws -> TemporaryEventLog {
        let store = try await TemporaryEventLog(clock: clock)
        let runner = try await ProjectionRunner.open(log: store.log, projections: BuiltInProjections.registrations(mode: .inline),
                                                     logger: quietLogger)
        try await runner.catchUp()
        return store
    }

    private mutating func populate() async throws {
        // A resolved past incident on checkout, 10 days earlier.
        let pastSignal = EntityID.random()
        try await append("signals-alertmanager", SignalIngested(signalId: pastSignal, source: "alertmanager", fingerprint: "fp-5xx",
                                                                status: .resolved, name: "CheckoutHighErrorRate", service: "checkout",
                                                                severity: "critical", startsAt: clock.now()))
        try await append("incident-\(pastIncidentId)", IncidentOpened(incidentId: pastIncidentId, title: "checkout 5xx error rate above 5 %",
                                                                       service: "checkout", severity: .sev2, openedAt: clock.now(),
                                                                       signalIds: [pastSignal]))
        clock.advance(seconds: 3600)
        try await append("incident-\(pastIncidentId)", IncidentResolved(incidentId: pastIncidentId, resolvedAt: clock.now(), reason: .manual,
                                                                         resolution: "Rolled back checkout to the previous release",
                                                                         rootCause: "A bad release exhausted the payment client pool"))
        clock.advance(seconds: 10 * 86_400)
        // Changes shortly before the new incident.
        try await append("changes-payments", ChangeRecorded(changeId: configChangeId, service: "payments", kind: .configuration,
                                                            at: clock.now(), summary: "Raise payment client timeout to 5s"))
        clock.advance(seconds: 1200)
        try await append("changes-checkout", ChangeRecorded(changeId: deploymentId, service: "checkout", kind: .deployment, at: clock.now(),
                                                            source: "github-actions", summary: "Deploy checkout v2.4.1",
                                                            version: "v2.4.1", previousVersion: "v2.4.0", author: "ci"))
        clock.advance(seconds: 300)
        for (index, name) in ["CheckoutHighErrorRate", "CheckoutHighErrorRate", "CheckoutLatencyP99High"].enumerated() {
            let id = EntityID.random()
            signalIds.append(id)
            try await append("signals-alertmanager", SignalIngested(signalId: id, source: "alertmanager", fingerprint: "fp-\(name)",
                                                                    status: .firing, name: name, service: "checkout",
                                                                    severity: index == 2 ? "warning" : "critical", startsAt: clock.now()))
            clock.advance(seconds: 30)
        }
        try await append("incident-\(incidentId)", IncidentOpened(incidentId: incidentId, title: "checkout 5xx error rate above 5 %",
                                                                   service: "checkout", severity: .sev2, openedAt: clock.now(),
                                                                   signalIds: signalIds))
    }

    func append(_ stream: String, _ event: some CatalogueEvent) async throws {
        _ = try await log.append(to: TestEvents.stream(stream), events: [try ProposedEvent(event)])
    }

    /// Ingests a firing CloudWatch signal and attaches it to the incident.
    func attachSignal(name: String, service: String, fingerprint: String) async throws {
        let id = EntityID.random()
        try await append("signals-cloudwatch", SignalIngested(signalId: id, source: "cloudwatch", fingerprint: fingerprint, status: .firing,
                                                              name: name, service: service, startsAt: clock.now()))
        try await append("incident-\(incidentId)", IncidentSignalAttached(incidentId: incidentId, signalId: id))
    }

    func tools() -> InvestigationTools {
        InvestigationTools(log: log, services: Self.services, runbooks: Self.runbooks)
    }

    func input(_ agent: AgentName, upstream: [AgentName: JSONValue] = [:]) -> AgentInput {
        AgentInput(investigationId: EntityID("6f1c2c8e-0000-4000-8000-0000000000aa")!, incidentId: incidentId, step: agent.rawValue,
                   attempt: 1, upstreamOutputs: upstream)
    }
}
