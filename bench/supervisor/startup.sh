#!/usr/bin/env bash
# Supervisor benchmark: time from `./start.sh start` to "Fichas is up" (all instances healthy, balancer
# listening) on a built tree, and the RSS of the supervisor JVM, the balancer's JVM and each instance at idle. Results go in docs/PERFORMANCE.md, section "## Supervisor".
#
#   bench/supervisor/startup.sh [runs]        (default 4 runs; the first one starts on an empty data dir)
#
# Runs on its own ports and a temporary data dir, so it does not disturb a Fichas already running.
# Override with FICHAS_BASE_PORT, FICHAS_BALANCER_PORT, FICHAS_CONTROL_PORT, IDLE_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-4}
IDLE_SECONDS=${IDLE_SECONDS:-15}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fichas-bench-supervisor.XXXXXX")
export FICHAS_DATA_DIR="$WORK/data" FICHAS_LOG_DIR="$WORK/logs"
export FICHAS_BASE_PORT=${FICHAS_BASE_PORT:-28000} FICHAS_BALANCER_PORT=${FICHAS_BALANCER_PORT:-29000}
export FICHAS_CONTROL_PORT=${FICHAS_CONTROL_PORT:-29099} FICHAS_ADMIN_PASSWORD=bench-supervisor-pass
export FICHAS_LOG_CONSOLE_LEVEL=OFF
SUPERVISOR_PID=""
trap '[ -n "$SUPERVISOR_PID" ] && ./start.sh stop >/dev/null 2>&1; rm -rf "$WORK"' EXIT

[ -f supervisor/target/fichas-supervisor.jar ] && [ -f instance/target/fichas-instance.jar ] \
  || ./mvnw -q -B package -DskipTests

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -sr)"
for run in $(seq 1 "$RUNS"); do
  out="$WORK/run-$run.out"
  load=$(cut -d' ' -f1 /proc/loadavg)
  [ -f "$FICHAS_LOG_DIR/supervisor.log" ] && : > "$FICHAS_LOG_DIR/supervisor.log"
  began=$(date +%s%N)
  ./start.sh start > "$out" 2>&1 &
  SUPERVISOR_PID=$!
  until grep -q "Fichas is up" "$out"; do
    kill -0 "$SUPERVISOR_PID" 2>/dev/null || { echo "supervisor exited:"; cat "$out"; exit 1; }
    sleep 0.02
  done
  ended=$(date +%s%N)
  label=$([ "$run" = 1 ] && echo "first start, empty data dir" || echo "start with data$([ "${FICHAS_INSTANCE_CDS:-true}" = true ] && echo " and class-data archive")")
  echo "run $run ($label, load average $load): $(( (ended - began) / 1000000 )) ms from ./start.sh start to 'Fichas is up'"
  grep "Fichas is up" "$out"
  grep -o 'instance [0-9]* is healthy after [0-9.]* m*s' "$FICHAS_LOG_DIR/supervisor.log" | sed 's/^/  /' 
  if [ "$run" = "$RUNS" ]; then
    sleep "$IDLE_SECONDS"
    echo "idle RSS after ${IDLE_SECONDS} s (VmRSS from /proc):"
    echo "  supervisor pid $SUPERVISOR_PID: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$SUPERVISOR_PID/status)"
    while read -r name pid _; do # the instances by id, and the balancer
      echo "  $name pid $pid: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
    done < "$FICHAS_DATA_DIR/instances.pid"
    ./start.sh status
  fi
  ./start.sh stop > /dev/null
  wait "$SUPERVISOR_PID" || true
  SUPERVISOR_PID=""
done
