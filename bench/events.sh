#!/usr/bin/env bash
# Issue 14 benchmark: N Server-Sent Events subscribers through the balancer while POST /clientes runs
# at a fixed rate (every subscriber must get every event, in order, none twice; delivery lag
# percentiles), memory per idle subscriber (RSS of the supervisor+balancer and the instances), and
# write throughput at full speed with the N subscribers open vs none. Before the measured writes, 5 s of the
# same writes with the streams open warm every process's event relay paths (not measured; checked for order
# too). Starts the whole system with ./start.sh on the given ports (rate limit off: one address opens them
# all), stops it at the end.
# Usage: bench/events.sh [subscribers=1000] [rate=200] [seconds=30] [write_threads=16] [write_seconds=15]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUBS=${1:-1000}; RATE=${2:-200}; SECONDS_=${3:-30}; THREADS=${4:-16}; WSECONDS=${5:-15}
export FICHAS_BASE_PORT=${FICHAS_BASE_PORT:-8500} FICHAS_BALANCER_PORT=${FICHAS_BALANCER_PORT:-9500}
export FICHAS_CONTROL_PORT=${FICHAS_CONTROL_PORT:-9599} FICHAS_RATELIMIT_ENABLED=false
# every subscriber comes from 127.0.0.1: lift the per-address connection cap (default 64) for the run
export FICHAS_BALANCER_CLIENT_CONNECTIONS=${FICHAS_BALANCER_CLIENT_CONNECTIONS:-5000}
export FICHAS_ADMIN_PASSWORD=${FICHAS_ADMIN_PASSWORD:-bench-events-pass}
WORK=$(mktemp -d)
export FICHAS_DATA_DIR="$WORK/data" FICHAS_LOG_DIR="$WORK/logs"
cd "$ROOT"
trap './start.sh stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
./start.sh start --daemon
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$FICHAS_BALANCER_PORT/health" >/dev/null 2>&1 && break; sleep 0.2
done
sleep 3
PIDS=$(for p in $FICHAS_BALANCER_PORT $FICHAS_BASE_PORT $((FICHAS_BASE_PORT+1)) $((FICHAS_BASE_PORT+2)); do
  ss -ltnpH "sport = :$p" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1; done | tr '\n' ' ')
echo "pids (balancer/supervisor, instances): $PIDS; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/events/EventsBench.java "$FICHAS_BALANCER_PORT" "$FICHAS_ADMIN_PASSWORD" "$SUBS" "$RATE" "$SECONDS_" \
    "$THREADS" "$WSECONDS" $PIDS
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
