#!/usr/bin/env bash
# README quick start, command 1: install what is needed, build opx (release) and run `opx demo`
# on a fresh store in a new local folder. Extra arguments go to `opx demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build -c release --product opx >/dev/null
exec .build/release/opx demo "$@"
