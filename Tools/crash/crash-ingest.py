#!/usr/bin/env python3
"""Tools/crash/crash-ingest.py [path/to/opx] — kill -9 test of `opx ingest` (issue #6): webhooks re-sent after a crash are not duplicated, and correlation ends
in the same incidents as a run without crashes (a webhook's signals and decisions are one atomic append, so a
crash keeps both or neither).

Each iteration starts `opx ingest --lines` over a file of Alertmanager webhooks, kills it with SIGKILL
after a random delay, and repeats; finally the whole file is sent once more to completion (the sender's
retry). Then: `opx verify` passes, every alert is in the log exactly once, and `opx candidates
--incidents --json` equals the output of a store that ingested the same file once without crashes.

The binary is the argument, else $OPX_BIN, else .build/debug/opx (built when missing). Environment:
OPX_CRASH_ITERATIONS (default 30), OPX_CRASH_SEED, OPX_CRASH_KEEP=1 (keep the temp dir on failure).
Ends with `crash-ingest: … 0 failed`; exits non-zero on a failure.
"""
import json, os, random, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(bin_, *args, stdin=None, check=True):
    result = subprocess.run([bin_, *args], input=stdin, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"crash-ingest: `opx {' '.join(args)}` failed ({result.returncode}): {result.stderr.strip()}")
    return result


def webhooks(seed, count):
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        service = f"svc{rng.randrange(6)}"
        severity = rng.choice(["critical", "warning", "warning", "info"])
        minute = rng.randrange(30)
        status = "firing"
        alert = {"status": status, "labels": {"alertname": f"A{index % 7}", "service": service, "severity": severity},
                 "startsAt": f"2026-11-24T06:{minute:02d}:00Z", "fingerprint": f"fp-{index}"}
        lines.append(json.dumps({"version": "4", "status": status, "alerts": [alert]}))
        if rng.random() < 0.3:
            resolved = dict(alert, status="resolved", endsAt=f"2026-11-24T07:{minute:02d}:00Z")
            lines.append(json.dumps({"version": "4", "status": "resolved", "alerts": [resolved]}))
    return "\n".join(lines) + "\n", count


def signal_count(bin_, data):
    out = run(bin_, "read", "--data", data, "--json", "--limit", "1000000").stdout
    ids = [json.loads(line)["id"] for line in out.splitlines() if '"dev.opx.signal.ingested"' in line]
    return len(ids), len(set(ids))


def opx_binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get("OPX_BIN"):
        return os.environ["OPX_BIN"]
    path = os.path.join(ROOT, ".build", "debug", "opx")
    if not os.access(path, os.X_OK):
        print("crash-ingest: building opx (debug)", file=sys.stderr)
        subprocess.run(["swift", "build", "--product", "opx"], cwd=ROOT, check=True)
    return path


def main():
    work = tempfile.mkdtemp(prefix="opx-crash-ingest.")
    failed = True
    try:
        failed = check(opx_binary(), work)
    finally:
        if failed and os.environ.get("OPX_CRASH_KEEP") == "1":
            print(f"crash-ingest: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


def check(bin_, work_dir):
    iterations = int(os.environ.get("OPX_CRASH_ITERATIONS", "30"))
    seed = int(os.environ.get("OPX_CRASH_SEED", str(random.randrange(1 << 30))))
    print(f"crash-ingest: seed {seed}, {iterations} kills")
    rng = random.Random(seed)
    body, _ = webhooks(seed, 300)
    lines = body.count("\n")
    path = os.path.join(work_dir, "webhooks.ndjson")
    with open(path, "w") as f:
        f.write(body)
    reference = os.path.join(work_dir, "reference")
    crashed = os.path.join(work_dir, "crashed")
    for data in (reference, crashed):
        run(bin_, "init", "--data", data)
    run(bin_, "ingest", "--data", reference, "--adapter", "alertmanager", "--lines", path)
    kills = 0
    for _ in range(iterations):
        process = subprocess.Popen([bin_, "ingest", "--data", crashed, "--adapter", "alertmanager", "--lines",
                                    "--concurrency", str(rng.choice([1, 4, 16])), "--lock-timeout", "10", path],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.05, 0.6))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    run(bin_, "ingest", "--data", crashed, "--adapter", "alertmanager", "--lines", "--lock-timeout", "10", path)
    failures = []
    verify = run(bin_, "verify", "--data", crashed, check=False)
    if verify.returncode != 0:
        failures.append(f"opx verify failed: {verify.stdout.strip()} {verify.stderr.strip()}")
    total, unique = signal_count(bin_, crashed)
    expected, _ = signal_count(bin_, reference)
    if total != unique or total != expected:
        failures.append(f"{total} signal events ({unique} distinct) after crashes, expected {expected}")
    want = run(bin_, "candidates", "--data", reference, "--incidents", "--json").stdout
    got = run(bin_, "candidates", "--data", crashed, "--incidents", "--json").stdout
    if want != got:
        failures.append(f"incidents differ from the crash-free run:\n--- expected\n{want}--- found\n{got}")
    for failure in failures:
        print(f"crash-ingest: FAILED: {failure}", file=sys.stderr)
    print(f"crash-ingest: {lines} webhooks, {kills} of {iterations} runs killed, {expected} signals, "
          f"{'0 failed' if not failures else f'{len(failures)} failed'}")
    return bool(failures)


if __name__ == "__main__":
    main()
