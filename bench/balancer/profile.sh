#!/usr/bin/env bash
# Where the balancer's CPU goes per request, cold and warm (issue 18): the balancer in front of three static
# nginx backends (only the proxy's own cost), Java Flight Recorder on from the JVM's start. wrk runs for
# the first window right after the port opens (cold), then a second window (warm); a recording is dumped
# after each, and the hottest methods (top frames of the execution samples) and the allocation by class are
# printed for each window, with the request rate and the balancer's CPU.
# Usage: [CP=supervisor/target/fichas-supervisor.jar] bench/balancer/profile.sh [window=30s] [connections=64]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" # start_static_backends, jfr_hot

WINDOW=${1:-30s}
CONNECTIONS=${2:-64}
CP=${CP:-$ROOT/supervisor/target/fichas-supervisor.jar}
command -v wrk >/dev/null && command -v nginx >/dev/null && command -v jfr >/dev/null
WORK=$(mktemp -d)
BAL=""
cleanup() {
  [ -f "$WORK/static.pid" ] && kill "$(cat "$WORK/static.pid")" 2>/dev/null || true
  [ -n "$BAL" ] && kill "$BAL" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
start_static_backends "$WORK" 18441 18442 18443
env FICHAS_BALANCER_PORT=18440 FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=true \
    FICHAS_RATELIMIT_PER_MINUTE=10000000 FICHAS_RATELIMIT_HEALTH_PER_MINUTE=10000000 \
    FICHAS_BACKENDS=127.0.0.1:18441,127.0.0.1:18442,127.0.0.1:18443 FICHAS_LOG_LEVEL=WARN \
    java -Xmx192m -XX:+UseParallelGC -XX:StartFlightRecording=settings=profile,filename="$WORK/start.jfr" \
    -cp "$CP" fichas.balancer.BalancerMain > "$WORK/balancer.out" 2>&1 &
BAL=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:18440/x" && break; sleep 0.1; done
cpu() { awk '{print $14 + $15}' "/proc/$BAL/stat"; }
window() { # LABEL
  local c0; c0=$(cpu)
  jcmd "$BAL" JFR.stop name=1 >/dev/null 2>&1 || true
  jcmd "$BAL" JFR.start name=w settings=profile >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$WINDOW" --latency "http://127.0.0.1:18440/producoes/tipos" > "$WORK/$1.txt"
  jcmd "$BAL" JFR.dump name=w filename="$WORK/$1.jfr" >/dev/null
  jcmd "$BAL" JFR.stop name=w >/dev/null
  local ticks=$(( $(cpu) - c0 )) requests; requests=$(awk '/requests in/ {print $1}' "$WORK/$1.txt")
  echo "== $1: $(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt") req/s, p99 $(awk '$1 == "99%" {print $2}' "$WORK/$1.txt"), balancer CPU $(echo "$ticks / $(getconf CLK_TCK)" | bc -l | cut -c1-5) s = $(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l | cut -c1-5) us/request, load $(cut -d' ' -f1 /proc/loadavg)"
  jfr_hot "$WORK/$1.jfr"
}
echo "balancer up; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS -d$WINDOW per window"
window cold
window warm
