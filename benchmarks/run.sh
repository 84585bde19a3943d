#!/usr/bin/env bash
# Runs one benchmark on demand against the machine's PostgreSQL (5432), MariaDB (3306) and MySQL (3307).
#   benchmarks/run.sh isolation "10,50,200 15"    # history lengths, rounds
#   benchmarks/run.sh fixtures "" -Dbenchmark.rows=1000000      # or "postgres,mariadb,mysql nodbunit"
#   benchmarks/run.sh diff "1000000 postgres,mariadb,mysql"  # runs with -Xmx256m
#   benchmarks/run.sh templates "200 30 embedded,postgres,mariadb,mysql"  # kept templates vs clean+migrate
#   benchmarks/samples-twice.sh                      # the samples suite, first and second run
#   benchmarks/run.sh checks "postgres,mariadb 3"  # servers, rounds[, migrations]
#   benchmarks/run.sh volume "10000,100000 postgres,mariadb,mysql"  # sizes, engines
# Prints a Markdown table; BENCHMARKS.md records the figures and this command.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: benchmarks/run.sh isolation|fixtures|diff|checks|volume|templates [args]}
args=${2:-}
shift $(( $# > 1 ? 2 : 1 ))
case "$name" in
  isolation) main=io.migratest.benchmarks.isolation.IsolationBenchmark ;;
  fixtures) main=io.migratest.benchmarks.FixtureLoadBenchmark ;;
  diff) main=io.migratest.benchmarks.diff.DiffBenchmark; set -- "$@" -Dbench.heap=256m ;;
  templates) main=io.migratest.benchmarks.templates.TemplatesBenchmark ;;
  checks) main=io.migratest.benchmarks.checks.ChecksBenchmark ;;
  volume) main=io.migratest.benchmarks.volume.VolumeBenchmark ;;
  *) main=${BENCH_MAIN:?unknown benchmark $name: set BENCH_MAIN to its class} ;;
esac
mvn -B -q -Pbenchmarks -pl benchmarks -am verify -DskipTests -Dbench.skip=false \
  -Dbench.main="$main" -Dbench.args="$args" "$@"
