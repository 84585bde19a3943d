#!/usr/bin/env bash
# Builds the database images that Migratest's container provider (Testcontainers) runs in CI.
#
# Why this exists: no container registry is reachable from this project's machines (only Maven
# Central and Debian's package mirrors are), so `postgres:15` / `mariadb:10.11` / `mysql:9.7`
# cannot be pulled. Instead this script makes Debian root file systems with debootstrap from the
# Debian mirror the machine's apt already uses (debian-mirror.sh; no fallback host), imports them
# with `docker import`, and CI points Migratest's image overrides at them:
#   MIGRATEST_POSTGRES_IMAGE=migratest-local/postgres:15   (bookworm's postgresql-15)
#   MIGRATEST_MARIADB_IMAGE=migratest-local/mariadb:10.11  (bookworm's mariadb-server)
#   MIGRATEST_MYSQL_IMAGE=migratest-local/mysql:9.7        (sid's mysql-server: real MySQL, the
#                                                           root shared with .ci/mysql-server.sh)
# The entrypoints (postgres-, mariadb-, mysql-entrypoint.sh beside this file) mimic the
# official images' environment variables and first-start initialisation.
#
# Usage: build.sh [postgres] [mariadb] [mysql]   (no argument: all three, side by side)
# Idempotent: an image is skipped when the tag exists and its label org.migratest.inputs equals
# the hash of its build inputs (this script, its entrypoint and config files); change any of them
# and the image is rebuilt. MIGRATEST_IMAGES_REBUILD=1 forces a rebuild.
# Needs root, a running Docker daemon (see .ci/docker.sh) and debootstrap (installed if missing).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${MIGRATEST_IMAGES_WORKDIR:-/var/tmp/migratest-images}
cache=${MIGRATEST_IMAGES_CACHE:-/var/cache/migratest-debootstrap}
suite=bookworm
label=org.migratest.inputs

log() { printf '[images] %s\n' "$*"; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, docker)"

# The docker CLI first in PATH may be newer than the daemon; it negotiates the API version, but
# fall back to Debian's /usr/bin/docker if it cannot talk to the daemon.
docker=docker
if ! docker version >/dev/null 2>&1; then
  if [ -x /usr/bin/docker ] && /usr/bin/docker version >/dev/null 2>&1; then
    docker=/usr/bin/docker
  else
    die "docker daemon not reachable (run .ci/docker.sh)"
  fi
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
fi

# The Debian mirror this machine's apt uses (no fallback host: only that mirror is reachable
# here). Looked up only when a root is made, so up-to-date images need none.
mirror=
need_mirror() {
  [ -n "$mirror" ] && return 0
  mirror=$("$here/debian-mirror.sh") || die "no Debian mirror to debootstrap from (see above)"
}

inputs_hash() { # files...
  cat "$here/build.sh" "$@" | sha256sum | cut -c1-16
}

current_hash() { # tag
  "$docker" image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true
}

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

