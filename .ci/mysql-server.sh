#!/usr/bin/env bash
# Runs a real MySQL server (Debian sid's mysql-server 9.x) on 127.0.0.1:3307 for Migratest's
# server provider in CI; the machine's own MariaDB keeps 3306. Root, empty password.
#
# Leaves alone a server that already answers on the port (as long as it is MySQL, not MariaDB).
# Otherwise: makes or reuses the sid root shared with the migratest-local/mysql image
# (.ci/images/mysql-root.sh), initialises /var/lib/migratest-server in it once, and starts
# mysqld in that root with chroot, detached from this shell (setsid nohup, all fds redirected)
# so that it outlives CI's steps; --no-defaults keeps it independent of the image's config files.
# Waits until it answers. Needs root.
#   MIGRATEST_MYSQL_SERVER_PORT   (default 3307)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${MIGRATEST_MYSQL_SERVER_PORT:-3307}
data=/var/lib/migratest-server

log() { printf '[mysql-server] %s\n' "$*"; }
die() { printf '[mysql-server] ERROR: %s\n' "$*" >&2; exit 1; }

answers() { # mariadb-admin's ping succeeds even when the login is refused: "is anything there"
  mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$port" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

version() {
  mariadb --protocol=tcp -h 127.0.0.1 -P "$port" -uroot -N -B -e 'SELECT VERSION()' 2>&1
}

check_mysql() { # the server for the MYSQL engine must be MySQL
  local v
  v=$(version) || die "the server on 127.0.0.1:$port does not let root in without a password: $v"
  case "$v" in
    *MariaDB*) die "127.0.0.1:$port is MariaDB ($v), not MySQL => free the port or set MIGRATEST_MYSQL_SERVER_PORT" ;;
  esac
  log "127.0.0.1:$port answers: MySQL $v"
}

if answers; then
  log "a server already answers on 127.0.0.1:$port: left alone"
  check_mysql
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (chroot)"
root=$("$here/images/mysql-root.sh")
mysqld=(chroot "$root" mysqld --no-defaults --user=root --datadir="$data")

if [ ! -d "$root$data/mysql" ]; then
  log "initialising $root$data"
  rm -rf "${root:?}$data"
  "${mysqld[@]}" --initialize-insecure --log-error-verbosity=1 >"$root$data.init.log" 2>&1 ||
    { tail -n 20 "$root$data.init.log" >&2; die "mysqld --initialize-insecure failed"; }
fi

mkdir -p "$root/run/mysqld"
log "starting mysqld from $root on 127.0.0.1:$port (log: $root$data.err)"
setsid nohup "${mysqld[@]}" --port="$port" --bind-address=127.0.0.1 --mysqlx=OFF \
  --socket=/run/mysqld/migratest-server.sock --pid-file=/run/mysqld/migratest-server.pid \
  --log-error="$data.err" </dev/null >/dev/null 2>&1 &

for _ in $(seq 1 90); do
  answers && break
  sleep 1
done
answers || { tail -n 30 "$root$data.err" >&2 || true; die "mysqld did not answer on 127.0.0.1:$port within 90 s"; }
check_mysql
