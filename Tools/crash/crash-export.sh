#!/usr/bin/env bash
# kill -9 during `opx export` (issue 5): the store is untouched (data.mdb byte-identical, `opx verify`
# passes), no truncated file is left under the output name, and a re-run writes the full export,
# whose events are byte-identical to an uninterrupted export's and which verifies.
#
# Usage: Tools/crash/crash-export.sh [path/to/opx]   (default .build/debug/opx, built when missing)
# Environment: OPX_CRASH_EXPORT_ITERATIONS (default 5), OPX_CRASH_EXPORT_EVENTS (default 30000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-${OPX_BIN:-$root/.build/debug/opx}}"
[ -x "$bin" ] || (cd "$root" && swift build --product opx)
iterations="${OPX_CRASH_EXPORT_ITERATIONS:-5}"
events="${OPX_CRASH_EXPORT_EVENTS:-30000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/opx-crash-export.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "crash-export: FAILED: $*" >&2; exit 1; }

"$bin" init --data "$work/data" >/dev/null
python3 - "$events" <<'PY' | "$bin" append --data-dir "$work/data" --batch-size 1000 >/dev/null
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"stream": f"changes-svc{i % 50}", "type": "change.recorded", "data": {
        "changeId": f"00000000-0000-4000-8000-{i:012d}", "service": f"svc{i % 50}", "kind": "deployment",
        "version": f"v{i}", "at": "2026-01-01T00:00:00Z", "summary": "x" * 200}}))
PY
before="$(sha256sum "$work/data/data.mdb" | cut -d' ' -f1)"
"$bin" export --data "$work/data" --quiet --output "$work/reference.ndjson"
head -n -1 "$work/reference.ndjson" > "$work/reference.events"
passed=0
for i in $(seq 1 "$iterations"); do
    out="$work/export-$i.ndjson"
    "$bin" export --data "$work/data" --quiet --output "$out" &
    pid=$!
    sleep "0.$(( (RANDOM % 9) + 1 ))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -e "$out" ]; then
        # The export finished before the kill: it must be complete.
        "$bin" verify --export "$out" --quiet >/dev/null || fail "iteration $i: a finished export does not verify"
    fi
    [ "$(sha256sum "$work/data/data.mdb" | cut -d' ' -f1)" = "$before" ] || fail "iteration $i: data.mdb changed"
    "$bin" verify --data "$work/data" --quiet >/dev/null || fail "iteration $i: the store does not verify"
    "$bin" export --data "$work/data" --quiet --output "$out"
    "$bin" verify --export "$out" --quiet >/dev/null || fail "iteration $i: the re-run export does not verify"
    cmp -s <(head -n -1 "$out") "$work/reference.events" || fail "iteration $i: the re-run export's events differ"
    [ ! -e "$out.partial" ] || fail "iteration $i: $out.partial left behind after a complete run"
    passed=$((passed + 1))
done
echo "crash-export: $passed passed, 0 failed ($events events)"
