#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store's tests and benchmarks, and exports
# NEWSPIPE_PG_DSN (plus NEWSPIPE_PG_DIR and NEWSPIPE_PG_STOP, the command that stops it).
#
#   source scripts/start-postgres.sh     # in CI (.ci/run): the variables stay set
#   scripts/start-postgres.sh            # by hand: prints the DSN and the stop command
#
# The cluster lives in a fresh temporary directory, listens only on a Unix socket inside it
# (no TCP port to collide with), and uses Debian's PostgreSQL binaries
# (/usr/lib/postgresql/<version>/bin; PG_BIN overrides). As root, the server runs as the
# `postgres` user (or a dedicated `newspipe-pg` user when that does not exist), since PostgreSQL
# refuses to run as root.

newspipe_start_postgres() {
  local bin="${PG_BIN:-}"
  if [ -z "$bin" ]; then
    local v
    for v in 17 16 15 14 13; do
      if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then bin="/usr/lib/postgresql/$v/bin"; break; fi
    done
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "start-postgres: no PostgreSQL server binaries found (apt-get install postgresql)" >&2
    return 1
  fi

  local dir run_as=""
  dir="$(mktemp -d "${TMPDIR:-/tmp}/newspipe-pg.XXXXXX")" || return 1
  chmod 0755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    run_as=postgres
    if ! id -u "$run_as" >/dev/null 2>&1; then
      run_as=newspipe-pg
      id -u "$run_as" >/dev/null 2>&1 || useradd --system --no-create-home "$run_as" || return 1
    fi
    chown "$run_as" "$dir"
  fi
  as_server_user() {
    if [ -n "$run_as" ]; then runuser -u "$run_as" -- "$@"; else "$@"; fi
  }

  local user
  user="${run_as:-$(id -un)}"
  if ! as_server_user "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale \
      >"$dir/initdb.log" 2>&1; then
    echo "start-postgres: initdb failed; see $dir/initdb.log" >&2
    cat "$dir/initdb.log" >&2
    return 1
  fi
  # Throwaway data: durability is not the point here, speed of the test run is.
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
max_connections = 50
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  if ! as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      >/dev/null; then
    echo "start-postgres: the server did not start; see $dir/server.log" >&2
    tail -20 "$dir/server.log" >&2
    return 1
  fi
  if ! as_server_user "$bin/createdb" -h "$dir" -U "$user" newspipe; then
    echo "start-postgres: createdb failed" >&2
    return 1
  fi
  export NEWSPIPE_PG_DIR="$dir"
  export NEWSPIPE_PG_DSN="host=$dir dbname=newspipe user=$user"
  if [ -n "$run_as" ]; then
    export NEWSPIPE_PG_STOP="runuser -u $run_as -- $bin/pg_ctl -D $dir/data -m fast stop"
  else
    export NEWSPIPE_PG_STOP="$bin/pg_ctl -D $dir/data -m fast stop"
  fi
  unset -f as_server_user
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  newspipe_start_postgres || exit 1
  echo "NEWSPIPE_PG_DSN=\"$NEWSPIPE_PG_DSN\""
  echo "stop it with: $NEWSPIPE_PG_STOP && rm -rf $NEWSPIPE_PG_DIR"
else
  newspipe_start_postgres
fi
