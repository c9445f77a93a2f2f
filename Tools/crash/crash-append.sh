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
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
run_crash_test crash-append crash_append.py "${1:-}"
