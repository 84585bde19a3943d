#!/usr/bin/env bash
# Makes (once) the Debian unstable (sid) root file system with mysql-server 9.x that both the
# migratest-local/mysql:9.7 image (.ci/images/build.sh) and CI's MySQL server for the server
# provider (.ci/mysql-server.sh) run from: Debian stable ships only MariaDB, sid ships MySQL.
# One root for both saves a second debootstrap (~1 min, ~200 MB of packages) per CI run.
#
# Prints the root's path on stdout; logs go to stderr. Idempotent: the root is reused while its
# stamp equals the hash of this script; otherwise it is remade (refused while a process runs
# from it). Concurrent callers wait on a lock. Needs root and debootstrap.
#   MIGRATEST_MYSQL_ROOT_DIR  where the root lives (default /var/tmp/migratest-mysql; root in ./root)
#   MIGRATEST_IMAGES_CACHE    debootstrap's package cache (default /var/cache/migratest-debootstrap)
#   MIGRATEST_DEBIAN_MIRROR   the mirror (default: the one apt uses, see debian-mirror.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${MIGRATEST_MYSQL_ROOT_DIR:-/var/tmp/migratest-mysql}
cache=${MIGRATEST_IMAGES_CACHE:-/var/cache/migratest-debootstrap}/mysql-sid
root=$dir/root
stamp=$dir/root.inputs
suite=sid
packages=mysql-server

log() { printf '[mysql-root] %s\n' "$*" >&2; }
die() { printf '[mysql-root] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
mkdir -p "$dir" "$cache"
hash=$(sha256sum <"$here/mysql-root.sh" | cut -c1-16)

exec 9>"$dir/lock"
flock 9

if [ -x "$root/usr/sbin/mysqld" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
  printf '%s\n' "$root"
  exit 0
fi

unmount_below() { # dir: undo mounts debootstrap may leave after a failure
  local m
  for m in $(awk -v d="$1" 'index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" || true
  done
}

remove_root() { # dir
  [ -e "$1" ] || return 0
  unmount_below "$1"
  rm -rf --one-file-system "$1"
}

if [ -e "$root" ]; then
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then
      die "$root is outdated but process ${p#/proc/} runs from it (a MySQL server?) => stop it, then rerun"
    fi
  done
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2
fi
mirror=$("$here/debian-mirror.sh") || die "no Debian mirror (see above)"

new=$dir/root.new
remove_root "$new"
rm -f "$stamp"
mkdir -p "$new"
log "debootstrap $suite ($packages) from $mirror into $root"
start=$SECONDS
if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$cache" \
  "$suite" "$new" "$mirror" >"$dir/debootstrap.log" 2>&1; then
  tail -n 40 "$dir/debootstrap.log" >&2
  [ -f "$new/debootstrap/debootstrap.log" ] && tail -n 40 "$new/debootstrap/debootstrap.log" >&2
  unmount_below "$new"
  die "debootstrap of $suite failed (log: $dir/debootstrap.log)"
fi
unmount_below "$new"
# The package's postinst initialised /var/lib/mysql and, when the host's port 3306 was taken
# (the chroot shares the host's network), wrote a port-3307 override: neither belongs in the root.
rm -rf "$new"/var/lib/mysql/* "$new"/var/log/mysql/* "$new"/etc/mysql/mysql.conf.d/99-port-backoff.cnf
# small: no package caches, lists, docs, man pages, translations or logs
rm -rf "$new"/var/cache/apt/archives/*.deb "$new"/var/cache/apt/*.bin \
  "$new"/var/lib/apt/lists/* "$new"/var/cache/debconf/*-old "$new"/var/lib/dpkg/*-old \
  "$new"/usr/share/doc/* "$new"/usr/share/man/* "$new"/usr/share/info/* \
  "$new"/usr/share/locale/* "$new"/usr/share/lintian "$new"/usr/share/common-licenses \
  "$new"/var/log/*.log "$new"/var/log/apt/* "$new"/tmp/* "$new"/root/.cache
printf 'deb %s %s main\n' "$mirror" "$suite" >"$new/etc/apt/sources.list"
printf 'migratest\n' >"$new/etc/hostname"
chroot "$new" mysqld --version >&2
remove_root "$root"
mv "$new" "$root"
printf '%s\n' "$hash" >"$stamp"
log "made $root in $((SECONDS - start)) s"
printf '%s\n' "$root"
