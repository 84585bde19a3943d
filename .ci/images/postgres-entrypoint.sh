#!/bin/bash
# Entrypoint of migratest-local/postgres:15 (built by .ci/images/build.sh because no container
# registry is reachable here). Behaves like the official postgres image as far as Testcontainers
# and Migratest need it:
#   env POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default = user),
#       POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), PGDATA;
#   command `postgres [-c name=value ...]` (a leading option implies `postgres`); anything else
#   is exec'd as is;
#   first start: initdb, a temporary server on the unix socket only creates the database and runs
#   /docker-entrypoint-initdb.d/*.sh|*.sql, then stops; the final server listens on '*'. Both
#   print "database system is ready to accept connections", which Testcontainers waits for twice.
set -euo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi
if [ "${1:-}" != 'postgres' ]; then
  exec "$@"
fi
shift

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" postgres "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != 'trust' ]; then
    echo 'error: database is uninitialized and POSTGRES_PASSWORD is not set' >&2
    echo '       (set it, or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one)' >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  pwopt=()
  [ -n "$POSTGRES_PASSWORD" ] && pwopt=(--pwfile="$pwfile")
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is word-split on purpose, as upstream does
  initdb --username="$POSTGRES_USER" "${pwopt[@]}" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  rm -f "$pwfile"
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

  # Temporary server: unix socket only, so no client sees it before the database exists.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --no-password)
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    exists=$("${psql[@]}" --dbname postgres -tA --set db="$POSTGRES_DB" \
      <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
    if [ -z "$exists" ]; then
      "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
  fi
  if [ -d /docker-entrypoint-initdb.d ]; then
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) echo "running $f"; . "$f" ;;
        *.sql) echo "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
        *.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
        *) [ -e "$f" ] && echo "ignoring $f" ;;
      esac
    done
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo 'PostgreSQL init process complete; ready for start up.'
fi

exec postgres -D "$PGDATA" "$@"
