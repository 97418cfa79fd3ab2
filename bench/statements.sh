#!/usr/bin/env bash
# What the JDBC wrappers around every pooled SQLite connection (StatementCache over SlowQueryLog) cost per
# statement, in process: StatementPathBench reads by primary key through the wrapped connection and through the
# bare driver connection, alternating, after a warm-up. Run under the heavy lock on a quiet machine.
#   bench/statements.sh [rounds=3] [threads=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # ROOT
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && ./mvnw -q -B -pl instance -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null)
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
java -Xmx256m -cp "$ROOT/instance/target/test-classes:$ROOT/instance/target/classes:$(cat "$CP_FILE")" \
    fichas.instance.store.StatementPathBench "${1:-3}" "${2:-2}" 2>/dev/null | grep '^round'
