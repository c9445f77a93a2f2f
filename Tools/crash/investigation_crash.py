#!/usr/bin/env python3
"""Crash-point harness for investigations (issue 7, "Tests it must pass").

For each named crash point of the engine and several hit counts, on a fresh store holding one incident:
  1. `opx investigate` with OPX_CRASHPOINT=<point>:<n> must die by SIGKILL;
  2. `opx resume <id>` must finish it with the consensus digest and cost of an uninterrupted reference run
     (the graph's six agents are the test subprocess agent, deterministic);
  3. `opx replay <id> --verify` must pass, as must `opx verify` on the store.
The reference run itself must also pass replay. A crash point that is never reached at hit n (the run
completes) counts as a failure, so the list below stays honest.

Standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys

POINTS = [
    ("investigation.after-start", [1]),
    ("investigation.before-agent-call", [1, 3, 6]),
    ("investigation.after-agent-call", [1, 4, 6]),
    ("investigation.before-validation-record", [1, 5]),
    ("investigation.after-validation-record", [1, 6]),
    ("investigation.before-consensus", [1]),
]
AGENTS = ["signal-intelligence", "historical-pattern", "change-intelligence", "risk-blast-radius",
          "knowledge-runbook", "response-strategy"]
INCIDENT = "3f0c2a5e-1d2b-4c3d-9e8f-0a1b2c3d4e5f"


def run(args, env=None, check=True):
    full_env = dict(os.environ)
    full_env.pop("OPX_CRASHPOINT", None)
    full_env.update(env or {})
    proc = subprocess.run(args, capture_output=True, text=True, env=full_env, timeout=300)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stdout}{proc.stderr}")
    return proc


def new_store(opx, root, path):
    os.makedirs(path)
    data = os.path.join(path, "data")
    opened = {"incidentId": INCIDENT, "title": "checkout 5xx", "service": "checkout", "severity": "SEV2",
              "openedAt": "2026-11-24T10:00:00Z", "services": ["checkout", "payments", "orders"]}
    run([opx, "init", "--data", data])
    run([opx, "append", "--data-dir", data, "--stream", f"incident-{INCIDENT}", "--type", "incident.opened",
         "--data", json.dumps(opened)])
    script = os.path.join(root, "Tests/OPXRuntimeTests/Agents/test_agent.py")
    fixtures = os.path.join(root, "Tests/OPXEventsTests/Fixtures/valid/agents")
    config = {
        "agents": {name: {"command": [sys.executable, script, "valid", fixtures], "timeoutMs": 20000} for name in AGENTS},
        "pricing": {"models": {"test-model": {"inputPerMillion": 3, "outputPerMillion": 15}}},
    }
    with open(os.path.join(data, "opx.json"), "w") as f:
        json.dump(config, f)
    return data


def outcome(text):
    consensus = re.search(r"consensus: (sha256:[0-9a-f]{64})", text)
    cost = re.search(r"cost: \$([0-9.]+)", text)
    status = re.search(r"investigation [0-9a-f-]{36}: (\w+)", text)
    return (status and status.group(1), consensus and consensus.group(1), cost and cost.group(1))


def investigation_ids(opx, data):
    proc = run([opx, "investigations", "--data", data])
    return re.findall(r"^([0-9a-f-]{36})\s", proc.stdout, re.M)


def failures(opx, data, investigation):
    """The failed attempts and usage events of an investigation, for diagnosis."""
    lines = run([opx, "read", "--data", data, "--stream", f"investigation-{investigation}", "--json"]).stdout.splitlines()
    found = []
    for line in lines:
        event = json.loads(line)
        if event["type"].endswith(("agent.failed", "usage.recorded")):
            d = event["data"]
            found.append(f"{event['type'].split('.', 2)[-1]} {d.get('step')} #{d.get('attempt')} {d.get('reason', '')} {d.get('message', '')[:120]}")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    verbose = os.environ.get("OPX_INV_CRASH_VERBOSE") == "1"
    opx = args.bin

    data = new_store(opx, args.root, os.path.join(args.work_dir, "reference"))
    reference = outcome(run([opx, "investigate", "--data", data, INCIDENT]).stdout)
    if reference[0] != "completed" or not reference[1]:
        print(f"investigation-crash: reference run did not complete: {reference}", file=sys.stderr)
        return 1
    run([opx, "replay", "--data", data, investigation_ids(opx, data)[0], "--verify"])
    print(f"investigation-crash: reference consensus {reference[1]}, cost ${reference[2]}")

    passed = failed = 0
    only = os.environ.get("OPX_INV_CRASH_CASES", "").split()
    for point, counts in POINTS:
        for n in counts:
            case = f"{point}:{n}"
            if only and case not in only:
                continue
            try:
                data = new_store(opx, args.root, os.path.join(args.work_dir, case.replace(":", "-")))
                crashed = run([opx, "investigate", "--data", data, INCIDENT], env={"OPX_CRASHPOINT": case}, check=False)
                if crashed.returncode not in (-9, 137):
                    raise RuntimeError(f"expected SIGKILL at {case}, got exit {crashed.returncode}: {crashed.stdout}{crashed.stderr}")
                ids = investigation_ids(opx, data)
                if len(ids) != 1:
                    raise RuntimeError(f"expected one investigation after the crash, found {ids}")
                resumed = outcome(run([opx, "resume", "--data", data, ids[0]]).stdout)
                if resumed != reference:
                    raise RuntimeError(f"resume gave {resumed}, the uninterrupted run {reference}; failed attempts: {failures(opx, data, ids[0])}")
                run([opx, "replay", "--data", data, ids[0], "--verify"])
                run([opx, "verify", "--data", data])
                passed += 1
                if verbose:
                    print(f"  {case}: ok")
            except Exception as error:  # noqa: BLE001 - report every failing case
                failed += 1
                print(f"investigation-crash: {case}: FAILED: {error}", file=sys.stderr)
    print(f"investigation-crash: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
