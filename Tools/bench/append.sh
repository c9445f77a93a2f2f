#!/usr/bin/env bash
# Tools/bench/append.sh — opx event-log throughput against the raw C LMDB baseline, same run, same disk.
#
#   Tools/bench/append.sh [--reps N] [--quick] [--keep]
#
# Builds ../shared/bench/lmdb_bench.c (gcc -O2 -llmdb) and opx-bench (release, scratch path
# .build-bench), then runs each figure N times (default 3) — every run a fresh process and,
# for writes, a fresh directory — interleaving raw C (both index layouts) and opx, and prints the
# median of each figure and the ratio opx / raw C (the faster raw layout). See Tools/bench/README.md.
#
# Environment (all optional):
#   OPX_BENCH_TMP       where the fresh directories go (default: $TMPDIR or /tmp; must not be tmpfs)
#   OPX_BENCH_REPS      repetitions per figure (default 3; --reps wins)
#   OPX_BENCH_RSS=0     same as --quick: skip figure f (peak RSS over 1,000,000 appended events:
#                       about 30 s and 1 GB of disk per repetition on a 2-core VM; --full forces it on)
#   OPX_BENCH_N_CONCURRENT / _N_BULK / _N_SINGLE / _N_RSS   event counts (20000 / 200000 / 3000 / 1000000)
#   OPX_BENCH_TASKS     concurrent appenders in figure a (64)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="$repo/../shared/bench"
reps="${OPX_BENCH_REPS:-3}"
run_rss="${OPX_BENCH_RSS:-1}"
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --reps) reps="$2"; shift 2 ;;
        --full) run_rss=1; shift ;;
        --quick) run_rss=0; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "append.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done

STREAMS=100
BYTES=512
TASKS="${OPX_BENCH_TASKS:-64}"
N_CONC="${OPX_BENCH_N_CONCURRENT:-20000}"
N_BULK="${OPX_BENCH_N_BULK:-200000}"
N_SINGLE="${OPX_BENCH_N_SINGLE:-3000}"
N_RSS="${OPX_BENCH_N_RSS:-1000000}"

base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
mkdir -p "$base"
if [ "$(stat -f -c %T "$base")" = "tmpfs" ]; then
    echo "append.sh: $base is tmpfs: fsync costs nothing there; set OPX_BENCH_TMP to a directory on a real disk" >&2
    exit 1