# make_root NAME PACKAGES: debootstrap minbase + packages into $work/NAME/root, then slim it.
make_root() {
  local name=$1 packages=$2 root="$work/$1/root"
  need_mirror
  remove_root "$root"
  mkdir -p "$root" "$cache/$name"
  log "debootstrap $suite ($packages) from $mirror"
  if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/$name" \
    "$suite" "$root" "$mirror" >"$work/$name/debootstrap.log" 2>&1; then
    tail -n 40 "$work/$name/debootstrap.log" >&2
    [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 40 "$root/debootstrap/debootstrap.log" >&2
    unmount_below "$root"
    die "debootstrap of $name failed (log: $work/$name/debootstrap.log)"
  fi
  unmount_below "$root"
  # keep images small: no package caches, lists, docs, man pages, translations or logs
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/usr/share/lintian "$root"/usr/share/common-licenses \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.cache
  printf 'deb %s %s main\n' "$mirror" "$suite" >"$root/etc/apt/sources.list"
  printf 'migratest\n' >"$root/etc/hostname"
}

import_root() { # name tag hash changes...
  local name=$1 tag=$2 hash=$3 root="$work/$1/root"
  shift 3
  local args=() c
  for c in "$@" "LABEL $label=$hash"; do args+=(--change "$c"); done
  log "docker import -> $tag"
  tar -C "$root" --numeric-owner --xattrs --exclude='./proc/*' --exclude='./sys/*' \
    --exclude='./dev/*' -cf - . | "$docker" import "${args[@]}" - "$tag" >/dev/null
  remove_root "$work/$name/root"
}

build_postgres() {
  local tag=migratest-local/postgres:15 hash
  hash=$(inputs_hash "$here/postgres-entrypoint.sh")
  if [ "${MIGRATEST_IMAGES_REBUILD:-}" != 1 ] && [ "$(current_hash "$tag")" = "$hash" ]; then
    log "$tag is up to date ($label=$hash), skipped"
    return 0
  fi
  local start=$SECONDS root="$work/postgres/root"
  make_root postgres postgresql-15
  # the package's postinst made a cluster in /var/lib/postgresql/15/main: the entrypoint makes its own
  rm -rf "$root"/var/lib/postgresql/15 "$root"/etc/postgresql/15
  # JIT is optional: without llvmjit.so PostgreSQL silently disables it; drops ~130 MB (LLVM, z3)
  rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit* "$root"/usr/lib/postgresql/15/lib/bitcode \
    "$root"/usr/lib/*-linux-gnu/libLLVM-* "$root"/usr/lib/*-linux-gnu/libz3.so*
  install -m 0755 "$here/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/docker-entrypoint-initdb.d" "$root/var/lib/postgresql/data"
  chroot "$root" chown postgres:postgres /var/lib/postgresql/data
  chmod 700 "$root/var/lib/postgresql/data"
  import_root postgres "$tag" "$hash" \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV LANG=C.UTF-8' 'ENV PGDATA=/var/lib/postgresql/data' \
    'EXPOSE 5432' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres"]'
  log "$tag built in $((SECONDS - start)) s"
}

build_mariadb() {
  local tag=migratest-local/mariadb:10.11 hash
  hash=$(inputs_hash "$here/mariadb-entrypoint.sh" "$here/mariadb.cnf" "$here/mariadb-server.cnf")
  if [ "${MIGRATEST_IMAGES_REBUILD:-}" != 1 ] && [ "$(current_hash "$tag")" = "$hash" ]; then
    log "$tag is up to date ($label=$hash), skipped"
    return 0
  fi
  local start=$SECONDS root="$work/mariadb/root"
  make_root mariadb mariadb-server,mariadb-client
  # Debian's package initialised /var/lib/mysql; the entrypoint initialises /var/lib/mysql-data
  rm -rf "$root"/var/lib/mysql/* "$root"/var/log/mysql/*
  install -m 0644 "$here/mariadb.cnf" "$root/etc/mysql/mariadb.cnf"
  install -m 0644 "$here/mariadb-server.cnf" "$root/etc/mysql/mariadb.conf.d/50-server.cnf"
  mkdir -p "$root/etc/mysql/conf.d" "$root/docker-entrypoint-initdb.d" \
    "$root/var/lib/mysql-data" "$root/run/mysqld"
  chroot "$root" chown mysql:mysql /var/lib/mysql-data /run/mysqld
  install -m 0755 "$here/mariadb-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  import_root mariadb "$tag" "$hash" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'ENV LANG=C.UTF-8' \
    'EXPOSE 3306' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["mariadbd"]'
  log "$tag built in $((SECONDS - start)) s"
}

# MySQL is not in Debian stable: its root is Debian sid's, made by mysql-root.sh and shared with
# CI's MySQL server (.ci/mysql-server.sh, which runs from it with --no-defaults and its data in
# /var/lib/migratest-server, excluded here), so it is not removed after the import.
build_mysql() {
  local tag=migratest-local/mysql:9.7 hash
  hash=$(inputs_hash "$here/mysql-entrypoint.sh" "$here/mysql.cnf" "$here/mysql-server.cnf" \
    "$here/mysql-root.sh")
  if [ "${MIGRATEST_IMAGES_REBUILD:-}" != 1 ] && [ "$(current_hash "$tag")" = "$hash" ]; then
    log "$tag is up to date ($label=$hash), skipped"
    return 0
  fi
  local start=$SECONDS root
  root=$("$here/mysql-root.sh")
  install -m 0644 "$here/mysql.cnf" "$root/etc/mysql/mysql.cnf"
  install -m 0644 "$here/mysql-server.cnf" "$root/etc/mysql/mysql.conf.d/mysqld.cnf"
  install -m 0755 "$here/mysql-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/etc/mysql/conf.d" "$root/docker-entrypoint-initdb.d" "$root/var/lib/mysql" \
    "$root/var/lib/mysql-files" "$root/run/mysqld"
  chroot "$root" chown mysql:mysql /var/lib/mysql /var/lib/mysql-files /run/mysqld
  log "docker import -> $tag"
  tar -C "$root" --numeric-owner --xattrs --exclude='./proc/*' --exclude='./sys/*' \
    --exclude='./dev/*' --exclude='./run/mysqld/*' --exclude='./tmp/*' \
    --exclude='./var/lib/mysql/*' --exclude='./var/lib/migratest-server*' -cf - . |
    "$docker" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' --change 'EXPOSE 3306' \
      --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["mysqld"]' \
      --change "LABEL $label=$hash" - "$tag" >/dev/null
  log "$tag built in $((SECONDS - start)) s"
}

mkdir -p "$work" "$cache"
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(postgres mariadb mysql)
for image in "${images[@]}"; do
  case "$image" in
    postgres|mariadb|mysql) ;;
    *) die "unknown image '$image' (expected postgres, mariadb or mysql)" ;;
  esac
done
log "docker: $docker; images: ${images[*]}"
started=$SECONDS
# The builds are independent (separate roots and package caches): run them side by side.
pids=()
for image in "${images[@]}"; do
  ("build_$image" 2>&1 | sed -u "s/^\[images\]/[images:$image]/") & pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ "$failed" = 0 ] || die "image build failed"
# A rebuild leaves the previous image untagged; drop those so rebuilds do not fill the disk.
"$docker" image prune -f --filter label=org.migratest.inputs >/dev/null || true

"$docker" image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}  {{.CreatedSince}}' 'migratest-local/*'
log "done in $((SECONDS - started)) s; use:"
cat <<'EOF'
export MIGRATEST_POSTGRES_IMAGE=migratest-local/postgres:15
export MIGRATEST_MYSQL_IMAGE=migratest-local/mysql:9.7
export MIGRATEST_MARIADB_IMAGE=migratest-local/mariadb:10.11
EOF
