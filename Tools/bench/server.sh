#!/usr/bin/env bash
# Tools/bench/server.sh — load benchmark of `opx serve` over loopback, beside the raw LMDB baseline (same run, same disk).
#
#   Tools/bench/server.sh [--seconds S] [--connections C] [--threads T] [--route ingest|streams] [--starts fixed|now]
#
# Builds opx (release, in .build-bench like append.sh) and ../shared/bench/lmdb_bench.c (gcc -O2), starts
# `opx serve` on a fresh store,
# and runs wrk with Tools/bench/server.lua: Alertmanager webhooks of 5 distinct alerts each, C connections
# (64), for S seconds (20) after a 3 s warm-up. Every 2xx is answered after a durable commit. Prints
# webhooks/s, signals/s, p50/p99 latency, non-2xx answers, and the raw C LMDB figure for durable commits
# of 5 events (one webhook's signals) and of 1,000 events, with the ratios. Installs wrk when missing.
# --route streams posts the same 5 signals to POST /v1/streams/{stream} (no adapter, no correlation).
# --starts now gives every alert its own start time in the current second, as live alerts have (default fixed: all
# alerts start at one instant, the worst case for ingest's time-ordered event ids).
#
# Environment: OPX_BENCH_TMP (where the store goes; default $TMPDIR or /tmp; not tmpfs); OPX_BENCH_BIN (an opx binary
# to measure instead of building this checkout, e.g. an older commit's for a before/after comparison).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds=20; connections=64; threads=2
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --route) export OPX_BENCH_ROUTE="$2"; shift 2 ;;
        --starts) export OPX_BENCH_STARTS="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "server.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

command -v wrk >/dev/null || { apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }; }
base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
if [ "$(stat -f -c %T "$base")" = "tmpfs" ]; then
    echo "server.sh: $base is tmpfs: fsync costs nothing there; set OPX_BENCH_TMP to a directory on a real disk" >&2
    exit 1
fi
work="$(mktemp -d -p "$base" opx-server-bench.XXXXXX)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== building opx (release) and lmdb_bench ==" >&2
if [ -n "${OPX_BENCH_BIN:-}" ]; then
    opx="$OPX_BENCH_BIN"
else
    (cd "$repo" && swift build -c release --scratch-path .build-bench --product opx >&2)
    opx="$repo/.build-bench/release/opx"
fi
gcc -O2 -o "$work/lmdb_bench" "$repo/../shared/bench/lmdb_bench.c" -llmdb

echo "== raw LMDB baseline: durable commits of 5 and of 1,000 events (512 B, stream index) ==" >&2
raw5="$("$work/lmdb_bench" write "$work/raw5" 20000 5 sync 100 512 10)"
raw1000="$("$work/lmdb_bench" write "$work/raw1000" 200000 1000 sync 100 512)"
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "== opx serve ==" >&2
"$opx" init --data "$work/data" >/dev/null
# One token sends everything: its rate limit is off (the default, 1,000 requests/s per token, would answer 429).
echo '{"server": {"rateLimit": {"requestsPerSecond": 0}}}' > "$work/data/opx.json"
export OPX_TOKEN="$("$opx" token create --data "$work/data" --scope ingest --name bench)"
"$opx" serve --data "$work/data" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")"
[ -n "$port" ] || { echo "server.sh: opx serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

OPX_BENCH_RUN=1 wrk -t "$threads" -c "$connections" -d 3s -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" >/dev/null
result="$(OPX_BENCH_RUN=2 wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" | grep '^RESULT')"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
signals="$("$opx" read --data "$work/data" --json --limit 100000000 | grep -c '"type":"dev.opx.signal.ingested"' || true)"

python3 - "$result" "$raw5" "$raw1000" "$signals" "$connections" <<'PY'
import re, sys
def kv(line): return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9]+(?:\.[0-9]+)?)(?=\s|$)", line)}
r, raw5, raw1000, signals, conns = kv(sys.argv[1]), kv(sys.argv[2]), kv(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
seconds = r["duration_us"] / 1e6
webhooks = (r["requests"] - r["non2xx"]) / seconds
raw5_commits = raw5["events_per_s"] / 5 if "events_per_s" in raw5 else float("nan")
import os
what = "appends of 5 signal.ingested events (POST /v1/streams)" if os.environ.get("OPX_BENCH_ROUTE") == "streams" else "Alertmanager webhooks of 5 alerts"
if os.environ.get("OPX_BENCH_STARTS") == "now": what += " starting now"
print(f"opx serve, {what}, {conns} connections, {seconds:.1f} s:")
print(f"  webhooks/s      {webhooks:10.0f}   (target >= 3000)")
print(f"  signals/s       {webhooks * 5:10.0f}   (target >= 15000)")
print(f"  p50 / p99       {r['p50_us'] / 1000:7.2f} / {r['p99_us'] / 1000:.2f} ms   (target p99 < 50 ms)")
print(f"  load average    {open('/proc/loadavg').read().split()[0]} (at the end of the run)")
print(f"  non-2xx         {int(r['non2xx'])}, socket errors {int(r['socket_errors'])}; signals in the log {signals}")
print("raw C LMDB, same disk, durable (sync) commits, 512 B events with stream index:")
print(f"  5 events/commit     {raw5.get('events_per_s', 0):10.0f} events/s = {raw5_commits:.0f} commits/s  -> opx webhooks/s ratio {webhooks / raw5_commits:.2f}")
print(f"  1000 events/commit  {raw1000.get('events_per_s', 0):10.0f} events/s  -> opx signals/s ratio {webhooks * 5 / raw1000.get('events_per_s', 1):.3f}")
PY
