#!/usr/bin/env bash
# Tools/bench/projections/pairs.sh — interleaved rebuilds of one kept log by several builds, one line per run.
#
#   Tools/bench/projections/pairs.sh LOG ROUNDS LABEL=BINARY [LABEL=BINARY ...]
#
# Each round runs `BINARY rebuild LOG` (clear + refold) once per build, in the order given, under
# /usr/bin/time; each line has the load average and I/O pressure (some avg10) read just before the run,
# user/system/total CPU seconds, wall seconds, peak RSS, and the rebuild's events/s, page read, fold,
# investigations, checkpoints, evidence and status CPU seconds and write wait. Compare CPU seconds of neighbouring
# runs (pairs), not absolute figures, when other jobs share the cores. The builds must share the log's format.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
log="$1"; rounds="$2"; shift 2
specs=("$@")
for i in $(seq 1 "$rounds"); do
    for spec in "${specs[@]}"; do
        label="${spec%%=*}"; bin="${spec#*=}"
        load="$(cut -d' ' -f1 /proc/loadavg)"
        io="$(sed -n 's/^some avg10=\([^ ]*\).*/\1/p' /proc/pressure/io)"
        sync
        out="$( { /usr/bin/time -f 'TIME %U %S %e %M' "$bin" rebuild "$log"; } 2>&1 )"
        read -r _ user sys wall rss <<<"$(grep '^TIME' <<<"$out")"
        line="$(grep '^rebuild' <<<"$out")"
        field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $line"; }
        echo "$(date -u +%H:%M:%S) $label round=$i load=$load io=$io user=$user sys=$sys" \
            "cpu=$(awk -v a="$user" -v b="$sys" 'BEGIN { print a + b }') wall=$wall maxrss_kb=$rss" \
            "events_per_s=$(field events_per_s) read=$(field read_cpu_s) fold=$(field fold_cpu_s)" \
            "investigations=$(field cpu_investigations) checkpoints=$(field cpu_checkpoints) evidence=$(field cpu_evidence) status=$(field cpu_status)" \
            "write_wait=$(field write_wait_s)"
    done
done
