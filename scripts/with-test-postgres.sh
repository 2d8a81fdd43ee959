#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 at a free port, runs the given command with
# PERIN_TEST_DATABASE_URL pointing at it, and always stops and deletes the cluster afterwards,
# whether the command passed or failed. The command's exit status is returned.
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt package postgresql)" >&2; exit 1; }

work=$(mktemp -d /tmp/perin-pg.XXXXXX)
chmod 755 "$work"
as_pg=()
# initdb and postgres refuse to run as root: run them as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$work"
    as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop_cluster() {
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop_cluster EXIT INT TERM

"${as_pg[@]}" "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
# fsync off: a test cluster is thrown away, so durability costs time and buys nothing.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null
export PERIN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "test PostgreSQL running at 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
