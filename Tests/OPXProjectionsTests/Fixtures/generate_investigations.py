#!/usr/bin/env python3
"""Deterministic generator of a realistic opx log: signals, changes, incidents and investigations.

Writes NDJSON events in the form `opx append` reads ({"stream", "type", "id", "data"}), in log
order. With --with-time each line also carries "at", the time the event is meant to be recorded
(the projection tests append with a test clock set to it; `opx append` refuses the field, so leave
it out for the CLI). The same arguments always give the same bytes.

Every investigation follows the graph of DESIGN.md: six analysis agents (five in parallel, then
response strategy), each invoked, metered (usage + span), validated in three stages and recorded;
some attempts fail validation and are retried, a few agents fail for good, some outputs trip a
guardrail, some investigations are resumed after a crash, cross a budget threshold, fail for lack
of quorum or get a human review. Payloads follow Schemas/events/*/v1 and Schemas/agents/*/v1
(`--check` validates every payload with Python's jsonschema).

Usage:
  generate_investigations.py [--investigations 12] [--seed 4] [--start 2026-01-05T08:00:00Z]
                             [--gap-hours 240] [--with-time] [--check SCHEMAS_DIR]
The committed fixture is:
  generate_investigations.py --investigations 8 --seed 4 --gap-hours 300 --with-time > investigations.ndjson
"""

import argparse
import datetime
import json
import random
import sys
import uuid

ANALYSIS = ["signal-intelligence", "historical-pattern", "change-intelligence", "risk-blast-radius", "knowledge-runbook"]
STRATEGY = "response-strategy"
SERVICES = ["checkout", "payments", "search", "inventory", "auth", "shipping"]
MODELS = [("claude-sonnet-4-5", "anthropic", 3.0, 15.0), ("gpt-4.1-mini", "openai", 0.4, 1.6), ("llama-3.1-70b", "local", 0.0, 0.0)]
ALERTS = [("HighErrorRate", "SEV2"), ("LatencyP99High", "SEV3"), ("PodCrashLooping", "SEV2"), ("SaturationCPU", "SEV3"),
          ("DBConnectionsExhausted", "SEV1"), ("QueueBacklogGrowing", "SEV4")]
SEVERITY_ORDER = ["SEV1", "SEV2", "SEV3", "SEV4"]


