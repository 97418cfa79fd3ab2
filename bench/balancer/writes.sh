#!/usr/bin/env bash
# Write routing benchmark (issue 12): POST /clientes through a balancer with writer routing, through one
# with round-robin writes, and straight to one instance, in the same run, in front of the same three
# instance processes on one SQLite file. Rounds alternate the three targets so that the machine's noise
# falls on all of them. Prints wrk's figures, the load average and the CPU seconds each process used.
# Needs wrk and curl. Usage: bench/balancer/writes.sh [duration=15s] [connections=64] [rounds=2]
# WARMUP (default 20s): writes sent to each target before the rounds. Both JVMs' write paths take tens of seconds to
# compile: with 5 s each, round 1 measured warm-up (7,800 writes/s direct against 14,000 from round 2 on, PERFORMANCE.md).
# Ports (127.0.0.1 only): BASE (default 18501..18503) instances, BASE+10 writer, BASE+11 round-robin.
source "$(dirname "$0")/../lib.sh"
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
ROUNDS=${3:-2}
BASE=${BASE:-18501}
need wrk; need curl; need jq; need bc
build_if_missing
# The supervisor's shaded jar holds the balancer and everything it needs (BalancerMain runs from it).
SUP_JAR="$ROOT/supervisor/target/fichas-supervisor.jar"
[ -f "$SUP_JAR" ] || (cd "$ROOT" && ./mvnw -q -B -pl supervisor -am package -DskipTests)
WORK=$(mktemp -d)
OUT="$WORK/results"; mkdir -p "$OUT"
cp "$SUP_JAR" "$WORK/balancer.jar"; SUP_JAR="$WORK/balancer.jar" # a rebuild must not pull the jar from under it
trap 'stop_all; rm -rf "$WORK"' EXIT

PORTS=($BASE $((BASE + 1)) $((BASE + 2)))
WRITER_PORT=$((BASE + 10)); RR_PORT=$((BASE + 11))
BACKENDS=$(printf '127.0.0.1:%s,' "${PORTS[@]}"); BACKENDS=${BACKENDS%,}
echo "== three instances on one data dir ($WORK/data), rate limit off"
for port in "${PORTS[@]}"; do start_instance "$port" "$WORK/data" FICHAS_INSTANCE_ID="$port"; done
INSTANCE_PIDS=("${PIDS[@]}")
start_balancer() { # PORT ROUTING
  env FICHAS_BALANCER_PORT="$1" FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
      FICHAS_BACKENDS="$BACKENDS" FICHAS_BALANCER_WRITE_ROUTING="$2" FICHAS_LOG_LEVEL=WARN \
      java -Xmx256m -cp "$SUP_JAR" fichas.balancer.BalancerMain > "$WORK/balancer-$1.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: balancer on $1 did not answer" >&2; exit 1
}
start_balancer "$WRITER_PORT" writer; WRITER_PID=${PIDS[-1]}
start_balancer "$RR_PORT" round-robin; RR_PID=${PIDS[-1]}
TOKEN=$(login "${PORTS[0]}"); export TOKEN
[ -n "$TOKEN" ] || { echo "bench: login failed" >&2; exit 1; }

HZ=$(getconf CLK_TCK)
snapshot() { for p in "${INSTANCE_PIDS[@]}" "$WRITER_PID" "$RR_PID"; do echo "$p $(cpu_ticks "$p")"; done; }
cpu_report() { # BEFORE_FILE
  local line pid before after names=("i${PORTS[0]}" "i${PORTS[1]}" "i${PORTS[2]}" "bal-writer" "bal-rr") n=0 out=""
  while read -r pid before; do
    after=$(cpu_ticks "$pid")
    out+=$(printf '%s %.1fs  ' "${names[$n]}" "$(echo "($after - $before) / $HZ" | bc -l)")
    n=$((n + 1))
  done < "$1"
  echo "    cpu: $out"
}
# Lock waits (busy handler) per instance, from GET /monitoring/cache/status: waits, handler calls, ms waited, CPU ms.
lock_waits() { for port in "${PORTS[@]}"; do
  curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/monitoring/cache/status" \
    | jq -r '.database | "\(.commits) \(.grouped_writes) \(.lock_waits) \(.lock_wait_handler_calls) \(.lock_wait_ms) \(.lock_wait_cpu_ms)"'
done; }
lock_report() { # BEFORE_FILE
  local n=0 out=""
  while read -r c0 w0 l0 h0 ms0 cpu0 && read -r c1 w1 l1 h1 ms1 cpu1 <&3; do
    out+=$(printf 'i%s: %d commits/%d writes, %d waits, %d calls, %.0f ms waited, %.1f CPU ms  ' "${PORTS[$n]}" \
        $((c1 - c0)) $((w1 - w0)) $((l1 - l0)) $((h1 - h0)) "$(echo "$ms1 - $ms0" | bc -l)" "$(echo "$cpu1 - $cpu0" | bc -l)")
    n=$((n + 1))
  done < "$1" 3< <(lock_waits)
  echo "    lock waits: $out"
}
run() { # LABEL PORT TAG
  lock_waits > "$WORK/locks.before"
  snapshot > "$WORK/cpu.before"
  BENCH_TAG=$3 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-clientes.lua" \
      "http://127.0.0.1:$2" > "$OUT/$3.txt"
  summary "$1" "$OUT/$3.txt"
  cpu_report "$WORK/cpu.before"
  lock_report "$WORK/locks.before"
  echo "    load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

WARMUP=${WARMUP:-20s}
echo "== warm-up ($WARMUP each)"
for port in "${PORTS[0]}" "$WRITER_PORT" "$RR_PORT"; do
  BENCH_TAG=warm$port wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/lua/post-clientes.lua" "http://127.0.0.1:$port" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: POST /clientes, $CONNECTIONS connections, $DURATION each"
  run "one instance, direct (${PORTS[0]})" "${PORTS[0]}" "direct-$round"
  run "balancer, writer routing" "$WRITER_PORT" "writer-$round"
  run "balancer, round-robin writes" "$RR_PORT" "rr-$round"
done
echo "rows stored: $(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORTS[0]}/clientes?size=1" \
    | sed -E 's/.*"total":([0-9]+).*/\1/')"
