#!/usr/bin/env bash
# Gets a Docker engine running and the local database images built, for Migratest's container
# provider (Testcontainers) in CI and on developers' machines of this project's kind.
#
# Why this exists: these machines have no Docker engine running and reach no container registry
# (only Maven Central and Debian's package mirrors), so the engine comes from Debian's docker.io
# package and the postgres/mariadb images are built locally by .ci/images/build.sh; CI then points
# MIGRATEST_POSTGRES_IMAGE / MIGRATEST_MYSQL_IMAGE / MIGRATEST_MARIADB_IMAGE at them.
#
# Idempotent, needs no stdin, runs as root: installs docker.io and debootstrap if missing, starts
# dockerd in the background (log: /tmp/migratest-dockerd.log) unless a daemon already answers,
# waits up to 60 s for it, then runs .ci/images/build.sh (which skips up-to-date images).
# dockerd needs no special flags here: overlay2, iptables (nf_tables) and cgroup v1 work as
# shipped, and published ports (-p 127.0.0.1::5432) are reachable from the host.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[docker] %s\n' "$*"; }
die() { printf '[docker] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, dockerd)"

dockerd_log=/tmp/migratest-dockerd.log
pidfile=/var/run/docker.pid

missing=()
{ [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ]; } || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q docker.io debootstrap
fi

# The first docker CLI in PATH may be newer than Debian's daemon (e.g. 28.x vs 20.10); it
# negotiates the API version down, but use Debian's own CLI if it cannot talk to the daemon.
docker_ok() { "$1" info >/dev/null 2>&1; }
daemon_answers() {
  docker_ok docker || { [ -x /usr/bin/docker ] && docker_ok /usr/bin/docker; }
}

if daemon_answers; then
  log "daemon already running"
else
  running=
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
      log "dockerd (pid $pid) is running but not answering yet; waiting for it"
      running=1
    else
      log "removing stale $pidfile (pid '${pid}')"
      rm -f "$pidfile"
    fi
  fi
  if [ -z "$running" ]; then
    log "starting dockerd (log: $dockerd_log)"
    # setsid + all descriptors redirected: the daemon must not hold the caller's stdout/stderr
    # (a CI runner would wait for it), and must outlive this script.
    setsid nohup /usr/sbin/dockerd ${MIGRATEST_DOCKERD_FLAGS:-} \
      </dev/null >>"$dockerd_log" 2>&1 &
  fi
  for _ in $(seq 1 60); do
    daemon_answers && break
    sleep 1
  done
  if ! daemon_answers; then
    tail -n 30 "$dockerd_log" >&2 || true
    die "the Docker daemon did not answer within 60 s (see $dockerd_log)"
  fi
  log "daemon is up"
fi

docker=docker
docker_ok docker || docker=/usr/bin/docker
log "client $("$docker" version --format '{{.Client.Version}} (API {{.Client.APIVersion}})'), server $("$docker" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

bash .ci/images/build.sh
