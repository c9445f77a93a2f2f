// The realistic workload of the projections benchmark: signals, changes, incidents and
// investigations of ~50 events (six agents invoked, metered, traced, validated in three stages and
// recorded; retries, guardrail violations, consensus, completion), the same shape as
// Tests/OPXProjectionsTests/Fixtures/generate_investigations.py but generated in process. Payloads have the
// fields the runtime writes (stated output digests, the schema named on the schema stage only, runtime span
// attributes, v2 signal attachments).

import OPXEvents
import OPXProjections

/// Deterministic numbers and ids for the workload.
struct Rng {
    private var random: SplitMix64
    init(seed: UInt64) { random = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { random.next() }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// A UUID version 7 (time-ordered, as opx's own ids are) for the time `nanoseconds`.
    mutating func uuid(at nanoseconds: Int64) -> String {
        let milliseconds = UInt64(nanoseconds / 1_000_000) & 0xFFFF_FFFF_FFFF
        let a = milliseconds << 16 | 0x7000 | (next() & 0x0FFF)
        let b = 0x8000_0000_0000_0000 | (next() & 0x3FFF_FFFF_FFFF_FFFF)
        func hex(_ v: UInt64, _ n: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, n - s.count)) + s.suffix(n)
        }
        return "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xFFFF, 4))-\(hex(a & 0xFFFF, 4))-\(hex(b >> 48, 4))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }

    mutating func uuid() -> String {
        let a = next(), b = next()
        func hex(_ v: UInt64, _ n: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, n - s.count)) + s.suffix(n)
        }
        return "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xFFFF, 4))-4\(hex(a & 0xFFF, 3))-\(hex(0x8000 | (b >> 48) & 0x3FFF, 4))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }
    mutating func hex(_ n: Int) -> String {
        var s = ""
        while s.count < n { s += String(next(), radix: 16) }
        return String(s.prefix(n))
    }
}

/// One append: a run of events of one stream, recorded at one time.
struct Batch {
    let stream: StreamID
    let events: [ProposedEvent]
    let at: Timestamp
}

struct Workload {
    static let analysis = ["signal-intelligence", "historical-pattern", "change-intelligence", "risk-blast-radius", "knowledge-runbook"]
    static let services = ["checkout", "payments", "search", "inventory", "auth", "shipping", "catalog", "notifications"]
    static let models = [("claude-sonnet-4-5", "anthropic", 3.0, 15.0), ("gpt-4.1-mini", "openai", 0.4, 1.6), ("llama-3.1-70b", "local", 0.0, 0.0)]

    var rng: Rng
    var now: Int64   // nanoseconds

    init(seed: UInt64, start: Int64 = 1_767_600_000_000_000_000) {
        rng = Rng(seed: seed)
        now = start
    }

    mutating func tick(_ maxMillis: Int = 4000) -> Timestamp {
        now += Int64(rng.int(5...maxMillis)) * 1_000_000
        return Timestamp(nanoseconds: now)
    }

    mutating func event(_ type: String, _ data: JSONValue) -> ProposedEvent {
        ProposedEvent(id: EventID(rng.uuid(at: now))!, type: try! EventType(type), data: data)
    }

    func iso(_ ns: Int64) -> JSONValue { .string(Timestamp(nanoseconds: ns).description) }

