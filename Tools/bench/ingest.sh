#!/usr/bin/env bash
# Tools/bench/ingest.sh — `opx ingest` throughput for a file of Alertmanager webhooks, beside `opx append`
# of the same signals in the same run (the log's own cost), on the same disk.
#
#   Tools/bench/ingest.sh [--reps N] [--webhooks N] [--concurrency N] [--keep]
#
# Builds opx (release, scratch path .build-bench). Each repetition (default 3) runs, each in a fresh
# process and a fresh store:
#   ingest  `opx ingest --adapter alertmanager --lines --concurrency C` over N webhooks of 5 alerts
#           (parse, adapter, idempotency look-up, durable append, correlation with its decisions);
#   append  `opx append --batch-size 5 --concurrency C` of the same alerts as ready-made signal.ingested
#           events, one batch per webhook (validation and durable append only).
# Prints medians of webhooks/s and signals/s and the ratio ingest / append (1.0 = ingest costs nothing
# beyond the append). Environment: OPX_BENCH_TMP (not tmpfs), OPX_BENCH_REPS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reps="${OPX_BENCH_REPS:-3}"
webhooks=4000
concurrency=64
alerts=5
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --reps) reps="$2"; shift 2 ;;
        --webhooks) webhooks="$2"; shift 2 ;;
        --concurrency) concurrency="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "ingest.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
mkdir -p "$base"
if [ "$(stat -f -c %T "$base")" = "tmpfs" ]; then
    echo "ingest.sh: $base is tmpfs: fsync costs nothing there; set OPX_BENCH_TMP to a directory on a real disk" >&2
    exit 1
fi
work="$(mktemp -d -p "$base" opx-bench-ingest.XXXXXX)"
cleanup() { if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
log() { echo "$*" >&2; }

log "== building opx (release) =="
(cd "$repo" && swift build -c release --scratch-path .build-bench --product opx >&2)
opx="$(cd "$repo" && swift build -c release --scratch-path .build-bench --show-bin-path)/opx"

python3 "$repo/Tools/bench/ingest_payloads.py" "$work/webhooks.ndjson" "$work/events.ndjson" "$webhooks" "$alerts"
signals=$((webhooks * alerts))
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) printf "%.1f", v[(NR+1)/2]; else printf "%.1f", (v[NR/2]+v[NR/2+1])/2}'; }
seconds() {  # seconds COMMAND...: wall-clock seconds of one run
    local start end
    start="$(date +%s.%N)"
    "$@" >/dev/null
    end="$(date +%s.%N)"
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

ingest_rates=(); append_rates=(); ratios=()
log "== $webhooks webhooks x $alerts alerts, concurrency $concurrency, median of $reps; dirs in $work =="
for rep in $(seq 1 "$reps"); do
    rm -rf "$work/ingest" "$work/append"; sync
    "$opx" init --data "$work/ingest" >/dev/null
    t_ingest="$(seconds "$opx" ingest --data "$work/ingest" --adapter alertmanager --lines --concurrency "$concurrency" "$work/webhooks.ndjson")"
    sync
    "$opx" init --data "$work/append" >/dev/null
    t_append="$(seconds "$opx" append --data-dir "$work/append" --batch-size "$alerts" --concurrency "$concurrency" <"$work/events.ndjson")"
    got="$("$opx" read --data "$work/ingest" --json --limit 1000000 | grep -c '"dev.opx.signal.ingested"')"
    [ "$got" = "$signals" ] || { echo "ingest.sh: $got signals ingested, expected $signals" >&2; exit 1; }
    ingest_rates+=("$(awk -v n="$webhooks" -v t="$t_ingest" 'BEGIN { printf "%.1f", n / t }')")
    append_rates+=("$(awk -v n="$webhooks" -v t="$t_append" 'BEGIN { printf "%.1f", n / t }')")
    ratios+=("$(awk -v a="$t_append" -v b="$t_ingest" 'BEGIN { printf "%.3f", a / b }')")
    log "   rep $rep: ingest ${t_ingest}s, append ${t_append}s"
done
incidents="$("$opx" candidates --data "$work/ingest" --incidents --json | grep -vc '"status":"candidate"' || true)"
wi="$(median "${ingest_rates[@]}")"; wa="$(median "${append_rates[@]}")"
echo "commit $(cd "$repo" && git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %12s %12s\n' "" "webhooks/s" "signals/s"
printf '%-8s %12s %12s\n' ingest "$wi" "$(awk -v w="$wi" -v a="$alerts" 'BEGIN { printf "%.0f", w * a }')"
printf '%-8s %12s %12s\n' append "$wa" "$(awk -v w="$wa" -v a="$alerts" 'BEGIN { printf "%.0f", w * a }')"
echo "ratio ingest/append (median of per-rep ratios): $(median "${ratios[@]}" | awk '{ printf "%.2f", $1 }')  [${ratios[*]}]"
echo "incidents opened by correlation in the last run: $incidents"
