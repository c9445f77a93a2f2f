#!/usr/bin/env bash
# Concurrency stress of the storage, log and ingest modules under ThreadSanitizer (RELIABILITY.md T7/T13).
# Uses its own build folder, so it does not disturb the normal debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift test --scratch-path .build-tsan --sanitize=thread --filter "OPXStorageTests|OPXEventLogTests|OPXIngestTests" 2>&1 | tee /tmp/opx-tsan.log | grep -E "Test run|ThreadSanitizer|error:" || true
if grep -q "WARNING: ThreadSanitizer" /tmp/opx-tsan.log; then
    echo "tsan: data races reported (see /tmp/opx-tsan.log)"
    exit 1
fi
grep -q "Test run with .* passed" /tmp/opx-tsan.log
