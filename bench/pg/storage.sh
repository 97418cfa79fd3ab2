#!/usr/bin/env bash
# SQLite vs PostgreSQL (issue 16): POST /clientes through a balancer in front of three instances on
# SQLite and through another in front of three instances on PostgreSQL, in the same run, rounds
# alternating, after a warm-up. Prints wrk's figures, the load average and the CPU seconds of each
# group of processes and of the PostgreSQL server's processes (all of user postgres: run only one
# database workload at a time). With BENCH_PG_ACTIVITY=1 it also samples pg_stat_activity every
# ~20 ms during each PostgreSQL round and prints how often a Fichas connection was seen in which state
# (waiting for the write lock, running, or idle in a transaction = waiting for the instance).
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
cpu_of() { local sum=0 p; for p in "$@"; do sum=$((sum + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done; echo $sum; }
pg_server_pids() { pgrep -u postgres postgres || true; }
activity() { # SECONDS: samples the Fichas connections' states, prints a histogram
  local end=$((SECONDS + $1))
  while [ $SECONDS -lt $end ]; do
    PGPASSWORD="${FICHAS_DB_PASSWORD:-}" psql -Atq -h 127.0.0.1 -U "${FICHAS_DB_USER:-postgres}" "$(echo "$FICHAS_BENCH_DB_URL" | sed -E 's#jdbc:postgresql://[^/]+/([^?]+).*#\1#')" \
      -c "SELECT state || ' | ' || COALESCE(wait_event_type || ':' || wait_event, 'on cpu') || ' | ' || CASE WHEN query LIKE '%advisory%' THEN 'write lock' ELSE left(regexp_replace(query, '\s+', ' ', 'g'), 30) END FROM pg_stat_activity WHERE application_name = 'fichas' AND state <> 'idle' AND pid <> pg_backend_pid()"
    sleep 0.02
  done | sort | uniq -c | sort -rn | head -12 | sed 's/^/      /'
}
run() { # LABEL PORT TOKEN TAG PIDS...
  local label=$1 port=$2 token=$3 tag=$4; shift 4
  local before pg_before pgs sampler=; before=$(cpu_of "$@"); pgs=$(pg_server_pids); pg_before=$(cpu_of $pgs)
  if [ "${BENCH_PG_ACTIVITY:-0}" = 1 ] && [ "${tag#p}" != "$tag" ]; then activity "${DURATION%s}" > "$WORK/$tag.activity" & sampler=$!; fi
  TOKEN=$token BENCH_TAG=$tag wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-clientes.lua" \
      "http://127.0.0.1:$port" > "$WORK/$tag.txt"
  summary "$label" "$WORK/$tag.txt"
  echo "    cpu of instances + balancer: $(echo "($(cpu_of "$@") - $before) / $HZ" | bc -l | xargs printf '%.1f') s;" \
      "PostgreSQL server: $(echo "($(cpu_of $pgs) - $pg_before) / $HZ" | bc -l | xargs printf '%.1f') s;" \
      "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -n "$sampler" ] && wait "$sampler"
  if [ -s "$WORK/$tag.activity" ]; then echo "    connection states seen (count | state | wait | statement):"; cat "$WORK/$tag.activity"; fi
}
echo "== warm-up (10 s each)"
TOKEN=$SQLITE_TOKEN BENCH_TAG=ws wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/bench/lua/post-clientes.lua" http://127.0.0.1:9111 >/dev/null
TOKEN=$PG_TOKEN BENCH_TAG=wp wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/bench/lua/post-clientes.lua" http://127.0.0.1:9121 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: POST /clientes through the balancer, $CONNECTIONS connections, $DURATION each"
  run "SQLite, 3 instances" 9111 "$SQLITE_TOKEN" "s$round" "${SQLITE_PIDS[@]}"
  run "PostgreSQL, 3 instances" 9121 "$PG_TOKEN" "p$round" "${PG_PIDS[@]}"
done