    /// The batches of one investigation and what leads to it. `agentRounds` > 1 repeats the agent
    /// loop (a long investigation, for time travel).
    mutating func investigation(_ n: Int, agentRounds: Int = 1) -> [Batch] {
        var batches: [Batch] = []
        let svc = Self.services[n % Self.services.count]
        let source = n % 2 == 0 ? "alertmanager" : "cloudwatch"
        var signalIDs: [String] = []
        var signals: [ProposedEvent] = []
        for _ in 0..<3 {
            let sid = rng.uuid(at: now)
            signalIDs.append(sid)
            signals.append(event("signal.ingested", [
                "signalId": .string(sid), "source": .string(source), "fingerprint": .string("higherrorrate-\(svc)"), "status": "firing",
                "name": "HighErrorRate", "summary": .string("HighErrorRate on \(svc)"), "service": .string(svc), "severity": "SEV2",
                "startsAt": iso(now), "labels": ["alertname": "HighErrorRate", "service": .string(svc), "team": "sre"],
            ]))
        }
        batches.append(Batch(stream: try! StreamID("signals-\(source)"), events: signals, at: tick()))
        let change = rng.uuid(at: now), version = "v2.\(n % 97).\(rng.int(0...9))"
        batches.append(Batch(stream: try! StreamID("changes-\(svc)"), events: [event("change.recorded", [
            "changeId": .string(change), "service": .string(svc), "kind": "deployment", "at": iso(now - 420_000_000_000),
            "version": .string(version), "author": "ci-bot", "environment": "production", "summary": .string("deploy \(version)"),
        ])], at: tick()))
        let incident = rng.uuid(at: now)
        let incidentStream = try! StreamID("incident-\(incident)")
        batches.append(Batch(stream: incidentStream, events: [
            event("incident.opened", ["incidentId": .string(incident), "title": .string("HighErrorRate on \(svc)"), "service": .string(svc),
                                      "severity": "SEV2", "openedAt": iso(now), "signalIds": .array(signalIDs.prefix(2).map { .string($0) }),
                                      "services": [.string(svc)], "summary": "3 alerts"]),
            event("incident.signal-attached", ["incidentId": .string(incident), "signalIds": [.string(signalIDs[2])],
                                               "fingerprints": .array([.string("higherrorrate-\(svc)")]), "reason": "same fingerprint"]),
        ], at: tick()))
        let inv = rng.uuid(at: now)
        let stream = try! StreamID("investigation-\(inv)")
        let trace = rng.hex(32), root = rng.hex(16)
        var events: [ProposedEvent] = [event("investigation.started", [
            "investigationId": .string(inv), "incidentId": .string(incident), "trigger": "automatic",
            "agents": .array((Self.analysis + ["response-strategy"]).map { .string($0) }), "requestedBy": "sre-oncall", "budgetUsd": 0.5,
        ])]
        var spent = 0.0
        var tokens: (input: Int64, output: Int64) = (0, 0)
        for round in 0..<agentRounds {
            for (index, agent) in (Self.analysis + ["response-strategy"]).enumerated() {
                let retry = rng.unit() < 0.12
                for attempt in 1...(retry ? 2 : 1) {
                    let (model, provider, pin, pout) = Self.models[(n + index) % 3]
                    let a = Int64(attempt + round * 2)
                    events.append(event("agent.invoked", ["investigationId": .string(inv), "agent": .string(agent), "step": .string(agent),
                                                          "attempt": .number(JSONNumber(a)), "inputDigest": .string("sha256:" + rng.hex(64)),
                                                          "runner": "http", "model": .string(model), "timeoutMs": 30000]))
                    let tin = Int64(rng.int(800...6000)), tout = Int64(rng.int(150...1200))
                    let cost = (Double(tin) * pin + Double(tout) * pout) / 1e6
                    spent += cost
                    tokens = (tokens.input + tin, tokens.output + tout)
                    events.append(event("usage.recorded", ["investigationId": .string(inv), "agent": .string(agent), "step": .string(agent),
                                                           "attempt": .number(JSONNumber(a)), "model": .string(model), "provider": .string(provider),
                                                           "inputTokens": .number(JSONNumber(tin)), "outputTokens": .number(JSONNumber(tout)),
                                                           "costUsd": .number(JSONNumber(cost))]))
                    let ok = attempt == (retry ? 2 : 1)
                    events.append(event("trace.span-recorded", [
                        "traceId": .string(trace), "spanId": .string(rng.hex(16)), "parentSpanId": .string(root),
                        "name": .string("invoke_agent \(agent)"), "kind": "client", "startTime": iso(now), "endTime": iso(now + 2_000_000_000),
                        "investigationId": .string(inv), "status": ok ? ["code": "ok"] : ["code": "error", "message": "business validation failed"],
                        "attributes": ["gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": .string(agent),
                                       "gen_ai.request.model": .string(model), "gen_ai.system": .string(provider),
                                       "gen_ai.usage.input_tokens": .number(JSONNumber(tin)), "gen_ai.usage.output_tokens": .number(JSONNumber(tout)),
                                       "opx.investigation.id": .string(inv), "opx.step": .string(agent), "opx.attempt": .number(JSONNumber(a)),
                                       "opx.agent.runner": "http"],
                    ]))
                    for stage in ["schema", "business", "semantic"] {
                        let passed = ok || stage != "business"
                        var validation: JSONObject = [
                            "investigationId": .string(inv), "agent": .string(agent), "step": .string(agent), "attempt": .number(JSONNumber(a)),
                            "stage": .string(stage), "passed": .bool(passed),
                            "errors": passed ? [] : [["pointer": "/findings/0/evidence/0", "message": "evidence id does not exist in the evidence list", "rule": "business.evidence-exists"]],
                        ]
                        // The runtime's validator names the schema on the schema stage only.
                        if stage == "schema" { validation.set("schema", .string("opx:agent/\(agent)/v1")) }
                        events.append(event("validation.recorded", .object(validation)))
                        if !passed { break }
                    }
                    if ok {
                        let document = output(agent, svc, version, signalIDs, change)
                        events.append(event("agent.output-recorded", ["investigationId": .string(inv), "agent": .string(agent), "step": .string(agent),
                                                                      "attempt": .number(JSONNumber(a)), "outputSchema": .string("opx:agent/\(agent)/v1"),
                                                                      "output": document, "outputDigest": Self.digest(document)]))
                    } else {
                        events.append(event("agent.failed", ["investigationId": .string(inv), "agent": .string(agent), "step": .string(agent),
                                                             "attempt": .number(JSONNumber(a)), "reason": "invalid-output",
                                                             "message": "business validation failed", "willRetry": true]))
                    }
                }
            }
        }
        if rng.unit() < 0.05 {
            events.append(event("guardrail.violation", ["investigationId": .string(inv), "agent": "knowledge-runbook", "kind": "email",
                                                        "action": "redacted", "location": "agent-output", "fields": ["/findings/0/detail"], "count": 1]))
        }
        let consensus: JSONValue = ["agent": "consensus", "summary": .string("\(svc) is failing because of \(version); roll it back."),
                                    "confidence": 0.82, "services": [.string(svc)],
                                    "recommendation": ["id": "rec-1", "action": .string("Roll back \(svc)"), "rationale": "The error rate rose after the deployment.",
                                                       "evidence": ["ev-1"], "risk": "low"]]
        events.append(event("consensus.reached", ["investigationId": .string(inv), "incidentId": .string(incident), "outputSchema": "opx:agent/consensus/v1",
                                                  "degraded": false, "inputDigest": .string("sha256:" + rng.hex(64)),
                                                  "output": consensus, "outputDigest": Self.digest(consensus)]))
        events.append(event("investigation.completed", ["investigationId": .string(inv), "incidentId": .string(incident), "status": "completed",
                                                        "failedAgents": [], "inputTokens": .number(JSONNumber(tokens.input)),
                                                        "outputTokens": .number(JSONNumber(tokens.output)), "costUsd": .number(JSONNumber(spent))]))
        batches.append(Batch(stream: stream, events: events, at: tick(60_000)))
        batches.append(Batch(stream: incidentStream, events: [
            event("incident.resolved", ["incidentId": .string(incident), "resolvedAt": iso(now), "reason": "all-signals-resolved",
                                        "resolution": .string("rolled back \(version)")]),
        ], at: tick()))
        return batches
    }

