#!/usr/bin/env bash
# Tools/crash/server-crash.sh — kill -9 of `opx serve` under webhook load, 30 times (OPX_CRASH_ITERATIONS):
# every 2xx-acknowledged signal survives, retried webhooks are not duplicated. See server_crash.py.
#
# Usage: Tools/crash/server-crash.sh [path/to/opx]
#   The binary is the first argument, else $OPX_BIN, else .build/debug/opx (built when missing).
# Environment: OPX_CRASH_ITERATIONS (default 30), OPX_CRASH_SEED, OPX_CRASH_KEEP=1 (keep the temp dir when a check fails).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
run_crash_test server-crash server_crash.py "${1:-}"
