#!/usr/bin/env bash
# Tools/bench/server-profile.sh — where `opx serve`'s CPU goes under the server.sh load (perf record -g).
#
#   Tools/bench/server-profile.sh OPX_BINARY [--seconds S] [--route ingest|streams]
#
# Starts OPX_BINARY (a release build) on a fresh store, warms up for 3 s with wrk and Tools/bench/server.lua
# (64 connections), then records the server with `perf record -g` during S seconds (10) of load. Prints wrk's
# RESULT line, the server's CPU seconds, the webhooks per CPU-second, and perf's inclusive (children) view of
# the opx functions, demangled. Leaves perf.data in the temporary directory it names.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
opx="${1:?usage: server-profile.sh OPX_BINARY [--seconds S] [--route ingest|streams]}"; shift
seconds=10
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --route) export OPX_BENCH_ROUTE="$2"; shift 2 ;;
        *) echo "server-profile.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
command -v perf >/dev/null || { echo "server-profile.sh: needs perf (apt-get install linux-perf)" >&2; exit 1; }
work="$(mktemp -d -p "${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}" opx-server-profile.XXXXXX)"
"$opx" init --data "$work/data" >/dev/null
echo '{"server": {"rateLimit": {"requestsPerSecond": 0}}}' > "$work/data/opx.json"
export OPX_TOKEN="$("$opx" token create --data "$work/data" --scope ingest --name bench)"
"$opx" serve --data "$work/data" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")"
OPX_BENCH_RUN=1 wrk -t 2 -c 64 -d 3s -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before="$(ticks)"
OPX_BENCH_RUN=2 wrk -t 2 -c 64 -d "${seconds}s" -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" > "$work/wrk.txt" &
wrk_pid=$!
perf record -F 499 -g -p "$pid" -o "$work/perf.data" -- sleep "$((seconds - 1))" >/dev/null 2>&1 || true
wait "$wrk_pid"
cpu="$(awk -v a="$before" -v b="$(ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')"
result="$(grep '^RESULT' "$work/wrk.txt")"
echo "$result"
requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")"
awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "server CPU %.2f s, %.0f requests per CPU-second\n", c, r / c }'
echo "perf data: $work/perf.data"
perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2>/dev/null \
    | awk '/%/ && !/^#/ { c = $1; $1 = ""; $2 = ""; $3 = ""; print c, $0 }' | swift demangle --simplified \
    | grep -E 'OPX|Ingest|Correlation|Adapter|Signal|Auth|Middleware|Token|Decider|validate|Payload|JSON|EventLog|Writer|Inline|fdatasync' \
    | head -60 | cut -c1-160
