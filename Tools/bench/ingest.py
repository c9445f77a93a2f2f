#!/usr/bin/env python3
"""Tools/bench/ingest.py [--reps N] [--webhooks N] [--concurrency N] [--keep]

`opx ingest` throughput for a file of Alertmanager webhooks (5 alerts each), beside `opx append` of the same
signals in the same run, on the same disk (see Tools/bench/README.md, "Ingest").

Builds opx (release, scratch path .build-bench). Each repetition (default 3) runs, each in a fresh process
and a fresh store:
  ingest  `opx ingest --adapter alertmanager --lines --concurrency C` over N webhooks (parse, adapter,
          idempotency look-up, durable append, correlation and its decisions);
  append  `opx append --batch-size 5 --concurrency C` of the same alerts as ready-made signal.ingested
          events, one batch per webhook (schema validation and durable append only).
Prints the medians of webhooks/s and signals/s and the median of the per-repetition ratios ingest/append
(1.0 = ingest costs nothing beyond the append). Environment: OPX_BENCH_TMP (not tmpfs), OPX_BENCH_REPS.
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys, tempfile, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALERTS = 5


def payloads(work, count):
    """Writes N webhooks (one per line) and the same alerts as signal.ingested NDJSON (a blank line per batch)."""
    rng = random.Random(7)
    webhooks_path, events_path = os.path.join(work, "webhooks.ndjson"), os.path.join(work, "events.ndjson")
    with open(webhooks_path, "w") as webhooks, open(events_path, "w") as events:
        for index in range(count):
            service = f"svc{rng.randrange(20)}"
            second = rng.randrange(86400)
            starts = f"2026-11-24T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}Z"
            body = {"version": "4", "status": "firing", "receiver": "opx", "groupKey": f"{{}}:{{service=\"{service}\"}}",
                    "groupLabels": {"service": service}, "commonLabels": {"service": service},
                    "externalURL": "http://alertmanager:9093", "truncatedAlerts": 0, "alerts": []}
            for alert in range(ALERTS):
                fingerprint = f"{index:08x}{alert:08x}"
                severity = rng.choice(["critical", "warning", "warning", "info"])
                labels = {"alertname": f"Alert{alert}", "service": service, "severity": severity,
                          "instance": f"10.0.{index % 250}.{alert}:9100"}
                annotations = {"summary": f"Alert{alert} on {service}", "description": "load benchmark alert"}
                body["alerts"].append({"status": "firing", "labels": labels, "annotations": annotations,
                                       "startsAt": starts, "endsAt": "0001-01-01T00:00:00Z",
                                       "generatorURL": "http://prometheus:9090/graph", "fingerprint": fingerprint})
                signal = {"signalId": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "source": "alertmanager",
                          "fingerprint": fingerprint, "status": "firing", "name": f"Alert{alert}",
                          "summary": annotations["summary"], "service": service, "severity": severity,
                          "startsAt": starts, "externalId": fingerprint, "url": "http://prometheus:9090/graph",
                          "labels": labels, "annotations": annotations}
                events.write(json.dumps({"stream": "signals-alertmanager", "type": "signal.ingested", "data": signal}) + "\n")
            events.write("\n")
            webhooks.write(json.dumps(body) + "\n")
    return webhooks_path, events_path


def timed(command, stdin=None):
    start = time.monotonic()
    subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[2])
    parser.add_argument("--reps", type=int, default=int(os.environ.get("OPX_BENCH_REPS", "3")))
    parser.add_argument("--webhooks", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    base = os.environ.get("OPX_BENCH_TMP") or tempfile.gettempdir()
    os.makedirs(base, exist_ok=True)
    if subprocess.run(["stat", "-f", "-c", "%T", base], capture_output=True, text=True).stdout.strip() == "tmpfs":
        sys.exit(f"ingest.py: {base} is tmpfs: fsync costs nothing there; set OPX_BENCH_TMP to a directory on a real disk")
    work = tempfile.mkdtemp(prefix="opx-bench-ingest.", dir=base)
    try:
        print("== building opx (release) ==", file=sys.stderr)
        build = ["swift", "build", "-c", "release", "--scratch-path", ".build-bench", "--product", "opx"]
        subprocess.run(build, cwd=ROOT, check=True, stdout=sys.stderr)
        bin_dir = subprocess.run(build[:-2] + ["--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        opx = os.path.join(bin_dir, "opx")
        webhooks, events = payloads(work, args.webhooks)
        rates = {"ingest": [], "append": []}
        ratios = []
        print(f"== {args.webhooks} webhooks x {ALERTS} alerts, concurrency {args.concurrency}, median of {args.reps}; "
              f"dirs in {work} ==", file=sys.stderr)
        for rep in range(1, args.reps + 1):
            stores = {name: os.path.join(work, name) for name in rates}
            for store in stores.values():
                shutil.rmtree(store, ignore_errors=True)
                subprocess.run([opx, "init", "--data", store], check=True, stdout=subprocess.DEVNULL)
            os.sync()
            seconds = {"ingest": timed([opx, "ingest", "--data", stores["ingest"], "--adapter", "alertmanager", "--lines",
                                        "--concurrency", str(args.concurrency), webhooks])}
            os.sync()
            with open(events) as stdin:
                seconds["append"] = timed([opx, "append", "--data-dir", stores["append"], "--batch-size", str(ALERTS),
                                           "--concurrency", str(args.concurrency)], stdin=stdin)
            read = subprocess.run([opx, "read", "--data", stores["ingest"], "--json", "--limit", "10000000"],
                                  check=True, capture_output=True, text=True).stdout
            got = read.count('"type":"dev.opx.signal.ingested"')
            if got != args.webhooks * ALERTS:
                sys.exit(f"ingest.py: {got} signals ingested, expected {args.webhooks * ALERTS}")
            for name in rates:
                rates[name].append(args.webhooks / seconds[name])
            ratios.append(seconds["append"] / seconds["ingest"])
            print(f"   rep {rep}: ingest {seconds['ingest']:.2f} s, append {seconds['append']:.2f} s", file=sys.stderr)
        incidents = subprocess.run([opx, "candidates", "--data", stores["ingest"], "--incidents", "--json"],
                                   check=True, capture_output=True, text=True).stdout.count('"status":"open"')
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
        print(f"commit {commit}, load {load}")
        print(f"{'':8} {'webhooks/s':>12} {'signals/s':>12}")
        for name in rates:
            median = statistics.median(rates[name])
            print(f"{name:8} {median:12.1f} {median * ALERTS:12.0f}")
        print(f"ratio ingest/append (median of per-repetition ratios): {statistics.median(ratios):.2f}  "
              f"[{' '.join(f'{r:.2f}' for r in ratios)}]")
        print(f"incidents open after the last run: {incidents}")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
