#!/bin/bash
# Entrypoint of migratest-local/mysql:9.7 (built by .ci/images/build.sh from Debian sid's
# mysql-server, because no container registry is reachable here). Behaves like the official
# mysql image as far as Testcontainers' MySQLContainer and Migratest need it:
#   env MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD,
#       MYSQL_ROOT_HOST (default %), MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD (users get
#       host '%'); time zone tables are not loaded (no tzdata in the image);
#   command `mysqld [options]` (a leading option implies mysqld); anything else is exec'd as is;
#   config: /etc/mysql/conf.d/*.cnf is read last, so files Testcontainers copies there win;
#   first start (empty /var/lib/mysql): `mysqld --initialize-insecure`, a temporary server
#   without networking creates the users and the database and runs
#   /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz, then stops. Like the official image's, both
#   servers log "ready for connections" to stderr (the temporary one with port: 0), so a wait
#   for that line twice works, as does Testcontainers' JDBC wait.
set -euo pipefail

SOCKET=/run/mysqld/mysqld.sock

if [ "${1:0:1}" = '-' ]; then
  set -- mysqld "$@"
fi
case "${1:-}" in
  mysqld) shift ;;
  *) exec "$@" ;;
esac

# The data directory the server will use (a conf.d override may move it).
DATADIR=$(mysqld "$@" --verbose --help 2>/dev/null | awk '$1 == "datadir" { print $2; exit }')
DATADIR=${DATADIR:-/var/lib/mysql/}
DATADIR=${DATADIR%/}

if [ "$(id -u)" = '0' ]; then
  mkdir -p "$DATADIR" /run/mysqld /var/lib/mysql-files
  chown mysql:mysql "$DATADIR" /run/mysqld /var/lib/mysql-files
  exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" mysqld "$@"
fi

root_password="${MYSQL_ROOT_PASSWORD:-}"
allow_empty="${MYSQL_ALLOW_EMPTY_PASSWORD:-}"
random_root="${MYSQL_RANDOM_ROOT_PASSWORD:-}"
root_host="${MYSQL_ROOT_HOST:-%}"
database="${MYSQL_DATABASE:-}"
user="${MYSQL_USER:-}"
password="${MYSQL_PASSWORD:-}"

truthy() { case "${1,,}" in 1|y|yes|true|on) return 0 ;; *) return 1 ;; esac; }
sql_str() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }
sql_id() { printf '`%s`' "${1//\`/\`\`}"; }
log() { printf '%s [Entrypoint]: %s\n' "$(date -u '+%FT%T')" "$*"; }

if [ ! -d "$DATADIR/mysql" ]; then
  if [ -z "$root_password" ] && ! truthy "$allow_empty" && ! truthy "$random_root"; then
    echo 'error: database is uninitialized and no root password option is set' >&2
    echo '       (MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD)' >&2
    exit 1
  fi
  if [ "$user" = 'root' ]; then
    echo 'error: MYSQL_USER="root": use MYSQL_ROOT_PASSWORD for the root user' >&2
    exit 1
  fi
  if truthy "$random_root" && [ -z "$root_password" ]; then
    root_password=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)
    log "GENERATED ROOT PASSWORD: $root_password"
  fi

  log 'initialising database files'
  mysqld "$@" --initialize-insecure --default-time-zone=SYSTEM
  log 'database files initialised'

  log 'starting temporary server'
  mysqld "$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM &
  pid=$!
  client=(mysql --protocol=socket --socket="$SOCKET" -uroot --database=mysql)
  for _ in $(seq 1 60); do
    if "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo 'error: temporary server died' >&2; exit 1; }
    sleep 1
  done
  "${client[@]}" -e 'SELECT 1' >/dev/null
  log 'temporary server started'

  pw=$(sql_str "$root_password")
  {
    echo 'SET @@SESSION.SQL_LOG_BIN=0;'
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
    if [ "$root_host" != 'localhost' ]; then
      echo "CREATE USER 'root'@$(sql_str "$root_host") IDENTIFIED BY $pw;"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_str "$root_host") WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'' TO 'root'@$(sql_str "$root_host") WITH GRANT OPTION;"
    fi
    if [ -n "$database" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_id "$database");"
    fi
    if [ -n "$user" ]; then
      echo "CREATE USER $(sql_str "$user")@'%' IDENTIFIED BY $(sql_str "$password");"
      if [ -n "$database" ]; then
        echo "GRANT ALL ON $(sql_id "$database").* TO $(sql_str "$user")@'%';"
      fi
    fi
    echo 'FLUSH PRIVILEGES;'
  } | "${client[@]}"

  export MYSQL_PWD="$root_password"
  client=(mysql --protocol=socket --socket="$SOCKET" -uroot)
  [ -n "$database" ] && client+=("--database=$database")
  if [ -d /docker-entrypoint-initdb.d ]; then
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) log "running $f"; . "$f" ;;
        *.sql) log "running $f"; "${client[@]}" < "$f" ;;
        *.sql.gz) log "running $f"; gunzip -c "$f" | "${client[@]}" ;;
        *) [ -e "$f" ] && log "ignoring $f" ;;
      esac
    done
  fi
  unset MYSQL_PWD

  log 'stopping temporary server'
  kill "$pid"
  wait "$pid" || true
  log 'MySQL init process done. Ready for start up.'
fi

exec mysqld "$@"
