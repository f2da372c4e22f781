#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster:
#
#   scripts/with-postgres.sh .venv/bin/pytest tests/events -q
#
# The cluster is created anew under var/postgres/ (or $PG_TEST_ROOT; its server.log stays), listens
# only on 127.0.0.1 at a free port with a generated password (no Unix socket,
# no system service), and is stopped and removed when the command ends. The
# command sees DATABASE_URL pointing at it (database "rongcheng", superuser
# "postgres", so Django's test runner can create test_rongcheng). Its exit
# status is the command's.
#
# Debian's PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as
# Debian's `postgres` user (runuser), which owns the cluster's folder.
# PostgreSQL comes from scripts/install-system-packages.sh.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
ROOT="${PG_TEST_ROOT:-$REPO/var/postgres}"
DATA="$ROOT/data"

if [ ! -x "$PGBIN/pg_ctl" ]; then
    echo "PostgreSQL 15 is missing ($PGBIN): run ./scripts/install-system-packages.sh" >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
fi

stop_cluster() {
    if [ -f "$DATA/postmaster.pid" ]; then
        "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DATA"
}

# A cluster left behind by an interrupted run is stopped and thrown away.
stop_cluster
rm -rf "$ROOT"
mkdir -p "$ROOT"
chmod 700 "$ROOT"
if [ ${#as_owner[@]} -gt 0 ]; then
    chown postgres: "$ROOT"
    if ! runuser -u postgres -- test -w "$ROOT"; then
        echo "The postgres user cannot reach $ROOT: every folder above it must be searchable (chmod o+x)." >&2
        exit 1
    fi
fi

password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf '%s\n' "$password" > "$ROOT/pwfile"
chmod 600 "$ROOT/pwfile"
if [ ${#as_owner[@]} -gt 0 ]; then
    chown postgres: "$ROOT/pwfile"
fi

"${as_owner[@]}" "$PGBIN/initdb" -D "$DATA" --username=postgres --pwfile="$ROOT/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1 \
    || { cat "$ROOT/initdb.log" >&2; exit 1; }
rm -f "$ROOT/pwfile"

trap stop_cluster EXIT
# fsync off: a throwaway cluster need not survive a power cut, and tests run faster.
"${as_owner[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null || { cat "$ROOT/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/rongcheng"
PGPASSWORD="$password" "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q \
    -c "CREATE DATABASE rongcheng" >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($DATA)"

status=0
"$@" || status=$?
exit "$status"
