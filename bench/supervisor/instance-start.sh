#!/usr/bin/env bash
# One instance alone, from `java` to the first 200 of GET /health, in ms. For comparing JVM options, e.g.
# with and without the class-data archive the supervisor keeps in data/cds/:
#
#   bench/supervisor/instance-start.sh PORT DATA_DIR [java options...]
#   bench/supervisor/instance-start.sh 18500 /tmp/fb -Xmx256m -XX:+UseSerialGC
#   bench/supervisor/instance-start.sh 18500 /tmp/fb -Xmx256m -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/tmp/fb/i.jsa   # once
#   bench/supervisor/instance-start.sh 18500 /tmp/fb -Xmx256m -XX:+UseSerialGC -XX:SharedArchiveFile=/tmp/fb/i.jsa
set -euo pipefail
cd "$(dirname "$0")/../.."
port=$1 data=$2; shift 2
mkdir -p "$data"
began=$(date +%s%N)
FICHAS_PORT=$port FICHAS_DATA_DIR=$data FICHAS_LOG_DIR=$data FICHAS_ADMIN_PASSWORD=bench-instance-pass \
  java "$@" -jar instance/target/fichas-instance.jar > "$data/instance-start-$port.out" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
  kill -0 "$pid" 2>/dev/null || { echo "instance exited; see $data/instance-start-$port.out" >&2; exit 1; }
  sleep 0.02
done
ended=$(date +%s%N)
echo "$(( (ended - began) / 1000000 )) ms : $*"
kill "$pid"; wait "$pid" 2>/dev/null || true
