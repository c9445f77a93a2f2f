#!/usr/bin/env bash
# kill -9 / crash-point test of `opx append` (RELIABILITY.md B.4 T1 + T2; checks INV-1..6, 9, 11 of B.3).
#
# Usage: Tools/crash/crash-append.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built with
#   `swift build --product opx` when it is missing).
# Environment: OPX_CRASH_ITERATIONS (default 50), OPX_SOAK=1 (1000 iterations), OPX_CRASH_SEED,
#   OPX_CRASH_ROTATE (fresh store every N iterations, default 25), OPX_CRASH_VERBOSE=1 (a line per
#   iteration), OPX_CRASH_KEEP=1 (keep the temp dir when a check fails).
# Prints the seed first and ends with `crash-append: N passed, 0 failed`; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${OPX_BIN:-}}"
if [ -z "$bin" ]; then
    bin="$root/.build/debug/opx"
    if [ ! -x "$bin" ]; then
        echo "crash-append: building opx (debug)" >&2
        (cd "$root" && swift build --product opx)
    fi
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/opx-crash.XXXXXX")"
status=0
cleanup() {
    if [ "$status" -ne 0 ] && [ "${OPX_CRASH_KEEP:-}" = "1" ]; then
        echo "crash-append: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM
python3 "$here/crash_append.py" --bin "$bin" --work-dir "$work" || status=$?
exit "$status"
