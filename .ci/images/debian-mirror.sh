#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses for bookworm's main archive (deb822 .sources
# files first, then one-line .list files), for debootstrap. MIGRATEST_DEBIAN_MIRROR overrides it.
# Fails, naming the files it read, when apt names no such mirror: there is no fallback host,
# because on this project's machines only the mirror apt is configured with is reachable.
# Debian's unstable suite (sid, for MySQL) is not in apt's sources; the same mirror serves it.
set -euo pipefail

suite=${MIGRATEST_DEBIAN_APT_SUITE:-bookworm}

if [ -n "${MIGRATEST_DEBIAN_MIRROR:-}" ]; then
  printf '%s\n' "$MIGRATEST_DEBIAN_MIRROR"
  exit 0
fi

from_sources() { # deb822 stanzas: the first enabled one of Types deb listing $suite
  awk -v suite="$suite" '
    function flush() {
      if (!done && uris != "" && enabled && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ")) {
        split(uris, u, " "); print u[1]; done = 1; exit
      }
      uris = ""; suites = ""; types = ""; enabled = 1
    }
    BEGIN { enabled = 1 }
    /^[[:space:]]*$/ { flush(); next }
    /^[[:space:]]*#/ { next }
    /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
    /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^Enabled:[[:space:]]*no/ { enabled = 0 }
    END { flush() }' "$1"
}

from_list() { # one-line "deb [options] URI suite components"
  awk -v suite="$suite" '$1 == "deb" {
    i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
    if ($(i + 1) == suite) { print $i; exit } }' "$1"
}

read_files=()
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  read_files+=("$f")
  m=$(from_sources "$f")
  if [ -n "$m" ]; then printf '%s\n' "${m%/}"; exit 0; fi
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  read_files+=("$f")
  m=$(from_list "$f")
  if [ -n "$m" ]; then printf '%s\n' "${m%/}"; exit 0; fi
done

{
  echo "debian-mirror: apt names no mirror for the '$suite' suite (deb, main archive)."
  echo "  read: ${read_files[*]:-no sources files under /etc/apt}"
  echo "  => add the machine's Debian mirror to apt's sources, or set MIGRATEST_DEBIAN_MIRROR=<URI>"
} >&2
exit 1
