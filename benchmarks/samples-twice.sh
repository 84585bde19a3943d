#!/usr/bin/env bash
# The samples suite's test time on a first and a second run (issue 14), on the machine's
# servers through the server provider (PostgreSQL 5432, MariaDB 3306, MySQL 3307; override with
# MIGRATEST_<ENGINE>_URL), where kept templates outlive the run. A Flyway placeholder with a
# value of its own (FLYWAY_PLACEHOLDERS_BENCHRUN) gives every template a key no earlier run
# used, so the first run builds them all and the second finds them. Nothing is installed into
# ~/.m2: the reactor builds core and the extension, whose own tests the filter leaves out.
# Prints one Markdown row per run: Maven's wall time, the tests run, the templates built/reused.
set -euo pipefail
cd "$(dirname "$0")/.."
export MIGRATEST_POSTGRES_URL=${MIGRATEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export MIGRATEST_MARIADB_URL=${MIGRATEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/}
export MIGRATEST_MYSQL_URL=${MIGRATEST_MYSQL_URL:-jdbc:mysql://127.0.0.1:3307/}
export FLYWAY_PLACEHOLDERS_BENCHRUN=${FLYWAY_PLACEHOLDERS_BENCHRUN:-run$(date +%s)}
echo "| run | wall time (s) | tests | templates built | templates reused |"
echo "|---|---:|---:|---:|---:|"
for run in first second; do
  start=$(date +%s.%N)
  mvn -B -q -o -pl samples -am test -Dtest='**/samples/**/*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    ${SAMPLES_ARGS:-} >/tmp/migratest-samples-$run.log 2>&1 || { tail -40 /tmp/migratest-samples-$run.log; exit 1; }
  end=$(date +%s.%N)
  tests=$(grep -ho 'tests="[0-9]*"' samples/target/surefire-reports/TEST-*.xml | grep -o '[0-9]*' | paste -sd+ | bc)
  built=$(grep -o '"built"' samples/target/migratest/report.json 2>/dev/null | wc -l)
  reused=$(grep -o '"reused"' samples/target/migratest/report.json 2>/dev/null | wc -l)
  printf '| %s | %.1f | %s | %s | %s |\n' "$run" "$(echo "$end - $start" | bc)" "$tests" "$built" "$reused"
done
