#!/usr/bin/env bash
# SQLite vs PostgreSQL (issue 16): POST /clientes through a balancer in front of three instances on
# SQLite and through another in front of three instances on PostgreSQL, in the same run, rounds
# alternating, after a warm-up. Prints wrk's figures, the load average and the CPU seconds of each
# group of processes (the PostgreSQL server's own CPU is not counted: it is another user's process).
# Usage: FICHAS_BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/fichas_bench FICHAS_DB_USER=… FICHAS_DB_PASSWORD=… \
#        bench/pg/storage.sh [duration=15s] [connections=64] [rounds=2]
# Ports (127.0.0.1): 8111-8113 SQLite instances, 8121-8123 PostgreSQL instances, 9111 and 9121 balancers.
source "$(dirname "$0")/lib-pg.sh"
DURATION=${1:-15s}; CONNECTIONS=${2:-64}; ROUNDS=${3:-2}
need wrk; need curl; need psql
build_if_missing
WORK=$(mktemp -d); trap 'stop_all; rm -rf "$WORK"' EXIT
reset_database
for p in 8111 8112 8113; do start_at 127.0.0.1 $p "$WORK/sqlite" FICHAS_DB_URL=; done
SQLITE_PIDS=("${PIDS[@]}")
for p in 8121 8122 8123; do start_at 127.0.0.1 $p "$WORK/pg" FICHAS_DB_URL="$FICHAS_BENCH_DB_URL"; done
PG_PIDS=("${PIDS[@]:3}")
start_balancer_for 9111 127.0.0.1:8111,127.0.0.1:8112,127.0.0.1:8113; SQLITE_PIDS+=(${PIDS[-1]})
start_balancer_for 9121 127.0.0.1:8121,127.0.0.1:8122,127.0.0.1:8123; PG_PIDS+=(${PIDS[-1]})
SQLITE_TOKEN=$(login 8111); PG_TOKEN=$(login 8121)
cpu_of() { local sum=0 p; for p in "$@"; do sum=$((sum + $(cpu_ticks "$p"))); done; echo $sum; }
run() { # LABEL PORT TOKEN TAG PIDS...
  local label=$1 port=$2 token=$3 tag=$4; shift 4
  local before; before=$(cpu_of "$@")
  TOKEN=$token BENCH_TAG=$tag wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-clientes.lua" \
      "http://127.0.0.1:$port" > "$WORK/$tag.txt"
  summary "$label" "$WORK/$tag.txt"
  echo "    cpu of instances + balancer: $(echo "($(cpu_of "$@") - $before) / $HZ" | bc -l | xargs printf '%.1f') s;" \
      "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "== warm-up (10 s each)"
TOKEN=$SQLITE_TOKEN BENCH_TAG=ws wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/bench/lua/post-clientes.lua" http://127.0.0.1:9111 >/dev/null
TOKEN=$PG_TOKEN BENCH_TAG=wp wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/bench/lua/post-clientes.lua" http://127.0.0.1:9121 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: POST /clientes through the balancer, $CONNECTIONS connections, $DURATION each"
  run "SQLite, 3 instances" 9111 "$SQLITE_TOKEN" "s$round" "${SQLITE_PIDS[@]}"
  run "PostgreSQL, 3 instances" 9121 "$PG_TOKEN" "p$round" "${PG_PIDS[@]}"
done