class Gen:
    def __init__(self, seed, start, gap_hours, with_time):
        self.rng = random.Random(seed)
        self.now = start
        self.gap = datetime.timedelta(hours=gap_hours)
        self.with_time = with_time
        self.out = []

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hex(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def tick(self, lo=0.2, hi=4.0):
        self.now += datetime.timedelta(seconds=round(self.rng.uniform(lo, hi), 3))
        return self.now

    def iso(self, t=None):
        t = t or self.now
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)

    def emit(self, stream, type_, data, lo=0.2, hi=4.0):
        self.tick(lo, hi)
        line = {"stream": stream, "type": type_, "id": self.uuid(), "data": data}
        if self.with_time:
            line["at"] = self.iso()
        self.out.append(line)

    # -- agent outputs (Schemas/agents) --------------------------------------------------------
    def evidence(self, kind, ref, n):
        return {"id": f"ev-{kind}-{n}", "kind": kind, "ref": ref, "summary": f"{kind} {ref[:24]} observed during the incident"}

    def output(self, agent, ctx):
        svc = ctx["service"]
        ev = [self.evidence("signal", s, i) for i, s in enumerate(ctx["signals"][:3])]
        ev.append(self.evidence("change", ctx["change"], 9))
        conf = round(self.rng.uniform(0.45, 0.95), 2)
        finding = {"id": f"f-{agent}-1", "title": f"{svc} errors follow the {ctx['version']} rollout",
                   "detail": f"Error rate on {svc} rose within minutes of deployment {ctx['version']}; "
                             f"{len(ctx['signals'])} alerts share the fingerprint window.",
                   "confidence": conf, "evidence": [e["id"] for e in ev[:2]], "services": [svc]}
        doc = {"agent": agent, "summary": f"{agent.replace('-', ' ')}: {svc} degraded after {ctx['version']}",
               "confidence": conf, "findings": [finding], "evidence": ev, "services": [svc]}
        if agent == "signal-intelligence":
            doc["signalGroups"] = [{"service": svc, "name": ctx["alert"], "count": len(ctx["signals"]),
                                    "severity": ctx["severity"], "firstSeen": ctx["opened"], "lastSeen": self.iso()}]
            doc["primaryService"] = svc
        elif agent == "historical-pattern":
            doc["similarIncidents"] = [{"incidentId": self.uuid(), "title": f"{svc} 5xx after deploy", "service": svc,
                                        "similarity": round(self.rng.uniform(0.5, 0.9), 2), "resolution": "rolled back"}]
        elif agent == "change-intelligence":
            doc["suspectChanges"] = [{"changeId": ctx["change"], "service": svc, "kind": "deployment", "at": ctx["changeAt"],
                                      "version": ctx["version"], "suspicion": round(self.rng.uniform(0.5, 0.95), 2)}]
        elif agent == "risk-blast-radius":
            doc["blastRadius"] = {"riskLevel": self.rng.choice(["medium", "high"]),
                                  "impactedServices": [{"service": svc, "distance": 0, "criticality": "high"},
                                                       {"service": "web-frontend", "distance": 1, "path": [svc, "web-frontend"]}]}
        elif agent == "knowledge-runbook":
            doc["runbookSections"] = [{"file": f"runbooks/{svc}.md", "section": "Rollback a bad deploy",
                                       "citation": f"runbooks/{svc}.md#rollback-a-bad-deploy", "score": round(self.rng.uniform(3, 12), 2)}]
        elif agent == STRATEGY:
            doc["recommendations"] = [self.recommendation(svc, ev, ctx)]
            doc["urgency"] = self.rng.choice(["immediate", "soon"])
        return doc

    def recommendation(self, svc, ev, ctx):
        return {"id": "rec-1", "action": f"Roll back {svc} to the version before {ctx['version']}",
                "rationale": "The error rate rose right after the deployment and the runbook prescribes a rollback.",
                "evidence": [ev[0]["id"], ev[-1]["id"]], "risk": "low", "confidence": 0.8,
                "commands": [f"kubectl rollout undo deployment/{svc}"], "services": [svc]}

    # -- one investigation ------------------------------------------------------------------------
    def investigation(self, n):
        rng = self.rng
        svc = SERVICES[n % len(SERVICES)]
        alert, severity = ALERTS[rng.randrange(len(ALERTS))]
        source = rng.choice(["alertmanager", "cloudwatch"])
        signals = []
        for _ in range(rng.randint(2, 4)):
            sid = self.uuid()
            signals.append(sid)
            self.emit(f"signals-{source}", "signal.ingested", {
                "signalId": sid, "source": source, "fingerprint": f"{alert.lower()}-{svc}", "status": "firing",
                "name": alert, "summary": f"{alert} on {svc}", "service": svc, "severity": severity,
                "startsAt": self.iso(), "labels": {"alertname": alert, "service": svc, "team": "sre"}})
        change, version = self.uuid(), f"v2.{n + 10}.{rng.randint(0, 9)}"
        change_at = self.iso(self.now - datetime.timedelta(minutes=7))
        self.emit(f"changes-{svc}", "change.recorded", {
            "changeId": change, "service": svc, "kind": "deployment", "at": change_at, "version": version,
            "previousVersion": f"v2.{n + 9}.0", "author": "ci-bot", "environment": "production", "summary": f"deploy {version}"})
        incident = self.uuid()
        opened = self.iso()
        self.emit(f"incident-{incident}", "incident.opened", {
            "incidentId": incident, "title": f"{alert} on {svc}", "service": svc, "severity": severity,
            "openedAt": opened, "signalIds": signals[:2], "services": [svc], "summary": f"{len(signals)} alerts on {svc}"})
        for sid in signals[2:]:
            self.emit(f"incident-{incident}", "incident.signal-attached", {"incidentId": incident, "signalId": sid,
                                                                          "fingerprint": f"{alert.lower()}-{svc}", "reason": "same fingerprint"})
        inv = self.uuid()
        stream = f"investigation-{inv}"
        trace = self.hex(32)
        root = self.hex(16)
        budget = 0.05 if n % 3 == 1 else 0.5
        doomed = n % 7 == 5   # three agents fail for good: no quorum
        self.emit(stream, "investigation.started", {
            "investigationId": inv, "incidentId": incident, "trigger": rng.choice(["automatic", "manual"]),
            "agents": ANALYSIS + [STRATEGY], "requestedBy": "sre-oncall", "budgetUsd": budget})
        ctx = {"service": svc, "signals": signals, "change": change, "changeAt": change_at, "version": version,
               "alert": alert, "severity": severity, "opened": opened}
        resumed = rng.random() < 0.15
        spent = 0.0
        failed = []
        for index, agent in enumerate(ANALYSIS + [STRATEGY]):
            if resumed and index == 3:
                self.emit(stream, "investigation.resumed", {
                    "investigationId": inv, "reason": "crash-recovery", "completedSteps": ANALYSIS[:3],
                    "pendingSteps": ANALYSIS[3:] + [STRATEGY],
                    "agents": [{"agent": a, "status": "succeeded" if a not in failed else "failed"} for a in ANALYSIS[:3]]}, 2, 20)
            outcome = rng.random()
            attempts = 1 if outcome < 0.8 else (2 if outcome < 0.96 else 3)
            gives_up = outcome >= 0.985 or (doomed and index < 3)
            if doomed and index < 3:
                attempts = 3
            for attempt in range(1, attempts + 1):
                model, provider, pin, pout = MODELS[(n + index) % len(MODELS)]
                self.emit(stream, "agent.invoked", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                    "inputDigest": "sha256:" + self.hex(64), "runner": "builtin", "model": model, "timeoutMs": 30000})
                start = self.iso()
                tin, tout = rng.randint(800, 6000), rng.randint(150, 1200)
                cost = round((tin * pin + tout * pout) / 1e6, 6)
                spent += cost
                self.emit(stream, "usage.recorded", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                     "model": model, "provider": provider, "inputTokens": tin, "outputTokens": tout,
                                                     "costUsd": cost}, 1, 6)
                final = attempt == attempts
                ok = final and not gives_up
                self.emit(stream, "trace.span-recorded", {
                    "traceId": trace, "spanId": self.hex(16), "parentSpanId": root, "name": f"invoke_agent {agent}",
                    "kind": "internal", "startTime": start, "endTime": self.iso(), "investigationId": inv,
                    "status": {"code": "ok" if ok else "error"},
                    "attributes": {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent,
                                   "gen_ai.request.model": model, "gen_ai.provider.name": provider,
                                   "gen_ai.usage.input_tokens": tin, "gen_ai.usage.output_tokens": tout,
                                   "opx.investigation.id": inv, "opx.agent.step": agent, "opx.agent.attempt": attempt,
                                   "opx.cost.usd": cost}}, 0, 0.01)
                stages = ["schema", "business", "semantic"]
                bad = None if ok else rng.choice(stages)
                for stage in stages:
                    passed = stage != bad
                    errors = [] if passed else [{"pointer": "/findings/0/evidence/0", "message": "evidence id does not exist in the evidence list",
                                                 "rule": f"{stage}.evidence-exists"}]
                    self.emit(stream, "validation.recorded", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                              "stage": stage, "passed": passed, "errors": errors,
                                                              "schema": f"opx:agent/{agent}/v1"}, 0.01, 0.2)
                    if not passed:
                        break
                if ok:
                    if rng.random() < 0.08:
                        self.emit(stream, "guardrail.violation", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                                  "kind": rng.choice(["email", "ip-address", "bearer-token"]),
                                                                  "action": "redacted", "location": "agent-output",
                                                                  "fields": ["/findings/0/detail"], "count": 1}, 0.01, 0.1)
                    self.emit(stream, "agent.output-recorded", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                                "outputSchema": f"opx:agent/{agent}/v1", "output": self.output(agent, ctx)}, 0.01, 0.1)
                else:
                    self.emit(stream, "agent.failed", {"investigationId": inv, "agent": agent, "step": agent, "attempt": attempt,
                                                       "reason": "invalid-output", "message": f"{bad} validation failed",
                                                       "willRetry": not final}, 0.01, 0.1)
                    if final:
                        failed.append(agent)
        if spent > 0.8 * budget:
            self.emit(stream, "budget.threshold-crossed", {"scope": "investigation", "investigationId": inv,
                                                           "threshold": 0.8, "spentUsd": round(spent, 6), "limitUsd": budget})
        succeeded = [a for a in ANALYSIS + [STRATEGY] if a not in failed]
        if len(succeeded) >= 4:
            ev = [self.evidence("signal", signals[0], 0), self.evidence("change", change, 9)]
            self.emit(stream, "consensus.reached", {
                "investigationId": inv, "incidentId": incident, "outputSchema": "opx:agent/consensus/v1",
                "degraded": bool(failed), "inputDigest": "sha256:" + self.hex(64),
                "output": {"agent": "consensus", "summary": f"{svc} is failing because of deployment {version}; roll it back.",
                           "confidence": 0.82, "evidence": ev, "services": [svc],
                           "findings": [{"id": "cf-1", "title": f"Deployment {version} broke {svc}", "confidence": 0.82,
                                         "evidence": [e["id"] for e in ev], "agents": succeeded[:3]}],
                           "recommendation": self.recommendation(svc, ev, ctx),
                           "agreement": {"supporting": succeeded, "dissenting": [], "failed": failed},
                           "quorum": {"required": 4, "present": len(succeeded), "met": True}, "degraded": bool(failed)}})
            self.emit(stream, "trace.span-recorded", {
                "traceId": trace, "spanId": root, "name": "investigation", "kind": "internal", "startTime": opened,
                "endTime": self.iso(), "investigationId": inv, "status": {"code": "ok"},
                "attributes": {"opx.investigation.id": inv, "gen_ai.operation.name": "invoke_agent"}}, 0, 0.01)
            self.emit(stream, "investigation.completed", {
                "investigationId": inv, "incidentId": incident, "status": "degraded" if failed else "completed",
                "failedAgents": failed, "inputTokens": 0, "outputTokens": 0, "costUsd": round(spent, 6)})
            if rng.random() < 0.5:
                self.emit(stream, "recommendation.reviewed", {"investigationId": inv, "recommendationId": "rec-1",
                                                              "decision": rng.choice(["approve", "approve", "reject"]),
                                                              "reviewer": "alice@example.com", "note": "matches what we see"}, 30, 600)
        else:
            self.emit(stream, "investigation.failed", {"investigationId": inv, "incidentId": incident, "reason": "no-quorum",
                                                       "message": f"only {len(succeeded)} of 6 agents succeeded", "step": "consensus",
                                                       "failedAgents": failed, "costUsd": round(spent, 6)})
        if rng.random() < 0.3:
            to = SEVERITY_ORDER[max(0, SEVERITY_ORDER.index(severity) - 1)]
            if to != severity:
                self.emit(f"incident-{incident}", "incident.severity-changed", {"incidentId": incident, "from": severity, "to": to,
                                                                               "reason": "customer impact confirmed", "changedBy": "sre-oncall"})
        if rng.random() < 0.7:
            self.emit(f"incident-{incident}", "incident.mitigated", {"incidentId": incident, "mitigatedAt": self.iso(), "mitigatedBy": "sre-oncall"}, 60, 900)
            self.emit(f"incident-{incident}", "incident.resolved", {"incidentId": incident, "resolvedAt": self.iso(),
                                                                   "reason": "all-signals-resolved", "resolution": f"rolled back {version}",
                                                                   "rootCause": f"regression in {version}"}, 60, 900)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--investigations", type=int, default=12)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--start", default="2026-01-05T08:00:00Z")
    ap.add_argument("--gap-hours", type=float, default=240.0, help="time from one investigation to the next")
    ap.add_argument("--with-time", action="store_true", help='add "at" to every line (for tests with a test clock)')
    ap.add_argument("--check", metavar="SCHEMAS_DIR", help="validate every payload against Schemas/ with jsonschema")
    args = ap.parse_args()
    start = datetime.datetime.strptime(args.start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    g = Gen(args.seed, start, args.gap_hours, args.with_time)
    for n in range(args.investigations):
        g.now = start + g.gap * n
        g.investigation(n)
    if args.check:
        check(g.out, args.check)
    w = sys.stdout.write
    for line in g.out:
        w(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n")


def check(lines, schemas):
    import os
    import jsonschema
    cache = {}

    def schema(path):
        if path not in cache:
            with open(os.path.join(schemas, path)) as f:
                cache[path] = jsonschema.Draft202012Validator(json.load(f), format_checker=jsonschema.FormatChecker())
        return cache[path]
    for i, line in enumerate(lines, 1):
        errors = list(schema(f"events/{line['type']}/v1.schema.json").iter_errors(line["data"]))
        out = line["data"].get("output")
        if out is not None and not errors:
            errors = list(schema(f"agents/{out['agent']}/v1.schema.json").iter_errors(out))
        if errors:
            sys.exit(f"line {i} ({line['type']}): {errors[0].message} at {list(errors[0].absolute_path)}")
    print(f"checked {len(lines)} events against {schemas}: all valid", file=sys.stderr)


if __name__ == "__main__":
    main()