fi
work="$(mktemp -d -p "$base" opx-bench.XXXXXX)"
cleanup() { if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

log() { echo "$*" >&2; }

# --- 1. build ------------------------------------------------------------------------------------
log "== building lmdb_bench (gcc -O2) and opx-bench (release) =="
gcc -O2 -o "$work/lmdb_bench" "$shared/lmdb_bench.c" -llmdb
raw="$work/lmdb_bench"
(cd "$repo" && swift build -c release --scratch-path .build-bench --product opx-bench >&2)
opx="$(cd "$repo" && swift build -c release --scratch-path .build-bench --show-bin-path)/opx-bench"
[ -x "$opx" ] || { echo "append.sh: $opx was not built" >&2; exit 1; }

# --- helpers -------------------------------------------------------------------------------------
# field NAME LINE: the value of NAME=... in a key=value line
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2"; }
# median of the arguments (mean of the two middle ones for an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) printf "%.0f", v[(NR+1)/2]; else printf "%.0f", (v[NR/2]+v[NR/2+1])/2}'; }
# run_raw LAYOUT ARGS...: one lmdb_bench run with LMDB_BENCH_LAYOUT=LAYOUT; prints its line
run_raw() { local layout="$1"; shift; LMDB_BENCH_LAYOUT="$layout" "$raw" "$@"; }
fresh() { rm -rf "$1"; sync; }   # drop a directory and flush, so the next run starts from a quiet disk

declare -A MED   # MED[figure.side] = median
declare -A ALL   # space-separated per-rep values

record() {  # record KEY LINE: append events_per_s (or vmhwm) of LINE to ALL[KEY]
    local key="$1" line="$2" value
    value="$(field "${3:-events_per_s}" "$line")"
    [ -n "$value" ] || { echo "append.sh: no ${3:-events_per_s} in: $line" >&2; exit 1; }
    ALL[$key]="${ALL[$key]:-} $value"
    [ -n "${QUIET:-}" ] || log "   $line"
}
finish() {  # finish KEY...: compute medians
    local key
    for key in "$@"; do
        # shellcheck disable=SC2086
        MED[$key]="$(median ${ALL[$key]})"
    done
}

# write_figure NAME N RAW_BATCH OPX_COMMAND...: interleaved raw composite / raw dupsort / opx runs
write_figure() {
    local name="$1" n="$2" batch="$3"; shift 3
    local rep
    for rep in $(seq 1 "$reps"); do
        fresh "$work/raw-c"; fresh "$work/raw-d"; fresh "$work/opx-$name"
        line="$(run_raw composite write "$work/raw-c" "$n" "$batch" sync "$STREAMS" "$BYTES")"
        record "$name.rawc" "$line"; QUIET=1 record "$name.rawc.wb" "$line" written_bytes_per_event
        line="$(run_raw dupsort write "$work/raw-d" "$n" "$batch" sync "$STREAMS" "$BYTES")"
        record "$name.rawd" "$line"; QUIET=1 record "$name.rawd.wb" "$line" written_bytes_per_event
        line="$("$opx" "$@" "$work/opx-$name" --events "$n" --streams "$STREAMS" --bytes "$BYTES" \
            $( [ "$1" = concurrent ] && echo --tasks "$TASKS" ) )"
        record "$name.opx" "$line"; QUIET=1 record "$name.opx.wb" "$line" written_bytes_per_event
        QUIET=1 record "$name.opx.apc" "$line" appends_per_commit
    done
    finish "$name.rawc" "$name.rawd" "$name.opx" "$name.rawc.wb" "$name.rawd.wb" "$name.opx.wb" "$name.opx.apc"
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
io_pressure() { [ -r /proc/pressure/io ] && awk '/^some/ { sub("avg10=", "", $2); printf "%s %%", $2 }' /proc/pressure/io || echo "n/a"; }
io_start="$(io_pressure)"
sync
log "== workload: $BYTES-byte canonical JSON payloads, $STREAMS streams, median of $reps; dirs in $work =="

# --- a. concurrent appenders, one event per append ----------------------------------------------
log "-- a. $TASKS concurrent appenders x 1 event/append, $N_CONC events (raw C: commit every $TASKS events)"
write_figure a "$N_CONC" "$TASKS" concurrent

# --- c. one appender, one event per append --------------------------------------------------------
log "-- c. one appender x 1 event/append, $N_SINGLE events (raw C: batch 1)"
write_figure c "$N_SINGLE" 1 append --batch 1

# --- b. bulk, 1,000-event batches (its last repetition's logs feed d and e) ----------------------
log "-- b. one appender x 1000-event batches, $N_BULK events (raw C: batch 1000)"
write_figure b "$N_BULK" 1000 append --batch 1000
rm -rf "$work/opx-a" "$work/opx-c"

# --- d. full scan; e. verify ---------------------------------------------------------------------
log "-- d. full scan of the $N_BULK-event logs written by b (warm page cache for all three)"
for rep in $(seq 1 "$reps"); do
    record d.rawc "$(run_raw composite scan "$work/raw-c")"
    record d.rawd "$(run_raw dupsort scan "$work/raw-d")"
    record d.opx "$("$opx" scan "$work/opx-b")"
done
finish d.rawc d.rawd d.opx
log "-- e. verify of the same opx log"
for rep in $(seq 1 "$reps"); do
    record e.opx "$("$opx" verify "$work/opx-b")"
done
finish e.opx
fresh "$work/raw-c"; fresh "$work/raw-d"; fresh "$work/opx-b"

# --- f. peak RSS while appending 1,000,000 events --------------------------------------------------
if [ "$run_rss" = 1 ]; then
    log "-- f. peak RSS (VmHWM) appending $N_RSS events in 1000-event batches"
    have_time=0; [ -x /usr/bin/time ] && have_time=1
    for rep in $(seq 1 "$reps"); do
        if [ "$have_time" = 1 ]; then   # raw C reference: its peak RSS (GNU time %M) on the same 1M-event workload
            for layout in composite dupsort; do
                fresh "$work/raw-f"
                line="$( { LMDB_BENCH_LAYOUT=$layout /usr/bin/time -f "maxrss_kb=%M" "$raw" write "$work/raw-f" "$N_RSS" 1000 sync "$STREAMS" "$BYTES"; } 2>&1 )"
                record "f.raw$layout" "$(tr '\n' ' ' <<<"$line")" maxrss_kb
            done
        fi
        fresh "$work/raw-f"; fresh "$work/opx-f"
        line="$("$opx" append "$work/opx-f" --events "$N_RSS" --batch 1000 --streams "$STREAMS" --bytes "$BYTES")"
        record f.opx "$line" vmhwm_kb
        QUIET=1 record f.rate "$line"
        QUIET=1 record f.anon "$line" rss_anon_kb
    done
    fresh "$work/opx-f"
    finish f.opx f.rate f.anon
    [ "$have_time" = 1 ] && finish f.rawcomposite f.rawdupsort
fi

# --- table ---------------------------------------------------------------------------------------
best() {  # best FIG: "value layout" of the faster raw layout
    local c="${MED[$1.rawc]}" d="${MED[$1.rawd]}"
    if [ "$c" -ge "$d" ]; then echo "$c composite"; else echo "$d dupsort"; fi
}
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "<") ? (v < t) : (v >= t); print ok ? "PASS" : "MISS" }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }

