#!/usr/bin/env bash
# migrate-to-postgres on 100,000 pedidos with their history (issue 16). Needs the instance jar and test classes:
#   ./mvnw -B -q package -pl instance -am -DskipTests && ./mvnw -B -q test-compile -pl instance -am
# Usage: FICHAS_BENCH_DB_URL=… FICHAS_DB_USER=… FICHAS_DB_PASSWORD=… bench/pg/migrate.sh [PEDIDOS=100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${FICHAS_BENCH_DB_URL:?set FICHAS_BENCH_DB_URL (an empty or disposable PostgreSQL database)}"
CP="instance/target/test-classes:instance/target/fichas-instance.jar"
exec java -Xmx1g -Dfichas.console.level=WARN -cp "$CP" fichas.instance.migrate.MigrationBench "$@"
