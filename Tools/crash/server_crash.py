#!/usr/bin/env python3
"""Tools/crash/server_crash.py --bin OPX --work-dir DIR — kill -9 of `opx serve` under load (issue #6).

Each iteration starts `opx serve --port 0`, lets 8 client threads post Alertmanager webhooks (5 distinct
alerts each) over loopback, and kills the server with SIGKILL after a random delay. A webhook answered
2xx is "acknowledged"; one that got no answer has an unknown outcome and is re-sent in the next
iteration, as a real sender retries. At the end every webhook is re-sent once more (a second retry of
everything) and the log is read back over HTTP. Checks: `opx verify` passes, every alert of every
acknowledged webhook is in the log, no alert is in it twice (retries appended nothing new), and every
webhook ever sent was finally appended.

Run it through Tools/crash/server-crash.sh (Tools/crash/harness.sh finds the binary and owns the work
directory). Environment: OPX_CRASH_ITERATIONS (default 30), OPX_CRASH_SEED. Prints the seed first and ends
with `server-crash: … 0 failed`.
"""
import argparse, http.client, json, os, random, signal, subprocess, sys, threading, time

ALERTS = 5


def webhook(index):
    service = f"svc{index % 7}"
    alerts = [{"status": "firing", "labels": {"alertname": f"A{a}", "service": service, "severity": "warning", "n": str(index)},
               "startsAt": "2026-11-24T06:00:00Z", "fingerprint": f"w{index:06d}a{a}"} for a in range(ALERTS)]
    return json.dumps({"version": "4", "status": "firing", "alerts": alerts}).encode()


def post(port, token, index):
    """True when the server answered 2xx, False on a 4xx answer, None on a 5xx or an unknown outcome.

    A 429 (the token's rate limit: the final re-send of thousands of duplicates is faster than its default
    1,000 requests/s) is retried after its Retry-After, as a sender would."""
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", "/v1/ingest/alertmanager", body=webhook(index),
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            status, retry_after = response.status, response.getheader("Retry-After")
            conn.close()
        except (OSError, http.client.HTTPException):
            return None
        if status != 429:
            return 200 <= status < 300 if status < 500 else None
        time.sleep(min(float(retry_after or 1), 1.0))
    return False


def start(opx, data):
    proc = subprocess.Popen([opx, "serve", "--data", data, "--port", "0", "--log-level", "error"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        sys.exit(f"server-crash: opx serve did not start (said {line!r})")
    return proc, int(line.rsplit(":", 1)[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    opx = args.bin
    iterations = int(os.environ.get("OPX_CRASH_ITERATIONS", "30"))
    seed = int(os.environ.get("OPX_CRASH_SEED", str(int(time.time()))))
    print(f"server-crash: seed {seed}, {iterations} kills", flush=True)
    rng = random.Random(seed)
    data = os.path.join(args.work_dir, "data")
    subprocess.run([opx, "init", "--data", data], check=True, capture_output=True)
    token = subprocess.run([opx, "token", "create", "--data", data, "--scope", "ingest", "--name", "crash"],
                           check=True, capture_output=True, text=True).stdout.strip()
    acked, pending, lock = set(), [], threading.Lock()
    next_index = [0]
    failures = []

    for iteration in range(iterations):
        proc, port = start(opx, data)
        retry = list(pending)
        pending.clear()
        stop = threading.Event()

        def client():
            while not stop.is_set():
                with lock:
                    if retry:
                        index = retry.pop()
                    else:
                        index = next_index[0]
                        next_index[0] += 1
                outcome = post(port, token, index)
                with lock:
                    if outcome is True:
                        acked.add(index)
                    elif outcome is None:
                        pending.append(index)
                    else:
                        failures.append(f"webhook {index} was refused")
                if outcome is None:
                    return

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        with lock:
            pending.extend(retry)

    proc, port = start(opx, data)
    for index in range(next_index[0]):
        if post(port, token, index) is not True:
            failures.append(f"final re-send of webhook {index} failed")
    seen = {}
    proc.send_signal(signal.SIGTERM)
    if proc.wait(timeout=30) != 0:
        failures.append(f"opx serve exited {proc.returncode} on SIGTERM")
    out = subprocess.run([opx, "read", "--data", data, "--json", "--limit", "100000000"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        event = json.loads(line)
        if event["type"] == "dev.opx.signal.ingested":
            fingerprint = event["data"]["fingerprint"]
            seen[fingerprint] = seen.get(fingerprint, 0) + 1
    for index in sorted(acked):
        for a in range(ALERTS):
            if f"w{index:06d}a{a}" not in seen:
                failures.append(f"acknowledged webhook {index} lost alert {a}")
    failures += [f"alert {fp} appended {n} times" for fp, n in seen.items() if n > 1]
    if len(seen) != next_index[0] * ALERTS:
        failures.append(f"{len(seen)} distinct alerts in the log, expected {next_index[0] * ALERTS}")
    verify = subprocess.run([opx, "verify", "--data", data], capture_output=True, text=True)
    if verify.returncode != 0:
        failures.append(f"opx verify failed: {verify.stdout.strip()} {verify.stderr.strip()}")

    for failure in failures[:20]:
        print("FAIL", failure, file=sys.stderr)
    print(f"server-crash: {iterations} kills, {next_index[0]} webhooks ({len(acked)} acknowledged before a kill), "
          f"{len(seen)} alerts in the log; {0 if not failures else 1} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
