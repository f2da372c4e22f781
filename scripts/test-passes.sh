#!/usr/bin/env bash
# `make test`'s two test passes at the same time: the whole suite on SQLite
# (browser and serving tests included) in the foreground, and again on
# PostgreSQL 15 in a throwaway cluster (scripts/with-postgres.sh) in the
# background, its output kept in var/pytest-postgres.log and printed when it
# ends. One after the other they took 25-28 minutes of CI's 30; side by side
# on two cores they take about as long as the longer one.
#
# The PostgreSQL pass leaves out the browser tests and the tests marked
# own_sqlite (serving, the migration from an earlier version): they run the
# site on SQLite files of their own, so a second run would repeat the first.
# Exit status: 0 only when both passes pass.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
PYTEST="${PYTEST:-.venv/bin/pytest}"
LOG=var/pytest-postgres.log

./scripts/with-postgres.sh "$PYTEST" -m "not browser and not own_sqlite" -p no:cacheprovider >"$LOG" 2>&1 &
postgres_pid=$!
trap 'kill -- "$postgres_pid" 2>/dev/null' INT TERM

echo "=== pass 1: SQLite (PostgreSQL pass running beside it, output in $LOG) ==="
"$PYTEST" "$@"
sqlite_status=$?

wait "$postgres_pid"
postgres_status=$?
echo
echo "=== pass 2: PostgreSQL 15 ($LOG) ==="
cat "$LOG"
echo
echo "SQLite pass: exit $sqlite_status; PostgreSQL pass: exit $postgres_status"
[ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
