#!/usr/bin/env bash
# The balancer's first 30 s (issue 18 item 3): the whole system from ./start.sh on its own ports, the instances
# warmed straight (wrk to each port), then `./start.sh restart balancer` (a new, cold balancer JVM) and wrk through
# it for three 10 s windows back to back: 0-10 s, 10-20 s, 20-30 s after it serves. Each VARIANT is a set of
# FICHAS_BALANCER_* settings; variants alternate, ROUNDS times each, in one run, so they share the machine's load.
#   bench/balancer/coldstart.sh [rounds=2] [connections=64]
#   VARIANTS='old:FICHAS_BALANCER_HEAP=256m FICHAS_BALANCER_JVM_OPTS=-Xms32m FICHAS_BALANCER_CDS=false|new:' bench/balancer/coldstart.sh
#   (a ~ in a setting's value stands for a space: FICHAS_BALANCER_JVM_OPTS=-Xms64m~-XX:+UseParallelGC)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
CONNECTIONS=${2:-64}
# label:settings|label:settings (no colon in a label). before = the balancer's settings while it lived in the
# supervisor's JVM (256m heap, the JVM's default GC, which is G1 here, no class-data archive); after = the defaults.
VARIANTS=${VARIANTS:-"before:FICHAS_BALANCER_HEAP=256m FICHAS_BALANCER_JVM_OPTS=-Xms32m FICHAS_BALANCER_CDS=false|after:"}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fichas-bench-coldstart.XXXXXX")
export FICHAS_DATA_DIR="$WORK/data" FICHAS_LOG_DIR="$WORK/logs"
export FICHAS_BASE_PORT=${FICHAS_BASE_PORT:-8200} FICHAS_BALANCER_PORT=${FICHAS_BALANCER_PORT:-9200}
export FICHAS_CONTROL_PORT=${FICHAS_CONTROL_PORT:-9299} FICHAS_ADMIN_PASSWORD=bench-coldstart-pass
export FICHAS_RATELIMIT_ENABLED=false FICHAS_LOG_CONSOLE_LEVEL=OFF FICHAS_START_TIMEOUT=${FICHAS_START_TIMEOUT:-180s}
trap './start.sh stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing" >&2; exit 1; }
[ -f supervisor/target/fichas-supervisor.jar ] && [ -f instance/target/fichas-instance.jar ] \
  || ./mvnw -q -B package -DskipTests
export ADMIN_PASSWORD="$FICHAS_ADMIN_PASSWORD"
source bench/lib.sh
B="http://127.0.0.1:$FICHAS_BALANCER_PORT"
pid_of() { awk -v n="$1" '$1 == n {print $2}' "$FICHAS_DATA_DIR/instances.pid"; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); wrk -t2 -c$CONNECTIONS GET /producoes/tipos with a token"
IFS='|' read -r -a variants <<< "$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
  for v in "${variants[@]}"; do
    label=${v%%:*}; settings=${v#*:}
    read -r -a settings <<< "$settings"; settings=("${settings[@]//\~/ }") # ~ stands for a space inside a value
    env "${settings[@]}" ./start.sh start --daemon > "$WORK/start.out" 2>&1 || { cat "$WORK/start.out"; exit 1; }
    if [ ! -f "$WORK/archived-$label" ]; then # the first start of each variant writes its class-data archives
      ./start.sh stop > /dev/null
      env "${settings[@]}" ./start.sh start --daemon > "$WORK/start.out" 2>&1 || { cat "$WORK/start.out"; exit 1; }
      touch "$WORK/archived-$label"
    fi
    TOKEN=$(login "$FICHAS_BASE_PORT")
    for i in 0 1 2; do
      wrk -t1 -c16 -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$((FICHAS_BASE_PORT + i))/producoes/tipos" > /dev/null
    done
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    ./start.sh restart balancer > /dev/null
    until curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$B/producoes/tipos"; do sleep 0.02; done
    bal=$(pid_of balancer); t0=$(cpu_ticks "$bal")
    line="round $round, $label, load average $load:"
    for w in 1 2 3; do
      wrk -t2 -c"$CONNECTIONS" -d10s --latency -H "Authorization: Bearer $TOKEN" "$B/producoes/tipos" > "$WORK/w$w.txt"
      line="$line  $(( (w - 1) * 10 ))-$(( w * 10 )) s: $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/w$w.txt") req/s p99 $(awk '/^ +99%/ {print $2}' "$WORK/w$w.txt")"
    done
    t1=$(cpu_ticks "$bal")
    echo "$line; balancer CPU $(( (t1 - t0) / $(getconf CLK_TCK) )) s in 30 s, RSS $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$bal/status)"
    ./start.sh stop > /dev/null
  done
done
