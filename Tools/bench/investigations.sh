#!/usr/bin/env bash
# Investigation engine benchmark (issue 7): 2,000 investigations with no-op agents on a durable log, beside the
# raw append benchmark (opx-bench concurrent, figure a of append.sh) measured in the same run on the same disk.
#
# Usage: Tools/bench/investigations.sh [--reps N]
# Environment:
#   OPX_BENCH_TMP                 where the fresh directories go (default: $TMPDIR or /tmp; must not be tmpfs)
#   OPX_BENCH_INVESTIGATIONS      investigations in the throughput run (2000)
#   OPX_BENCH_INV_CONCURRENCY     investigations in flight (64)
#   OPX_BENCH_INV_SEQUENTIAL      investigations run one at a time for the overhead figure (200)
#   OPX_BENCH_INV_COMPARE         another opx-bench-investigations binary (say, main's) run right after in each
#                                 repetition, so a change is compared with its baseline under the same load
# Prints per-run lines on stderr, then a table of medians: investigations/s (target ≥ 1,000), events/s and its
# ratio to the raw append events/s of the same repetition, and the median engine overhead of one investigation
# run alone (target < 5 ms; it includes the fsyncs of its durable steps).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps="${OPX_BENCH_REPS:-3}"
if [ "${1:-}" = "--reps" ]; then reps="$2"; fi
base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
if [ "$(stat -f -c %T "$base")" = "tmpfs" ]; then
    echo "investigations.sh: $base is tmpfs: fsync costs nothing there; set OPX_BENCH_TMP to a directory on a real disk" >&2
    exit 1
fi
work="$(mktemp -d -p "$base" opx-bench-inv.XXXXXX)"
trap 'rm -rf "$work"' EXIT
echo "investigations.sh: building release binaries (.build-bench)" >&2
(cd "$root" && swift build -c release --scratch-path .build-bench --product opx-bench-investigations >&2 \
    && swift build -c release --scratch-path .build-bench --product opx-bench >&2)
bin="$root/.build-bench/release"
fixtures="$root/Tests/OPXEventsTests/Fixtures/valid/agents"
echo "investigations.sh: commit $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

value() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p" <<<" $2"; }
declare -a inv_s ev_s append_s ratio p50 per_inv appends cpu seq_commit seq_cpu base_inv base_p50
investigate() {
    "$1" "$2" "$fixtures" --investigations "${OPX_BENCH_INVESTIGATIONS:-2000}" \
        --concurrency "${OPX_BENCH_INV_CONCURRENCY:-64}" --sequential "${OPX_BENCH_INV_SEQUENTIAL:-200}"
    rm -rf "$2"; sync
}
for rep in $(seq 1 "$reps"); do
    append=$("$bin/opx-bench" concurrent "$work/append-$rep" --events 20000 --tasks 64)
    rm -rf "$work/append-$rep"; sync
    echo "rep $rep append: $append" >&2
    run=$(investigate "$bin/opx-bench-investigations" "$work/inv-$rep")
    echo "rep $rep investigations: $run" >&2
    if [ -n "${OPX_BENCH_INV_COMPARE:-}" ]; then
        base=$(investigate "$OPX_BENCH_INV_COMPARE" "$work/base-$rep")
        echo "rep $rep baseline ($OPX_BENCH_INV_COMPARE): $base" >&2
        base_inv+=("$(value investigations_per_s "$base")"); base_p50+=("$(value overhead_p50_ms "$base")")
    fi
    a=$(value events_per_s "$append"); e=$(value events_per_s "$run")
    inv_s+=("$(value investigations_per_s "$run")"); ev_s+=("$e"); append_s+=("$a")
    ratio+=("$(awk -v e="$e" -v a="$a" 'BEGIN { printf "%.3f", e / a }')"); p50+=("$(value overhead_p50_ms "$run")")
    per_inv+=("$(value events_per_investigation "$run")"); appends+=("$(value appends_per_investigation "$run")")
    cpu+=("$(value cpu_ms_per_investigation "$run")"); seq_commit+=("$(value sequential_commit_ms_per_investigation "$run")")
    seq_cpu+=("$(value sequential_cpu_ms_per_investigation "$run")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
m_inv=$(median "${inv_s[@]}"); m_p50=$(median "${p50[@]}")
printf '%-44s %14s %10s %s\n' "figure (median of $reps)" "value" "target" "result"
printf '%-44s %14s %10s %s\n' "investigations/s (2,000, 64 in flight)" "$m_inv" "≥ 1000" "$(awk -v v="$m_inv" 'BEGIN { print (v >= 1000 ? "PASS" : "MISS") }')"
printf '%-44s %14s\n' "events/s in investigations" "$(median "${ev_s[@]}")"
printf '%-44s %14s\n' "raw append events/s (opx-bench concurrent)" "$(median "${append_s[@]}")"
printf '%-44s %14s\n' "ratio investigation events/s / raw append" "$(median "${ratio[@]}")"
printf '%-44s %14s\n' "events per investigation" "$(median "${per_inv[@]}")"
printf '%-44s %14s\n' "durable appends per investigation (alone)" "$(median "${appends[@]}")"
printf '%-44s %14s %10s %s\n' "engine overhead p50, one at a time (ms)" "$m_p50" "< 5" "$(awk -v v="$m_p50" 'BEGIN { print (v < 5 ? "PASS" : "MISS") }')"
printf '%-44s %14s\n' "CPU ms per investigation (64 in flight)" "$(median "${cpu[@]}")"
printf '%-44s %14s\n' "one at a time: commit ms per investigation" "$(median "${seq_commit[@]}")"
printf '%-44s %14s\n' "one at a time: CPU ms per investigation" "$(median "${seq_cpu[@]}")"
if [ -n "${OPX_BENCH_INV_COMPARE:-}" ]; then
    printf '%-44s %14s\n' "baseline investigations/s (same reps)" "$(median "${base_inv[@]}")"
    printf '%-44s %14s\n' "baseline overhead p50 (ms)" "$(median "${base_p50[@]}")"
fi
