#!/usr/bin/env bash
# Writes Sources/opx/Demo/DemoFiles.swift: the demo's samples, runbooks and config (Tools/demo/files/) as string
# constants, so `opx demo` works from any copy of the binary. Run it after editing those files; the end-to-end
# demo test fails while the embedded copy differs from them.
exec "$(dirname "$0")/../embed-files.sh" DemoFiles Tools/demo/files '*' Sources/opx/Demo/DemoFiles.swift \
    Tools/demo/embed.sh
