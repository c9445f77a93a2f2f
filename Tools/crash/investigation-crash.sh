#!/usr/bin/env bash
# kill -9 at every step boundary of an investigation (issue 7): `opx resume` must finish with the same consensus
# and cost as an uninterrupted run, and `opx replay --verify` must pass on every finished investigation.
#
# Usage: Tools/crash/investigation-crash.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built when missing).
# Environment: OPX_CRASH_KEEP=1 keeps the temp dir when a check fails; OPX_INV_CRASH_VERBOSE=1 prints each case.
# Ends with `investigation-crash: N passed, 0 failed`; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${OPX_BIN:-}}"
if [ -z "$bin" ]; then
    bin="$root/.build/debug/opx"
    if [ ! -x "$bin" ]; then
        echo "investigation-crash: building opx (debug)" >&2
        (cd "$root" && swift build --product opx)
    fi
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/opx-inv-crash.XXXXXX")"
status=0
cleanup() {
    if [ "$status" -ne 0 ] && [ "${OPX_CRASH_KEEP:-}" = "1" ]; then
        echo "investigation-crash: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM
python3 "$here/investigation_crash.py" --bin "$bin" --work-dir "$work" --root "$root" || status=$?
exit "$status"
