#!/usr/bin/env bash
# CI check of `opx export` against independent tools: every CloudEvents line validates against the
# CloudEvents spec's own JSON schema (Python jsonschema), OTLP/JSON parses as an
# ExportTraceServiceRequest (opentelemetry-proto + google.protobuf.json_format), and a verifier
# written in Python from Schemas/README.md alone accepts the exports. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! python3 -c 'import jsonschema, rfc3339_validator, rfc3986_validator' 2>/dev/null; then
    python3 -m pip install --quiet jsonschema rfc3339-validator rfc3986-validator
fi
python3 -c 'import opentelemetry.proto, google.protobuf' 2>/dev/null || python3 -m pip install --quiet opentelemetry-proto
swift build --product opx >/dev/null
exec python3 Tools/export/check.py .build/debug/opx
