#!/usr/bin/env bash
# kill -9 test of `opx ingest` (issue #6): re-sent webhooks are not duplicated, correlation after
# crashes ends in the same incidents as a crash-free run.
#
# Usage: Tools/crash/crash-ingest.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built when missing).
# Environment: OPX_CRASH_ITERATIONS (default 30), OPX_CRASH_SEED, OPX_CRASH_KEEP=1 (keep the temp dir
#   when a check fails). Ends with `crash-ingest: … 0 failed`; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${OPX_BIN:-}}"
if [ -z "$bin" ]; then
    bin="$root/.build/debug/opx"
    if [ ! -x "$bin" ]; then
        echo "crash-ingest: building opx (debug)" >&2
        (cd "$root" && swift build --product opx)
    fi
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/opx-crash-ingest.XXXXXX")"
status=0
cleanup() {
    if [ "$status" -ne 0 ] && [ "${OPX_CRASH_KEEP:-}" = "1" ]; then
        echo "crash-ingest: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM
python3 "$here/crash_ingest.py" --bin "$bin" --work-dir "$work" || status=$?
exit "$status"
