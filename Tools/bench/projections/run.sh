#!/usr/bin/env bash
# Tools/bench/projections/run.sh — projection rebuild and time-travel benchmark (issue 4), release build.
#
#   Tools/bench/projections/run.sh [--events N] [--reps R] [--keep]
#
# 1. builds ../shared/bench/lmdb_bench.c (gcc -O2 -llmdb) and opx-bench-projections (release,
#    scratch path .build-bench-projections);
# 2. generates a realistic log of N events (default 1,000,000: signals, changes, incidents and
#    investigations of ~50 events, UUIDv7 ids, one ~500-event investigation in the middle) and a
#    10,000-event log of the same shape;
# 3. the raw C baseline in the same run: lmdb_bench write + scan of N 512-byte events (opx's layout is
#    not lmdb_bench's, so its scan cannot read opx's log), and opx's own zero-copy EventLog.scan of the log;
# 4. rebuild of all built-in projections from position 1, R times (fresh process each): events/s and
#    peak resident memory (VmHWM, with its anonymous and file-backed parts). Run 1 folds into empty
#    projections; later runs first clear the previous ones (LMDB walks every page of rows that have
#    overflow pages to free them, which touches the file map once: reported apart);
# 5. time travel: the state of the long investigation at a position inside it, median of 200 in-process
#    queries, in the 10k-event and the N-event log, and their ratio.
# Prints per-run lines on stderr and a table on stdout. Environment: OPX_BENCH_TMP (default $TMPDIR or
# /tmp; must not be tmpfs), OPX_BENCH_EVENTS, OPX_BENCH_REPS.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
shared="$repo/../shared/bench"
events="${OPX_BENCH_EVENTS:-1000000}"
reps="${OPX_BENCH_REPS:-3}"
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --events) events="$2"; shift 2 ;;
        --reps) reps="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
if [ "$(stat -f -c %T "$base")" = "tmpfs" ]; then
    echo "run.sh: $base is tmpfs (fsync is free there); set OPX_BENCH_TMP to a directory on a real disk" >&2
    exit 1
fi
work="$(mktemp -d -p "$base" opx-bench-proj.XXXXXX)"
cleanup() { if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
log() { echo "$*" >&2; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

log "== building lmdb_bench (gcc -O2) and opx-bench-projections (release) =="
gcc -O2 -o "$work/lmdb_bench" "$shared/lmdb_bench.c" -llmdb
(cd "$repo" && swift build -c release --scratch-path .build-bench-projections --product opx-bench-projections >&2)
bench="$(cd "$repo" && swift build -c release --scratch-path .build-bench-projections --show-bin-path)/opx-bench-projections"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

log "== generating the $events-event log and a 10,000-event log =="
gen="$("$bench" generate "$work/log" --events "$events")"; log "   $gen"
gen10k="$("$bench" generate "$work/log10k" --events 10000)"; log "   $gen10k"
sync

log "== raw C baseline: lmdb_bench write + scan of $events 512-byte events; opx EventLog.scan of the log =="
raw_write="$("$work/lmdb_bench" write "$work/raw" "$events" 1000 sync 100 512)"; log "   $raw_write"
raw_scans=(); opx_scans=()
for _ in $(seq 1 "$reps"); do
    line="$("$work/lmdb_bench" scan "$work/raw")"; log "   $line"; raw_scans+=("$(field events_per_s "$line")")
    line="$("$bench" scan "$work/log")"; log "   $line"; opx_scans+=("$(field events_per_s "$line")")
done
rm -rf "$work/raw"

log "== rebuild of all built-in projections from position 1 ($reps runs) =="
rates=(); peaks=(); anons=(); files=()
for _ in $(seq 1 "$reps"); do
    sync
    line="$("$bench" rebuild "$work/log")"; log "   $line"
    rates+=("$(field events_per_s "$line")"); peaks+=("$(field vmhwm_kb "$line")")
    anons+=("$(field rss_anon_kb "$line")"); files+=("$(field rss_file_kb "$line")")
done

log "== time travel: the long investigation at a position inside it (projections built in both logs) =="
"$bench" rebuild "$work/log10k" >/dev/null
tt10k="$("$bench" timetravel "$work/log10k")"; log "   $tt10k"
tt="$("$bench" timetravel "$work/log")"; log "   $tt"

rate="$(median "${rates[@]}")"; peak="${peaks[0]}"; anon="${anons[0]}"; file="${files[0]}"
clear_peak="$(printf '%s\n' "${peaks[@]:1}" | sort -g | tail -1)"
raw_scan="$(median "${raw_scans[@]}")"; opx_scan="$(median "${opx_scans[@]}")"
m10k="$(field median_ms "$tt10k")"; m1m="$(field median_ms "$tt")"
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "<") ? (v < t) : (v >= t); print ok ? "PASS" : "MISS" }'; }
ratio="$(awk -v a="$m1m" -v b="$m10k" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "opx projections benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r)"
echo "log: $(field events "$gen") events, $(field investigations "$gen") investigations; median of $reps fresh-process runs"
echo "load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on these cores skew absolute figures)"
echo
printf '%-52s | %-18s | %-14s | %s\n' "figure" "value" "target" "result"
printf '%-52s | %-18s | %-14s | %s\n' "----------------------------------------------------" "------------------" "--------------" "------"
printf '%-52s | %-18s | %-14s | %s\n' "rebuild, all built-in projections" "$rate events/s" ">= 250000/s" "$(verdict "$rate" 250000 ">=")"
printf '%-52s | %-18s | %-14s | %s\n' "  raw C LMDB scan (lmdb_bench, same run)" "$raw_scan events/s" "-" "-"
printf '%-52s | %-18s | %-14s | %s\n' "  opx EventLog.scan of the same log" "$opx_scan events/s" "-" "-"
printf '%-52s | %-18s | %-14s | %s\n' "rebuild peak resident memory (VmHWM), run 1" "$(mb "$peak") MB" "< 300 MB" "$(verdict "$(mb "$peak")" 300 "<")"
printf '%-52s | %-18s | %-14s | %s\n' "  of which anonymous / file-backed at the end" "$(mb "$anon") / $(mb "$file") MB" "-" "-"
[ -n "$clear_peak" ] && printf '%-52s | %-18s | %-14s | %s\n' "  clear + refold (runs 2+), peak incl. the clear" "$(mb "$clear_peak") MB" "-" "-"
printf '%-52s | %-18s | %-14s | %s\n' "time travel, $(field investigation_events "$tt")-event investigation, N-event log" "$m1m ms" "< 5 ms" "$(verdict "$m1m" 5 "<")"
printf '%-52s | %-18s | %-14s | %s\n' "time travel, same query shape, 10k-event log" "$m10k ms" "-" "-"
printf '%-52s | %-18s | %-14s | %s\n' "time travel ratio N-event / 10k-event log" "$ratio" "<= 1.5" "$(verdict 1.5 "$ratio" ">=")"
echo
echo "rebuild runs (events/s): ${rates[*]}; peak RSS (kB): ${peaks[*]}"
echo "raw C write of the baseline log: $(field events_per_s "$raw_write") events/s"
