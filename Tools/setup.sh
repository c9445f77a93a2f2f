#!/usr/bin/env bash
# Installs what opx needs on a Debian machine with Swift: the LMDB library (and its tools), curl, and
# Python's jsonschema and opentelemetry-proto for the independent checks. Safe to run again.
set -euo pipefail
need_apt=()
dpkg -s liblmdb-dev >/dev/null 2>&1 || need_apt+=(liblmdb-dev)
dpkg -s lmdb-utils >/dev/null 2>&1 || need_apt+=(lmdb-utils)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)     # the live server tests drive `opx serve` with curl
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema
python3 -c 'import opentelemetry.proto, google.protobuf' 2>/dev/null || python3 -m pip install -q opentelemetry-proto   # Tools/export/check.sh (OTLP/JSON)
