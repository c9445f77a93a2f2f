#!/usr/bin/env bash
# Tools/bench/export.sh — `opx export` and `opx verify --export` throughput and peak RSS on a
# 1,000,000-event log, beside the raw C LMDB full scan (../shared/bench/lmdb_bench.c) in the same run.
#
#   Tools/bench/export.sh [--events N] [--keep]
#
# Builds lmdb_bench (gcc -O2 -llmdb), opx and opx-bench (release, scratch path .build-bench). Fills an
# opx store with N events of 512 canonical payload bytes over 100 streams (`opx-bench append`, the
# append.sh workload, 1000-event batches) and a raw C log of N 512-byte events (`lmdb_bench write …
# nosync 100 512`), then, page cache
# warm for both: the raw C scan, `opx export` (CloudEvents JSON Lines to a file on the same disk) and
# `opx verify --export` of that file, each under GNU time for its peak RSS. Prints events/s of each and
# the ratios export / raw scan and verify / raw scan. See Tools/bench/README.md.
# Environment: OPX_BENCH_TMP (default $TMPDIR or /tmp), OPX_BENCH_EXPORT_EVENTS (default 1000000).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="$repo/../shared/bench"
events="${OPX_BENCH_EXPORT_EVENTS:-1000000}"
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --events) events="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "export.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
base="${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}"
mkdir -p "$base"
work="$(mktemp -d -p "$base" opx-bench-export.XXXXXX)"
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
log() { echo "$*" >&2; }

log "== building lmdb_bench (gcc -O2), opx and opx-bench (release) =="
gcc -O2 -o "$work/lmdb_bench" "$shared/lmdb_bench.c" -llmdb
(cd "$repo" && swift build -c release --scratch-path .build-bench --product opx >&2 && swift build -c release --scratch-path .build-bench --product opx-bench >&2)
bin="$(cd "$repo" && swift build -c release --scratch-path .build-bench --show-bin-path)"
opx="$bin/opx"

log "== filling: $events events of 512 payload bytes over 100 streams (opx-bench append, 1000-event batches; raw C write) =="
"$bin/opx-bench" append "$work/opx" --events "$events" --batch 1000 --streams 100 --bytes 512 >/dev/null
"$work/lmdb_bench" write "$work/raw" "$events" 1000 nosync 100 512 >/dev/null

measure() { # measure NAME CMD...: runs CMD under GNU time; prints "seconds maxrss_kb cpu_seconds"
    local name="$1"; shift
    /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
    awk '{ print $1, $2, $3 + $4 }' "$work/$name.time"
}

log "== measuring (each once after a warm-up read of its input) =="
"$work/lmdb_bench" scan "$work/raw" >/dev/null
raw_line="$("$work/lmdb_bench" scan "$work/raw")"
raw_rate="$(sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' <<<"$raw_line")"
cat "$work/opx/data.mdb" >/dev/null
read -r export_s export_kb export_cpu < <(measure export "$opx" export --data "$work/opx" --quiet --output "$work/export.ndjson")
read -r verify_s verify_kb verify_cpu < <(measure verify "$opx" verify --export "$work/export.ndjson" --quiet)
python3 - "$events" "$raw_rate" "$export_s" "$export_kb" "$verify_s" "$verify_kb" "$(stat -c %s "$work/export.ndjson")" "$export_cpu" "$verify_cpu" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
n, raw, es, ekb, vs, vkb, size, ecpu, vcpu, load = int(sys.argv[1]), float(sys.argv[2]), *map(float, sys.argv[3:])
export_rate, verify_rate = n / max(es, 1e-9), n / max(vs, 1e-9)
print(f"raw C LMDB scan      {raw:12,.0f} events/s")
print(f"opx export (JSONL)   {export_rate:12,.0f} events/s   {es:.2f} s   peak RSS {ekb / 1024:.0f} MB   file {size / 1e6:.0f} MB   ratio to raw scan {export_rate / raw:.3f}")
print(f"opx verify --export  {verify_rate:12,.0f} events/s   {vs:.2f} s   peak RSS {vkb / 1024:.0f} MB   ratio to raw scan {verify_rate / raw:.3f}")
print(f"CPU time: export {ecpu:.2f} s ({n / max(ecpu, 1e-9):,.0f} events per CPU-second), verify {vcpu:.2f} s "
      f"({n / max(vcpu, 1e-9):,.0f} events per CPU-second, on up to {__import__('os').cpu_count()} cores); load average {load}")
print(f"targets: export >= 200,000 events/s: {'met' if export_rate >= 200_000 else 'MISSED'}; verify >= 150,000 events/s: "
      f"{'met' if verify_rate >= 150_000 else 'MISSED'}; < 100 MB resident: {'met' if max(ekb, vkb) < 100 * 1024 else 'MISSED'}")
PY
