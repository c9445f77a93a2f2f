#!/usr/bin/env bash
# Tools/bench/export.sh — `opx export` and `opx verify --export` throughput and peak RSS on a
# 1,000,000-event log, beside the raw C LMDB full scan (../shared/bench/lmdb_bench.c) in the same run.
#
#   Tools/bench/export.sh [--events N] [--keep]
#
# Builds lmdb_bench (gcc -O2 -llmdb) and opx (release, scratch path .build-bench). Fills an opx store
# with N change.recorded events of about 512 payload bytes over 100 streams (`opx append`, 1000-event
# batches) and a raw C log of N 512-byte events (`lmdb_bench write … nosync 100 512`), then, page cache
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

log "== building lmdb_bench (gcc -O2) and opx (release) =="
gcc -O2 -o "$work/lmdb_bench" "$shared/lmdb_bench.c" -llmdb
(cd "$repo" && swift build -c release --scratch-path .build-bench --product opx >&2)
opx="$(cd "$repo" && swift build -c release --scratch-path .build-bench --show-bin-path)/opx"

log "== filling: $events events (opx append, 1000-event batches; raw C write) =="
"$opx" init --data "$work/opx" >/dev/null
python3 - "$events" <<'PY' | "$opx" append --data-dir "$work/opx" --batch-size 1000 >/dev/null
import json, sys
pad = "x" * 380
out = sys.stdout
for i in range(int(sys.argv[1])):
    out.write(json.dumps({"stream": f"changes-svc{i % 100}", "type": "change.recorded", "data": {
        "changeId": f"00000000-0000-4000-8000-{i:012d}", "service": f"svc{i % 100}", "kind": "deployment",
        "version": f"v{i}", "author": "bench", "at": "2026-01-01T00:00:00Z", "summary": pad}}) + "\n")
PY
"$work/lmdb_bench" write "$work/raw" "$events" 1000 nosync 100 512 >/dev/null

measure() { # measure NAME CMD...: runs CMD under GNU time; prints "seconds maxrss_kb"
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
    cat "$work/$name.time"
}

log "== measuring (each once after a warm-up read of its input) =="
"$work/lmdb_bench" scan "$work/raw" >/dev/null
raw_line="$("$work/lmdb_bench" scan "$work/raw")"
raw_rate="$(sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' <<<"$raw_line")"
cat "$work/opx/data.mdb" >/dev/null
read -r export_s export_kb < <(measure export "$opx" export --data "$work/opx" --quiet --output "$work/export.ndjson")
read -r verify_s verify_kb < <(measure verify "$opx" verify --export "$work/export.ndjson" --quiet)
python3 - "$events" "$raw_rate" "$export_s" "$export_kb" "$verify_s" "$verify_kb" "$(stat -c %s "$work/export.ndjson")" <<'PY'
import sys
n, raw, es, ekb, vs, vkb, size = int(sys.argv[1]), float(sys.argv[2]), *map(float, sys.argv[3:])
export_rate, verify_rate = n / max(es, 1e-9), n / max(vs, 1e-9)
print(f"raw C LMDB scan      {raw:12,.0f} events/s")
print(f"opx export (JSONL)   {export_rate:12,.0f} events/s   {es:.2f} s   peak RSS {ekb / 1024:.0f} MB   file {size / 1e6:.0f} MB   ratio to raw scan {export_rate / raw:.3f}")
print(f"opx verify --export  {verify_rate:12,.0f} events/s   {vs:.2f} s   peak RSS {vkb / 1024:.0f} MB   ratio to raw scan {verify_rate / raw:.3f}")
print(f"targets: export >= 200,000 events/s: {'met' if export_rate >= 200_000 else 'MISSED'}; verify >= 150,000 events/s: "
      f"{'met' if verify_rate >= 150_000 else 'MISSED'}; < 100 MB resident: {'met' if max(ekb, vkb) < 100 * 1024 else 'MISSED'}")
PY
