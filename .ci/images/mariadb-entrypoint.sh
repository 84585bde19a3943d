#!/bin/bash
# Entrypoint of migratest-local/mariadb:10.11 (built by .ci/images/build.sh because no container
# registry is reachable here; it serves both Migratest's MYSQL and MARIADB engines). Behaves like
# the official mariadb/mysql images as far as Testcontainers and Migratest need it:
#   env MARIADB_ROOT_PASSWORD | MYSQL_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD |
#       MYSQL_ALLOW_EMPTY_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD | MYSQL_RANDOM_ROOT_PASSWORD,
#       MARIADB_ROOT_HOST (default %), MARIADB_DATABASE | MYSQL_DATABASE,
#       MARIADB_USER | MYSQL_USER, MARIADB_PASSWORD | MYSQL_PASSWORD;
#   command `mariadbd|mysqld [options]` (a leading option implies mariadbd); anything else is
#   exec'd as is;
#   config: /etc/mysql/conf.d/*.cnf is read last, so files Testcontainers copies there win; the
#   data directory is always /var/lib/mysql-data (given on the command line, because Debian's
#   package ships an initialised /var/lib/mysql and Testcontainers' my.cnf names that one);
#   first start: mariadb-install-db, a temporary server without networking creates the users
#   (host '%') and the database, runs /docker-entrypoint-initdb.d/*.sh|*.sql, then stops.
set -euo pipefail

DATADIR=/var/lib/mysql-data
SOCKET=/run/mysqld/mysqld.sock

if [ "${1:0:1}" = '-' ]; then
  set -- mariadbd "$@"
fi
case "${1:-}" in
  mariadbd|mysqld) shift ;;
  *) exec "$@" ;;
esac

if [ "$(id -u)" = '0' ]; then
  mkdir -p "$DATADIR" /run/mysqld
  chown mysql:mysql "$DATADIR" /run/mysqld
  exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" mariadbd "$@"
fi

# MARIADB_* wins over MYSQL_*, as in the official image.
root_password="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
allow_empty="${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"
random_root="${MARIADB_RANDOM_ROOT_PASSWORD:-${MYSQL_RANDOM_ROOT_PASSWORD:-}}"
root_host="${MARIADB_ROOT_HOST:-${MYSQL_ROOT_HOST:-%}}"
database="${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}"
user="${MARIADB_USER:-${MYSQL_USER:-}}"
password="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"

truthy() { case "${1,,}" in 1|y|yes|true|on) return 0 ;; *) return 1 ;; esac; }
sql_str() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }
sql_id() { printf '`%s`' "${1//\`/\`\`}"; }
log() { printf '%s [Entrypoint]: %s\n' "$(date -u '+%F %T')" "$*"; }

if [ ! -d "$DATADIR/mysql" ]; then
  if [ -z "$root_password" ] && ! truthy "$allow_empty" && ! truthy "$random_root"; then
    echo 'error: database is uninitialized and no root password option is set' >&2
    echo '       (MARIADB_ROOT_PASSWORD/MYSQL_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD/' >&2
    echo '        MYSQL_ALLOW_EMPTY_PASSWORD or MARIADB_RANDOM_ROOT_PASSWORD/MYSQL_RANDOM_ROOT_PASSWORD)' >&2
    exit 1
  fi
  if truthy "$random_root" && [ -z "$root_password" ]; then
    root_password=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)
    log "GENERATED ROOT PASSWORD: $root_password"
  fi

  log 'initialising database files'
  # Reads the same config files as the server (so Testcontainers' innodb settings apply too).
  mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve --default-time-zone=SYSTEM --rpm --cross-bootstrap "$@" \
    > /dev/null

  log 'starting temporary server'
  mariadbd --datadir="$DATADIR" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM \
    --wsrep-on=OFF --skip-slave-start \
    --loose-innodb-buffer-pool-load-at-startup=0 "$@" &
  pid=$!
  client=(mariadb --protocol=socket --socket="$SOCKET" -uroot --database=mysql)
  for _ in $(seq 1 60); do
    if "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo 'error: temporary server died' >&2; exit 1; }
    sleep 1
  done
  "${client[@]}" -e 'SELECT 1' >/dev/null

  pw=$(sql_str "$root_password")
  {
    echo 'SET @@SESSION.SQL_LOG_BIN=0;'
    echo "SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');"
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';"
    echo "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\\'', @@hostname, '\\'');"
    echo "DELETE FROM mysql.global_priv WHERE user = '';"
    echo 'FLUSH PRIVILEGES;'
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
    if [ "$root_host" != 'localhost' ]; then
      echo "CREATE USER 'root'@$(sql_str "$root_host") IDENTIFIED BY $pw;"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_str "$root_host") WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'%' TO 'root'@$(sql_str "$root_host") WITH GRANT OPTION;"
    fi
    if [ -n "$database" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_id "$database");"
    fi
    if [ -n "$user" ] && [ "$user" != 'root' ]; then
      echo "CREATE USER $(sql_str "$user")@'%' IDENTIFIED BY $(sql_str "$password");"
      if [ -n "$database" ]; then
        echo "GRANT ALL ON $(sql_id "$database").* TO $(sql_str "$user")@'%';"
      fi
    fi
    echo 'FLUSH PRIVILEGES;'
  } | "${client[@]}"

  client=(mariadb --protocol=socket --socket="$SOCKET" -uroot)
  [ -n "$root_password" ] && client+=("--password=$root_password")
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

  log 'stopping temporary server'
  kill "$pid"
  wait "$pid" || true
  log 'MariaDB init process done. Ready for start up.'
fi

exec mariadbd --datadir="$DATADIR" "$@"