rows=()
row() { rows+=("$(printf '%-44s | %-24s | %-14s | %-6s | %-12s | %s' "$@")"); }
# ratio FIG LAYOUT: median over repetitions of opx_i / raw_i (raw C with LAYOUT in the same repetition)
rep_ratio() {
    local fig="$1" side="$2"
    # shellcheck disable=SC2086
    paste <(printf '%s\n' ${ALL[$fig.opx]}) <(printf '%s\n' ${ALL[$fig.$side]}) \
        | awk '{ print 100 * $1 / $2 }' | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.0f", v[(NR + 1) / 2]; else printf "%.0f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# spread FIG SIDE: max/min of the per-run values (a disk shared with other jobs shows up here)
spread() { printf '%s\n' ${ALL[$1.$2]} | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f", hi / lo }'; }
unstable=()
ratio_row() {  # ratio_row FIG LABEL TARGET_PCT
    local fig="$1" label="$2" target="$3" b v l r side s
    b="$(best "$fig")"; v="${b% *}"; l="${b#* }"
    side=rawc; [ "$l" = dupsort ] && side=rawd
    r="$(rep_ratio "$fig" "$side")"
    for s in "$side" opx; do
        if awk -v x="$(spread "$fig" "$s")" 'BEGIN { exit !(x > 1.5) }'; then unstable+=("$fig.$s (max/min $(spread "$fig" "$s"))"); fi
    done
    row "$label" "$v/s ($l)" "${MED[$fig.opx]}/s" "$r %" ">= $target %" "$(verdict "$r" "$target" ">=")"
}

row "figure" "raw C (faster layout)" "opx" "ratio" "target" "result"
row "--------------------------------------------" "------------------------" "--------------" "------" "------------" "------"
ratio_row a "a. $TASKS appenders, 1 event/append (group)" 60
ratio_row b "b. bulk, 1000-event batches" 70
ratio_row c "c. 1 appender, 1 event/append" 90
ratio_row d "d. full scan, every payload byte" 25
sb="$(best d)"
row "e. verify (raw: full scan, for scale)" "${sb% *}/s (scan)" "${MED[e.opx]}/s" "$(pct "${MED[e.opx]}" "${sb% *}") %" ">= 400000/s" \
    "$(verdict "${MED[e.opx]}" 400000 ">=")"
if [ "$run_rss" = 1 ]; then
    mb="$(awk -v k="${MED[f.opx]}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')"
    rawf="-"
    if [ -n "${MED[f.rawcomposite]:-}" ]; then
        lo="$(printf '%s\n' "${MED[f.rawcomposite]}" "${MED[f.rawdupsort]}" | sort -g | head -1)"
        rawf="$(awk -v k="$lo" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }') ($( [ "$lo" = "${MED[f.rawcomposite]}" ] && echo composite || echo dupsort))"
    fi
    row "f. peak RSS (VmHWM), $((N_RSS / 1000))k events" "$rawf" "$mb MB" "-" "< 150 MB" "$(verdict "$mb" 150 "<")"
else
    row "f. peak RSS (VmHWM), $((N_RSS / 1000))k events" "-" "(skipped)" "-" "< 150 MB" "-"
fi

echo
echo "opx vs raw LMDB (C), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), lmdb $(field lib "$(run_raw composite write "$work/v" 1 1 nosync 1 64)")"
echo "workload: $BYTES-byte canonical JSON payloads, $STREAMS streams, durable (sync) commits, median of $reps fresh-process runs"
echo "source: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') + $(git -C "$repo" status --porcelain -- Sources Package.swift 2>/dev/null | wc -l) uncommitted changes under Sources/ and Package.swift"
echo "load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg); I/O pressure (some, avg10) before the runs: $io_start"
echo "(other disk or CPU users skew absolute figures; ratios are taken run by run, interleaved)"
echo
printf '%s\n' "${rows[@]}"
echo
echo "raw C and opx columns: medians; ratio: median over repetitions of opx / raw C (that layout) in the same repetition"
if [ ${#unstable[@]} -gt 0 ]; then
    echo "WARNING: unstable figures (per-run values vary by more than 1.5x; is something else using the disk?): ${unstable[*]}"
fi
echo "bytes written per event (write()/pwrite() wchar), raw C composite / dupsort / opx; opx appends per commit:"
for fig in a b c; do
    echo "  $fig: ${MED[$fig.rawc.wb]} / ${MED[$fig.rawd.wb]} / ${MED[$fig.opx.wb]} bytes; ${MED[$fig.opx.apc]} appends/commit"
done
echo "raw C medians: a composite ${MED[a.rawc]}/s dupsort ${MED[a.rawd]}/s; b composite ${MED[b.rawc]}/s dupsort ${MED[b.rawd]}/s;"
echo "  c composite ${MED[c.rawc]}/s dupsort ${MED[c.rawd]}/s; d composite ${MED[d.rawc]}/s dupsort ${MED[d.rawd]}/s"
if [ "$run_rss" = 1 ]; then
    echo "f: append rate during the RSS run ${MED[f.rate]} events/s; anonymous RSS at the end $(awk -v k="${MED[f.anon]}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }') MB (the rest of VmHWM is LMDB's file map)"
    [ -n "${MED[f.rawcomposite]:-}" ] && echo "f: raw C peak RSS (GNU time): composite ${MED[f.rawcomposite]} kB, dupsort ${MED[f.rawdupsort]} kB"
fi
echo "per-run values (events/s):"
for key in a.rawc a.rawd a.opx b.rawc b.rawd b.opx c.rawc c.rawd c.opx d.rawc d.rawd d.opx e.opx f.rawcomposite f.rawdupsort f.opx; do
    if [ -n "${ALL[$key]:-}" ]; then echo "  $key:${ALL[$key]}$( [[ "$key" = f.* ]] && echo ' (peak RSS, kB)')"; fi
done
