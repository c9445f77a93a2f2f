#!/usr/bin/env bash
# Tools/crash/server-crash.sh — kill -9 of `opx serve` under webhook load, 30 times (OPX_CRASH_ITERATIONS):
# every 2xx-acknowledged signal survives, retried webhooks are not duplicated. See server_crash.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product opx >&2
exec python3 Tools/crash/server_crash.py "${1:-.build/debug/opx}"
