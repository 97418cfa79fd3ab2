#!/usr/bin/env bash
# Runs one of the instance's in-process microbenchmarks (a main class under instance/src/test, named *Bench) from
# the test classpath, printing its "round" lines and the load average. Run under the heavy lock on a quiet machine.
#   bench/inprocess.sh store.StatementPathBench [rounds=3] [threads=2]   the JDBC wrappers vs the bare driver
#   bench/inprocess.sh http.JsonWriteBench [rounds=3] [threads=2]        writing pages of clientes and pedidos
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # ROOT
[[ $# -ge 1 ]] || { echo "usage: bench/inprocess.sh PACKAGE.CLASS [args...] (under fichas.instance)" >&2; exit 2; }
BENCH=fichas.instance.$1; shift
[[ $# -gt 0 ]] || set -- 3 2
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && ./mvnw -q -B -pl instance -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null)
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $BENCH $*"
java -Xmx256m -cp "$ROOT/instance/target/test-classes:$ROOT/instance/target/classes:$(cat "$CP_FILE")" \
    "$BENCH" "$@" 2>/dev/null | grep '^round'
