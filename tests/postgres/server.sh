#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suite (and bench/), never a system one:
#   tests/postgres/server.sh start DIR [--durable]   initdb into DIR, start it, print its URL
#   tests/postgres/server.sh stop DIR                stop it and remove DIR
# It listens on a Unix socket in DIR only (no TCP port to collide with), trusts local
# connections, and runs as an unprivileged user, since PostgreSQL refuses to run as root:
# as root the script creates the system user goalpost-pg once and runs the server as it.
# Without --durable the server skips fsync (tests need correctness, not power-cut safety);
# bench/ passes --durable so that its figures are those of durable commits.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: tests/postgres/server.sh start|stop DIR [--durable]" >&2
  exit 2
fi
durable=${3:-}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "server.sh: no PostgreSQL server found in /usr/lib/postgresql (./dev.sh deps installs postgresql-15)" >&2
  exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id goalpost-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin goalpost-pg
  fi
  as_owner=(runuser -u goalpost-pg --)
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown goalpost-pg "$dir"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U goalpost --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=300 -c shared_buffers=128MB"
    if [ "$durable" != "--durable" ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 30 start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "${as_owner[@]}" "$bin/createdb" -h "$dir" -U goalpost goalpost
    echo "postgresql://goalpost@/goalpost?host=$dir"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: tests/postgres/server.sh start|stop DIR [--durable]" >&2
    exit 2 ;;
esac
