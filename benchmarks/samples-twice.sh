#!/usr/bin/env bash
# The samples suite's test time on a first and a second run (issue 14), on the machine's
# servers through the server provider (PostgreSQL 5432, MariaDB 3306, MySQL 3307; override with
# MIGRATEST_<ENGINE>_URL), where kept templates outlive the run. A Flyway placeholder with a
# value of its own (FLYWAY_PLACEHOLDERS_BENCHRUN) gives every template a key no earlier run
# used, so the first run builds them all and the second finds them. Nothing is installed into
# ~/.m2: the reactor builds core and the extension, whose own tests the filter leaves out.
# The same placeholder gives the built-in checks a key no earlier run used, so the first run runs
# them all and keeps their verdicts, and the second reuses them (migratest.checks.reuse is on
# unless the environment variable CI is set: unset CI, or run with MIGRATEST_CHECKS_REUSE=true).
# Prints one Markdown row per run: Maven's wall time, the test cases run, the distinct templates
# built and reused (a template reused by several engine-level cases counts once), and the
# built-in checks (check, engine, test class) that ran and that were reused.
set -euo pipefail
cd "$(dirname "$0")/.."
export MIGRATEST_POSTGRES_URL=${MIGRATEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export MIGRATEST_MARIADB_URL=${MIGRATEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/}
export MIGRATEST_MYSQL_URL=${MIGRATEST_MYSQL_URL:-jdbc:mysql://127.0.0.1:3307/}
export FLYWAY_PLACEHOLDERS_BENCHRUN=${FLYWAY_PLACEHOLDERS_BENCHRUN:-run$(date +%s)}
echo "| run | wall time (s) | tests | templates built | templates reused | checks ran | checks reused |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for run in first second; do
  start=$(date +%s.%N)
  mvn -B -q -o -pl samples -am test -Dtest='**/samples/**/*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    ${SAMPLES_ARGS:-} >/tmp/migratest-samples-$run.log 2>&1 || { tail -40 /tmp/migratest-samples-$run.log; exit 1; }
  end=$(date +%s.%N)
  tests=$(grep -ho '<testcase ' samples/target/surefire-reports/TEST-*.xml | wc -l)
  # distinct templates, from the cache's log lines (the engine-level cases write reports of their own)
  built=$( (grep -o 'built migratest_tpl_[0-9a-f]*' /tmp/migratest-samples-$run.log || true) | sort -u | wc -l)
  reused=$( (grep -o 'reused migratest_tpl_[0-9a-f]*' /tmp/migratest-samples-$run.log || true) | sort -u | wc -l)
  # built-in checks (check × engine × class), from the kept verdicts' log lines (migratest.checks.reuse, on unless CI is set)
  checks_ran=$( (grep -o 'Kept verdicts: .* for [^:]*: ran,' /tmp/migratest-samples-$run.log || true) | sort -u | wc -l)
  checks_reused=$( (grep -o 'Kept verdicts: .* for [^:]*: reused,' /tmp/migratest-samples-$run.log || true) | sort -u | wc -l)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$run" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" \
    "$tests" "$built" "$reused" "$checks_ran" "$checks_reused"
done