    /// The digest the runtime states for an output: SHA-256 of its canonical JSON (`Digest.of` in OPXRuntime).
    static func digest(_ output: JSONValue) -> JSONValue {
        .string("sha256:" + ProjectionDigest.sha256Hex(CanonicalJSONWriter.canonicalBytes(output)))
    }

    mutating func output(_ agent: String, _ svc: String, _ version: String, _ signals: [String], _ change: String) -> JSONValue {
        let conf = Double(rng.int(45...95)) / 100
        return ["agent": .string(agent), "summary": .string("\(agent): \(svc) degraded after \(version)"), "confidence": .number(JSONNumber(conf)),
                "findings": [["id": "f-1", "title": .string("\(svc) errors follow the \(version) rollout"),
                              "detail": .string("Error rate on \(svc) rose within minutes of deployment \(version); 3 alerts share the fingerprint window."),
                              "confidence": .number(JSONNumber(conf)), "evidence": ["ev-signal-0", "ev-change-9"], "services": [.string(svc)]]],
                "evidence": [["id": "ev-signal-0", "kind": "signal", "ref": .string(signals[0]), "summary": "signal observed during the incident"],
                             ["id": "ev-change-9", "kind": "change", "ref": .string(change), "summary": "change observed during the incident"]],
                "services": [.string(svc)]]
    }
}
