#!/usr/bin/env bash
# Leak check for the libical wrapper (ICalendar): runs the parse → expand → write → re-parse
# loop of `perin-bench ical --fuzz-seconds` over the test fixtures (valid and mutated/malformed
# input, so error paths are covered too), then a plain expansion, under valgrind memcheck.
# Fails (exit 1) on any definitely or indirectly lost block or memory error.
#   usage: scripts/check-leaks.sh            (FUZZ_SECONDS=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "check-leaks: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
swift build -c release --product perin-bench
bin="$(swift build -c release --show-bin-path)/perin-bench"
fixtures=Tests/ICalendarTests/Resources
memcheck=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
          --errors-for-leak-kinds=definite,indirect --error-exitcode=99)

status=0
"${memcheck[@]}" "$bin" ical --fuzz-seconds "${FUZZ_SECONDS:-30}" --seeds "$fixtures" || status=$?
if [ "$status" -eq 0 ]; then
    "${memcheck[@]}" "$bin" ical --file "$fixtures/google.ics" --from 2026-01-01 --to 2027-01-01 --runs 2 || status=$?
fi
if [ "$status" -ne 0 ]; then
    echo "check-leaks: FAILED (valgrind exit $status)" >&2
    exit 1
fi
echo "check-leaks: no leaks"
