#!/usr/bin/env bash
# Runs check.py (Python jsonschema over Schemas/ and the test fixtures), installing jsonschema and
# rfc3339-validator (needed for date-time format checks) when they are missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! python3 -c 'import jsonschema, rfc3339_validator' 2>/dev/null; then
    python3 -m pip install --quiet jsonschema rfc3339-validator
fi
exec python3 check.py "$@"
