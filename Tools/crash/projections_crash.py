#!/usr/bin/env python3
"""kill -9 / crash-point harness for projections (RELIABILITY.md INV-7, INV-8; issue 4 "Crash").

Each iteration takes a fresh copy of a store and crashes a projection fold in it, then resumes and
checks that the stored projections equal a from-scratch fold of the log:

  catch-up   a store loaded with OPX_PROJECTIONS=defer (projections behind the log): start
             `opx projections catch-up`, SIGKILL it at a random moment (sometimes twice, the second
             time while it resumes), then resume it to the end
  rebuild    a store whose projections are current: start `opx rebuild`, SIGKILL it at a random
             moment, then resume with `opx rebuild` (it must report the resumed projections), or
             with an `opx append` of more events (any write catches up), chosen at random
  midbatch   catch-up dying at the named crash point `projection.midBatch:N` (SIGKILL after half of a
             batch's rows were put, before the commit)
  append     `opx append` (inline projections, folded in the append's own transaction) killed at a
             random moment

After each: `opx rebuild --check --json` (a fresh fold of the whole log into scratch space, compared by
digest with every stored projection at its stored position) must report ok, every projection must
be at the head of the log, and `opx verify` must pass.

Standard library only. Configuration (environment):
  OPX_BIN                          the opx binary (or --bin)
  OPX_PROJ_CRASH_ITERATIONS        iterations (default 32)
  OPX_PROJ_CRASH_SEED              RNG seed (default: from the clock); printed first
  OPX_PROJ_CRASH_INVESTIGATIONS    investigations in the generated log (default 120, about 8,000 events)
  OPX_PROJ_CRASH_VERBOSE=1         one line per iteration
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GENERATOR = os.path.join(ROOT, "Tests", "OPXProjectionsTests", "Fixtures", "generate_investigations.py")
SCENARIOS = ["catch-up", "rebuild", "midbatch", "append"]


class Failure(Exception):
    pass


def run(binary, args, env=None, stdin=None, timeout=300, check=True):
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise Failure(f"`opx {' '.join(args)}` exited {proc.returncode}: {proc.stderr.strip()[:400]}")
    return proc


def kill_after(binary, args, delay, env=None, stdin=None):
    """Starts opx, SIGKILLs it after `delay` seconds (if still running); returns whether it was killed."""
    proc = subprocess.Popen([binary] + args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    if stdin is not None:
        try:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return killed or proc.returncode == -signal.SIGKILL


def generate(investigations, seed):
    out = subprocess.run([sys.executable, GENERATOR, "--investigations", str(investigations), "--seed", str(seed),
                          "--gap-hours", "2"], capture_output=True, text=True, check=True)
    return out.stdout


def check_store(binary, data):
    proc = run(binary, ["rebuild", "--check", "--json", "--data", data], check=False)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        raise Failure(f"rebuild --check printed no JSON (exit {proc.returncode}): {proc.stderr.strip()[:400]}")
    if not report.get("ok") or proc.returncode != 0:
        bad = [p for p in report["projections"] if not p["matches"]]
        raise Failure("INV-7: stored projections differ from a fresh fold: " + json.dumps(bad)[:1200])
    listing = json.loads(run(binary, ["projections", "--json", "--data", data]).stdout)
    for p in listing["projections"]:
        if p.get("position") != listing["head"] or p.get("rebuilding"):
            raise Failure(f"projection {p['name']} is at {p.get('position')} (rebuilding={p.get('rebuilding')}), head {listing['head']}")
    run(binary, ["verify", "--data", data])
    return listing["head"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("OPX_BIN"))
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    binary = args.bin
    iterations = int(os.environ.get("OPX_PROJ_CRASH_ITERATIONS", "32"))
    seed = int(os.environ.get("OPX_PROJ_CRASH_SEED", str(int(time.time() * 1000) % 1_000_000)))
    investigations = int(os.environ.get("OPX_PROJ_CRASH_INVESTIGATIONS", "120"))
    verbose = os.environ.get("OPX_PROJ_CRASH_VERBOSE") == "1"
    print(f"projections-crash: seed {seed}, {iterations} iterations, {investigations} investigations", flush=True)
    rng = random.Random(seed)
    work = args.work_dir

    # Templates: the log loaded with projections deferred (behind), and the same with projections current.
    ndjson = generate(investigations, seed % 1000)
    extra = generate(4, seed % 1000 + 1)
    deferred = os.path.join(work, "template-deferred")
    run(binary, ["init", "--data", deferred], env={"OPX_PROJECTIONS": "defer"})
    run(binary, ["append", "--data-dir", deferred, "--batch-size", "200"], env={"OPX_PROJECTIONS": "defer"}, stdin=ndjson)
    current = os.path.join(work, "template-current")
    shutil.copytree(deferred, current)
    started = time.monotonic()
    run(binary, ["projections", "catch-up", "--batch-size", "250", "--quiet", "--data", current])
    fold_seconds = max(time.monotonic() - started, 0.05)
    events = len(ndjson.splitlines())
    print(f"projections-crash: {events} events; a full catch-up takes {fold_seconds:.2f}s here", flush=True)

    passed = failed = 0
    kills = 0
    for i in range(1, iterations + 1):
        scenario = SCENARIOS[(i - 1) % len(SCENARIOS)]
        store = os.path.join(work, f"it-{i}")
        shutil.copytree(current if scenario in ("rebuild", "append") else deferred, store)
        batch = str(rng.choice([50, 200, 1000, 20000]))   # 20,000: several 5,000-event pages per commit
        note = ""
        try:
            if scenario == "catch-up":
                delay = rng.uniform(0.05, 0.95) * fold_seconds
                killed = kill_after(binary, ["projections", "catch-up", "--quiet", "--batch-size", batch, "--data", store], delay)
                kills += killed
                if rng.random() < 0.4:
                    killed2 = kill_after(binary, ["projections", "catch-up", "--quiet", "--batch-size", batch, "--data", store],
                                         rng.uniform(0.01, 0.6) * fold_seconds)
                    kills += killed2
                    note = f" + second kill {killed2}"
                run(binary, ["projections", "catch-up", "--quiet", "--data", store])
                note = f"killed={killed} after {delay:.3f}s batch {batch}" + note
            elif scenario == "rebuild":
                delay = rng.uniform(0.05, 0.95) * fold_seconds
                killed = kill_after(binary, ["rebuild", "--quiet", "--batch-size", batch, "--data", store], delay)
                kills += killed
                if rng.random() < 0.5:
                    out = run(binary, ["rebuild", "--json", "--quiet", "--data", store]).stdout
                    resumed = sum(1 for p in json.loads(out)["projections"] if p["resumed"])
                    note = f"killed={killed} after {delay:.3f}s; rebuild resumed {resumed} projections"
                else:
                    run(binary, ["append", "--data-dir", store], stdin=extra)
                    note = f"killed={killed} after {delay:.3f}s; resumed by an append"
            elif scenario == "midbatch":
                n = rng.randint(1, 6)
                proc = run(binary, ["projections", "catch-up", "--quiet", "--batch-size", batch, "--data", store],
                           env={"OPX_CRASHPOINT": f"projection.midBatch:{n}"}, check=False)
                died = proc.returncode in (-signal.SIGKILL, 137)
                kills += died
                run(binary, ["projections", "catch-up", "--quiet", "--data", store])
                note = f"crash point projection.midBatch:{n} reached={died}"
            else:
                delay = rng.uniform(0.005, 0.25) * min(1.0, fold_seconds)
                killed = kill_after(binary, ["append", "--data-dir", store, "--batch-size", "3"], delay, stdin=extra)
                kills += killed
                note = f"append killed={killed} after {delay:.3f}s"
            head = check_store(binary, store)
            passed += 1
            if verbose:
                print(f"  {i:3d} {scenario:9s} ok   head {head}: {note}", flush=True)
        except (Failure, subprocess.TimeoutExpired) as error:
            failed += 1
            keep = os.path.join(work, f"failed-{i}")
            shutil.copytree(store, keep)
            print(f"  {i:3d} {scenario:9s} FAIL {note}: {error}\n      store kept at {keep}", flush=True)
        finally:
            shutil.rmtree(store, ignore_errors=True)
    print(f"projections-crash: {passed} passed, {failed} failed ({kills} processes killed mid-work)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
