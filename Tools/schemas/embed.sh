#!/usr/bin/env bash
# Writes Sources/OPXEvents/Catalogue/EmbeddedSchemas.swift: every *.schema.json under Schemas/ as a raw string
# constant, so the opx binary carries its schemas. Run it after adding a schema; `swift test` fails
# (EmbeddedSchemasTests) while the embedded copy differs from the files.
exec "$(dirname "$0")/../embed-files.sh" EmbeddedSchemas Schemas '*.schema.json' \
    Sources/OPXEvents/Catalogue/EmbeddedSchemas.swift Tools/schemas/embed.sh
