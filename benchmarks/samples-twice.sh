#!/usr/bin/env bash
# The samples suite's test time on a first and a second run (issue 14): the first run starts
# from an empty kept-template store and builds every seeded template, the second finds them by
# their keys and migrates nothing for them. Embedded PostgreSQL keeps its templates in a fresh
# data directory (so that the first run is a real first run, whatever earlier runs kept);
# MariaDB and MySQL classes run on the machine's servers when their URLs are given, e.g.
#   MIGRATEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/ MIGRATEST_MYSQL_URL=jdbc:mysql://127.0.0.1:3307/ \
#     benchmarks/samples-twice.sh
# (their kept templates on those servers may predate the first run; the table says so).
# Prints one Markdown row per run with Maven's wall time and Surefire's test count.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d /tmp/migratest-samples-pgdata.XXXXXX)
mvn -B -q -o -pl samples -am install -DskipTests >/dev/null
echo "| run | wall time (s) | tests | templates built | templates reused |"
echo "|---|---:|---:|---:|---:|"
for run in first second; do
  start=$(date +%s.%N)
  mvn -B -q -o -pl samples test -Dmigratest.provider=auto -Dmigratest.embedded.dataDir="$data_dir" \
    ${SAMPLES_ARGS:-} >/tmp/migratest-samples-$run.log 2>&1 || { tail -40 /tmp/migratest-samples-$run.log; exit 1; }
  end=$(date +%s.%N)
  tests=$(grep -ho 'tests="[0-9]*"' samples/target/surefire-reports/TEST-*.xml | grep -o '[0-9]*' | paste -sd+ | bc)
  built=$(grep -o 'built migratest_tpl_[0-9a-f]*' samples/target/migratest/report.json 2>/dev/null | sort -u | wc -l)
  reused=$(grep -o 'reused migratest_tpl_[0-9a-f]*' samples/target/migratest/report.json 2>/dev/null | sort -u | wc -l)
  printf '| %s | %.1f | %s | %s | %s |\n' "$run" "$(echo "$end - $start" | bc)" "$tests" "$built" "$reused"
done
rm -rf "$data_dir"
