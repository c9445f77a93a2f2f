#!/usr/bin/env bash
# Tools/bench/agents.sh — the six built-in agents and the guardrail screen per investigation, on a store with
# N past incidents, against the durable append of the six outputs in the same run (release build).
#
#   Tools/bench/agents.sh [ROUNDS] [PAST_INCIDENTS]     (defaults 200 and 2000)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
swift build -c release --scratch-path .build-bench --product opx-bench-agents >&2
dir="$(mktemp -d "${OPX_BENCH_TMP:-${TMPDIR:-/tmp}}/opx-bench-agents.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
.build-bench/release/opx-bench-agents "$dir/data" "${1:-200}" "${2:-2000}"
