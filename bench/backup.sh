#!/usr/bin/env bash
# What a backup costs (docs/PERFORMANCE.md, "Backups"). Needs the instance jar and its test classes:
#   ./mvnw -B -q package -pl instance -am -DskipTests && ./mvnw -B -q test-compile -pl instance -am
# then
#   bench/backup.sh [PEDIDOS=100000] [IMAGES=10000] [SECONDS=20] [WRITERS=4]   one instance seeded through the API;
#       write latency (POST /pedidos) without a backup, then while POST /backups runs back to back
#   bench/backup.sh methods [ROWS=100000]   VACUUM INTO vs the backup API: copy time, writer stalls
set -euo pipefail
cd "$(dirname "$0")/.."
CP="instance/target/test-classes:instance/target/fichas-instance.jar"
if [ "${1:-}" = "methods" ]; then
  shift
  exec java -Xmx1g -cp "$CP" fichas.instance.backup.SnapshotMethodBench "$@"
fi
exec java -Xmx1g -Dfichas.console.level=WARN -cp "$CP" fichas.instance.backup.BackupBench "$@"
