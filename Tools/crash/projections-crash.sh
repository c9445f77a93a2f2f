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
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
run_crash_test projections-crash projections_crash.py "${1:-}"
