#!/usr/bin/env bash
# kill -9 / crash-point test of projection catch-up, rebuild and inline folds (RELIABILITY.md INV-7, INV-8).
#
# Usage: Tools/crash/projections-crash.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built with
#   `swift build --product opx` when it is missing).
# Environment: OPX_PROJ_CRASH_ITERATIONS (default 32), OPX_PROJ_CRASH_SEED, OPX_PROJ_CRASH_INVESTIGATIONS
#   (default 120: about 8,000 events), OPX_PROJ_CRASH_VERBOSE=1 (a line per iteration),
#   OPX_CRASH_KEEP=1 (keep the temp dir when a check fails).
# Prints the seed first and ends with `projections-crash: N passed, 0 failed`; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${OPX_BIN:-}}"
if [ -z "$bin" ]; then
    bin="$root/.build/debug/opx"
    if [ ! -x "$bin" ]; then
        echo "projections-crash: building opx (debug)" >&2
        (cd "$root" && swift build --product opx)
    fi
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/opx-proj-crash.XXXXXX")"
status=0
cleanup() {
    if [ "$status" -ne 0 ] && [ "${OPX_CRASH_KEEP:-}" = "1" ]; then
        echo "projections-crash: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM
python3 "$here/projections_crash.py" --bin "$bin" --work-dir "$work" || status=$?
exit "$status"
