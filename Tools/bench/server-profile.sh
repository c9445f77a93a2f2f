#!/usr/bin/env bash
# Tools/bench/server-profile.sh — where `opx serve`'s CPU goes under the server.sh load (perf record -g).
#
#   Tools/bench/server-profile.sh OPX_BINARY [--seconds S] [--route ingest|streams] [--starts fixed|now] [--no-perf]
#
# Starts OPX_BINARY (a release build) on a fresh store, warms up for 3 s with wrk and Tools/bench/server.lua
# (64 connections), then records the server with `perf record -g` during S seconds (10) of load. Prints wrk's
# RESULT line, the server's CPU seconds, the webhooks per CPU-second, the bytes it wrote per request (`wchar`),
# the writer's commits during the load (from /metrics: time busy committing, ms per commit, appends and requests
# per commit), the thread switches per request (voluntary and involuntary context switches of all the server's
# threads: a thread that sleeps waiting for work counts one; a hand-off to a busy thread counts none), the server's
# own request durations (its request log's `duration_ms`: p50/p99/p99.9/max, beside wrk's: the gap is time outside
# the handler), the ingest waits and the
# writer's histograms (mean, 99 % and 99.9 % bucket bounds), and perf's
# inclusive (children) view of the opx functions, demangled. Leaves perf.data in the temporary directory it names.
# --no-perf skips perf (the figures without its overhead).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
opx="${1:?usage: server-profile.sh OPX_BINARY [--seconds S] [--route ingest|streams]}"; shift
seconds=10; perf=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --route) export OPX_BENCH_ROUTE="$2"; shift 2 ;;
        --starts) export OPX_BENCH_STARTS="$2"; shift 2 ;;
        --no-perf) perf=0; shift ;;
        *) echo "server-profile.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ "$perf" = 0 ] || command -v perf >/dev/null || { echo "server-profile.sh: needs perf (apt-get install linux-perf)" >&2; exit 1; }
