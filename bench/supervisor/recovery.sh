#!/usr/bin/env bash
# Recovery and memory under load (issues 11, 12): the whole system from ./start.sh (its own ports and a temporary
# data dir), wrk load through the balancer (reads and writes), and meanwhile
#   - kill -9 of instance 2, KILLS times: ms from the kill to its /health answering 200 again (straight to its port);
#   - kill -9 of the balancer, KILLS times: ms from the kill to GET /health through the balancer answering 200 again;
# then, after the load: VmRSS of every process (the instances that were not killed served the whole run), the CPU
# each used (ps), and the load average at each step. IDLE_SECONDS=N: VmRSS once more after N s without load. Settings to compare are passed as FICHAS_* variables, e.g.
#   FICHAS_INSTANCE_JVM_OPTS='-XX:+UseSerialGC' bench/supervisor/recovery.sh
#   bench/supervisor/recovery.sh [kills=3] [load_seconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
KILLS=${1:-3}
LOAD_SECONDS=${2:-60}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fichas-bench-recovery.XXXXXX")
export FICHAS_DATA_DIR="$WORK/data" FICHAS_LOG_DIR="$WORK/logs"
export FICHAS_BASE_PORT=${FICHAS_BASE_PORT:-8200} FICHAS_BALANCER_PORT=${FICHAS_BALANCER_PORT:-9200}
export FICHAS_CONTROL_PORT=${FICHAS_CONTROL_PORT:-9299} FICHAS_ADMIN_PASSWORD=bench-recovery-pass
export FICHAS_RATELIMIT_ENABLED=false FICHAS_LOG_CONSOLE_LEVEL=OFF FICHAS_START_TIMEOUT=${FICHAS_START_TIMEOUT:-180s}
WRK_PIDS=()
cleanup() {
  for p in "${WRK_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  ./start.sh stop >/dev/null 2>&1 || true
  [ -n "${BENCH_KEEP:-}" ] && cp -r "$WORK/logs" "$BENCH_KEEP" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing" >&2; exit 1; }
[ -f supervisor/target/fichas-supervisor.jar ] && [ -f instance/target/fichas-instance.jar ] \
  || ./mvnw -q -B package -DskipTests

load() { cut -d' ' -f1-3 /proc/loadavg; }
pid_of() { awk -v n="$1" '$1 == n {print $2}' "$FICHAS_DATA_DIR/instances.pid"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_200() { # wait_200 URL: ms until it answers 200 (60 s at most)
  local began; began=$(now_ms)
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$1")" = 200 ] && { echo $(( $(now_ms) - began )); return; }
    sleep 0.02
  done
  echo "timeout"
}
rss() { awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "-"; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average at start: $(load)"
echo "settings: FICHAS_INSTANCE_JVM_OPTS='${FICHAS_INSTANCE_JVM_OPTS:-(default)}' FICHAS_INSTANCE_HEAP='${FICHAS_INSTANCE_HEAP:-(default)}'" \
     "FICHAS_BALANCER_JVM_OPTS='${FICHAS_BALANCER_JVM_OPTS:-(default)}' FICHAS_RESTART_BACKOFF='${FICHAS_RESTART_BACKOFF:-(default)}'"
# Twice: the first start writes the class-data archives at its graceful stop, as a real install's first start does.
./start.sh start --daemon > "$WORK/start1.out" 2>&1 || { cat "$WORK/start1.out"; exit 1; }
./start.sh stop > /dev/null
./start.sh start --daemon > "$WORK/start2.out" 2>&1 || { cat "$WORK/start2.out"; exit 1; }
echo "class-data archives: $(ls "$FICHAS_DATA_DIR/cds" 2>/dev/null | tr '\n' ' ')"
B="http://127.0.0.1:$FICHAS_BALANCER_PORT"
TOKEN=""
for _ in $(seq 1 120); do # the balancer may still be waiting for its first health checks
  TOKEN=$(curl -fs -X POST "$B/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$FICHAS_ADMIN_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/' || true)
  [ -n "$TOKEN" ] && break
  sleep 0.5
done
[ -n "$TOKEN" ] || { echo "bench: login through the balancer failed" >&2; exit 1; }
export TOKEN
wrk -t1 -c24 -d"${LOAD_SECONDS}s" -H "Authorization: Bearer $TOKEN" "$B/producoes/tipos" > "$WORK/wrk-get.txt" 2>&1 &
WRK_PIDS+=($!)
wrk -t1 -c8 -d"${LOAD_SECONDS}s" -s bench/lua/post-clientes.lua "$B" > "$WORK/wrk-post.txt" 2>&1 &
WRK_PIDS+=($!)
sleep 10
VICTIM_ID=$((FICHAS_BASE_PORT + 1))
for k in $(seq 1 "$KILLS"); do
  pid=$(pid_of "$VICTIM_ID"); l=$(load)
  kill -9 "$pid"
  echo "instance $VICTIM_ID kill -9 #$k under load (load average $l): healthy again after $(wait_200 "http://127.0.0.1:$VICTIM_ID/health") ms"
  sleep 5
done
for k in $(seq 1 "$KILLS"); do
  pid=$(pid_of balancer); l=$(load)
  kill -9 "$pid"
  echo "balancer kill -9 #$k under load (load average $l): serving again after $(wait_200 "$B/health") ms"
  sleep 3
done
wait "${WRK_PIDS[@]}" || true
WRK_PIDS=()
echo "load: GET $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-get.txt") req/s, POST $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-post.txt") req/s" \
     "($(grep -h 'Socket errors\|Non-2xx' "$WORK"/wrk-*.txt | tr '\n' ' ')); load average after: $(load)"
echo "after the load run (VmRSS; %CPU = CPU time / lifetime):"
ps -o pid=,pcpu=,etimes= -p "$(cat "$FICHAS_DATA_DIR/supervisor.pid" | awk '{print $2}')" | awk '{printf "  supervisor pid %s: %s%% CPU over %s s, ", $1, $2, $3}'
echo "$(rss "$(awk '{print $2}' "$FICHAS_DATA_DIR/supervisor.pid")")"
while read -r name pid _; do
  echo "  $name pid $pid: $(ps -o pcpu= -p "$pid")% CPU over $(ps -o etimes= -p "$pid" | tr -d ' ') s, $(rss "$pid")$([ "$name" = "$VICTIM_ID" ] && echo ' (restarted during the run)')"
done < "$FICHAS_DATA_DIR/instances.pid"
if [ "${IDLE_SECONDS:-0}" -gt 0 ]; then
  sleep "$IDLE_SECONDS"
  echo "after $IDLE_SECONDS s more without load (VmRSS):"
  while read -r name pid _; do echo "  $name pid $pid: $(rss "$pid")"; done < "$FICHAS_DATA_DIR/instances.pid"
fi
