# Shared by the kill -9 test scripts in Tools/crash (source it; do not run it).
#
#   run_crash_test NAME DRIVER.py BINARY [driver arguments…]
#
# Finds the opx binary (BINARY when not empty, else $OPX_BIN, else .build/debug/opx, built when missing), makes a
# temporary work directory (kept when the test fails and OPX_CRASH_KEEP=1), runs
# `python3 DRIVER.py --bin BIN --work-dir DIR [driver arguments…]` from this folder and exits with its status.
run_crash_test() {
    local name="$1" driver="$2" bin="${3:-${OPX_BIN:-}}"
    shift 3
    local here root
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    root="$(cd "$here/../.." && pwd)"
    if [ -z "$bin" ]; then
        bin="$root/.build/debug/opx"
        if [ ! -x "$bin" ]; then
            echo "$name: building opx (debug)" >&2
            (cd "$root" && swift build --product opx)
        fi
    fi
    crash_work="$(mktemp -d "${TMPDIR:-/tmp}/opx-$name.XXXXXX")"
    crash_name="$name"
    crash_status=0
    trap 'if [ "$crash_status" -ne 0 ] && [ "${OPX_CRASH_KEEP:-}" = "1" ]; then echo "$crash_name: kept $crash_work" >&2; else rm -rf "$crash_work"; fi' EXIT
    trap 'crash_status=130; exit 130' INT TERM
    python3 "$here/$driver" --bin "$bin" --work-dir "$crash_work" "$@" || crash_status=$?
    exit "$crash_status"
}