work="$(mktemp -d -p "${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}" opx-server-profile.XXXXXX)"
"$opx" init --data "$work/data" >/dev/null
echo '{"server": {"rateLimit": {"requestsPerSecond": 0}}}' > "$work/data/opx.json"
export OPX_TOKEN="$("$opx" token create --data "$work/data" --scope ingest --name bench)"
admin="$("$opx" token create --data "$work/data" --scope read --name metrics)"
"$opx" serve --data "$work/data" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
pid=$!
# Without perf there is nothing to keep: the store goes too.
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [ "$perf" = 1 ] || rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")"
OPX_BENCH_RUN=1 wrk -t 2 -c 64 -d 3s -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
wchar() { awk '/^wchar/ {print $2}' "/proc/$pid/io"; }
metrics() { curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/metrics" > "$1"; }
# Context switches of all the server's threads (voluntary, involuntary).
switches() { cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt/ {v += $2} /^nonvoluntary_ctxt/ {n += $2} END {print v, n}'; }
metrics "$work/metrics.before"
log_lines="$(wc -l < "$work/serve.log")"
read -r voluntary involuntary <<<"$(switches)"
before="$(ticks)"; written="$(wchar)"
OPX_BENCH_RUN=2 wrk -t 2 -c 64 -d "${seconds}s" -s "$repo/Tools/bench/server.lua" "http://127.0.0.1:$port" > "$work/wrk.txt" &
wrk_pid=$!
if [ "$perf" = 1 ]; then perf record -F 499 -g -p "$pid" -o "$work/perf.data" -- sleep "$((seconds - 1))" >/dev/null 2>&1 || true; fi
wait "$wrk_pid"
cpu="$(awk -v a="$before" -v b="$(ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')"
written="$(( $(wchar) - written ))"
read -r voluntary2 involuntary2 <<<"$(switches)"
metrics "$work/metrics.after"
result="$(grep '^RESULT' "$work/wrk.txt")"
echo "$result"
requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")"
awk -v r="$requests" -v c="$cpu" -v w="$written" 'BEGIN { printf "server CPU %.2f s, %.0f requests per CPU-second (%.3f ms each), %.1f kB written per request\n", c, r / c, 1000 * c / r, w / r / 1000 }'
awk -v v="$((voluntary2 - voluntary))" -v n="$((involuntary2 - involuntary))" -v r="$requests" 'BEGIN {
    printf "thread switches: %.1f voluntary and %.1f involuntary per request\n", v / r, n / r }'
tail -n +"$((log_lines + 1))" "$work/serve.log" | sed -n 's/.*"duration_ms":"\{0,1\}\([0-9.]*\).*/\1/p' | sort -g | awk '
    { d[NR] = $1 } END { if (NR) printf "in-server duration p50/p99/p99.9/max: %.1f/%.1f/%.1f/%.1f ms (%d requests)\n",
        d[int(NR * 0.5) + 1], d[int(NR * 0.99) + 1], d[int(NR * 0.999) + 1], d[NR], NR }'
value() { awk -v k="$1" '$1 == k {print $2}' "$work/metrics.$2"; }
awk -v c1="$(value opx_writer_commits before)" -v c2="$(value opx_writer_commits after)" -v j1="$(value opx_writer_jobs before)" \
    -v j2="$(value opx_writer_jobs after)" -v s1="$(value opx_writer_commit_seconds_sum before)" \
    -v s2="$(value opx_writer_commit_seconds_sum after)" -v r="$requests" -v d="$seconds" 'BEGIN {
    printf "writer: %d commits, busy %.0f %% of the time, %.2f ms per commit, %.1f appends and %.1f requests per commit\n",
        c2 - c1, 100 * (s2 - s1) / d, 1000 * (s2 - s1) / (c2 - c1), (j2 - j1) / (c2 - c1), r / (c2 - c1) }'
# A histogram's change during the load: mean, and the bucket bound holding 99 % of the observations (and 99.9 %).
#   histogram TITLE METRIC [LABEL] [SCALE UNIT]   (SCALE 1000 and "ms" by default: seconds shown in ms)
histogram() {
    cat "$work/metrics.before" "$work/metrics.after" | awk -v m="$2" -v p="${3:-}" -v title="$1" -v scale="${4:-1000}" -v unit="${5:-ms}" '
        (index($0, m "_bucket") == 1 || index($0, m "_sum") == 1 || index($0, m "_count") == 1) && index($0, p) {
            key = $1; sub(/ [^ ]*$/, "", key)
            if (seen[key]++) after[key] = $2; else before[key] = $2; names[key] = 1
        }
        END {
            for (k in names) {
                d = after[k] - before[k]
                if (k ~ /_count/) count = d; else if (k ~ /_sum/) sum = d
                else if (match(k, /le="[^"]*"/)) { le = substr(k, RSTART + 4, RLENGTH - 5); if (le != "+Inf") { n++; bound[n] = le + 0; cum[n] = d } }
            }
            if (count == 0) exit
            for (q = 1; q <= 2; q++) {
                f = q == 1 ? 0.99 : 0.999; best = -1
                for (i = 1; i <= n; i++) if (cum[i] >= f * count && (best < 0 || bound[i] < best)) best = bound[i]
                tail[q] = best < 0 ? "> max" : "<= " scale * best " " unit
            }
            printf "%-28s mean %8.2f %s, 99 %% %s, 99.9 %% %s (%d)\n", title, scale * sum / count, unit, tail[1], tail[2], count
        }'
}
# Ingest requests' waits (opx_ingest_wait_seconds) per phase, then the writer's per job and per group commit.
for phase in correlation order commit resume; do histogram "ingest wait $phase" opx_ingest_wait_seconds "phase=\"$phase\""; done
histogram "writer job queue" opx_writer_job_queue_seconds
histogram "writer job commit" opx_writer_job_commit_seconds
histogram "writer job resume" opx_writer_job_resume_seconds
histogram "writer transaction" opx_writer_transaction_seconds
histogram "writer sync (mdb_txn_commit)" opx_writer_sync_seconds
histogram "writer group jobs" opx_writer_group_jobs "" 1 jobs
histogram "writer group bytes" opx_writer_group_bytes "" 0.001 kB
[ "$perf" = 1 ] || exit 0
echo "perf data: $work/perf.data"
perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2>/dev/null \
    | awk '/%/ && !/^#/ { c = $1; $1 = ""; $2 = ""; $3 = ""; print c, $0 }' | swift demangle --simplified \
    | grep -E 'OPX|Ingest|Correlation|Adapter|Signal|Auth|Middleware|Token|Decider|validate|Payload|JSON|EventLog|Writer|Inline|fdatasync' \
    | head -60 | cut -c1-160
