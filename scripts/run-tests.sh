#!/usr/bin/env bash
# Runs the whole suite serially (real sockets and real processes starve on 2 cores when run in
# parallel) and, when it fails, repeats every failure line at the very end, so a CI log that
# only keeps its tail still names the failing test and expectation.
set -uo pipefail
log=$(mktemp /tmp/perin-test-log.XXXXXX)
trap 'rm -f "$log"' EXIT
"${SWIFT:-swift}" test --no-parallel "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "── failures (repeated from above) ──"
    grep -E "✘|error:|Expectation failed|fatal|Fatal" "$log" | grep -v "^✘ Test run with" | tail -n 60
    grep -E "^✘ Test run with" "$log" | tail -n 1
fi
exit "$status"
