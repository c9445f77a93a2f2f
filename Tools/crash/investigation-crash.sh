#!/usr/bin/env bash
# kill -9 at every step boundary of an investigation (issue 7): `opx resume` must finish with the same consensus
# and cost as an uninterrupted run, and `opx replay --verify` must pass on every finished investigation.
#
# Usage: Tools/crash/investigation-crash.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built when missing).
# Environment: OPX_CRASH_KEEP=1 keeps the temp dir when a check fails; OPX_INV_CRASH_VERBOSE=1 prints each case.
# Ends with `investigation-crash: N passed, 0 failed`; exits non-zero on a failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
run_crash_test investigation-crash investigation_crash.py "${1:-}" --root "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
