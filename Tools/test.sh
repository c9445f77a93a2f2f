#!/usr/bin/env bash
# README quick start, command 2: install what is needed, then run every unit and end-to-end test.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build
swift test
