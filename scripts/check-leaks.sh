#!/usr/bin/env bash
# Leak check for the libical wrapper (ICalendar): runs the parse → expand → write → re-parse
# loop (`ParserFuzzer`, also behind `perin-bench ical --fuzz-seconds`) over the test fixtures (valid and mutated/malformed
# input, so error paths are covered too), then a plain expansion, under valgrind memcheck.
# Fails (exit 1) on any definitely or indirectly lost block or memory error.
#   usage: scripts/check-leaks.sh            (FUZZ_SECONDS=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "check-leaks: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
# A dedicated small binary: valgrind 3.19 cannot load the full perin-bench (it crashes reading
# its DWARF 5 and on the async runtime's signal handling).
swift build -c release --product ical-leak-check
bin="$(swift build -c release --show-bin-path)/ical-leak-check"
fixtures=Tests/ICalendarTests/Resources
memcheck=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
          --errors-for-leak-kinds=definite,indirect --error-exitcode=99)

status=0
"${memcheck[@]}" "$bin" "$fixtures" "${FUZZ_SECONDS:-30}" || status=$?
if [ "$status" -ne 0 ]; then
    echo "check-leaks: FAILED (valgrind exit $status)" >&2
    exit 1
fi
echo "check-leaks: no leaks"
