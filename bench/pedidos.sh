#!/usr/bin/env bash
# Issue 3 benchmark: POST /pedidos and GET /pedidos?status=…&order=… with 100k pedidos already in
# the database, on one instance and across three instance processes on one SQLite file.
# Needs wrk and sqlite3 (apt-get install -y wrk sqlite3).
# The list is measured as shipped (its first pages come from the instance's coherent cache) and
# from the database (a second instance on the same file with FICHAS_CACHE_ENABLED=false).
# Each measured run follows an unrecorded 5 s warm-up of the same script (JIT). The three-process
# run spreads the same total connections over the three ports.
# Usage: bench/pedidos.sh [duration=20s] [connections=32] [seed rows=100000]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-32}
ROWS=${3:-100000}
CLIENTES=200
LIST_PATH="/pedidos?status=em_producao&order=-data_entrada&size=50"
need wrk; need curl; need sqlite3
build_if_missing
WORK=$(mktemp -d)
OUT="$WORK/results"
mkdir -p "$OUT"
trap 'stop_all; rm -rf "$WORK"' EXIT
# a private copy: colleagues rebuilding instance/target must not swap the jar under a running bench
cp "$JAR" "$WORK/fichas-instance.jar"
JAR="$WORK/fichas-instance.jar"

# seed DATA_DIR: 200 clientes and $ROWS pedidos spread over five statuses and two years of entry
# dates, each with its creation history row, written straight into the migrated file.
seed() {
  sqlite3 "$1/fichas.db" > /dev/null <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CLIENTES)
INSERT INTO clientes (nome, nome_key, created_at, updated_at) SELECT 'Cliente seed ' || i, 'cliente seed ' || i, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO pedidos (cliente_id, tipo_id, descricao, quantidade, status, data_entrada, data_entrega_prevista, created_at, updated_at)
SELECT 1 + (i % $CLIENTES), 1 + (i % 5), 'Pedido seed ' || i, 1 + (i % 50),
       CASE i % 5 WHEN 0 THEN 'recebido' WHEN 1 THEN 'em_producao' WHEN 2 THEN 'concluido' WHEN 3 THEN 'entregue' ELSE 'cancelado' END,
       date('2025-01-01', '+' || (i % 730) || ' days'), NULL,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || i || ' minutes'), strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || i || ' minutes')
FROM n;
INSERT INTO pedido_status_history (pedido_id, from_status, to_status, changed_at) SELECT id, NULL, 'recebido', created_at FROM pedidos;
COMMIT;
PRAGMA optimize;
SQL
}

# free_port: a port nobody listens on now (colleagues run benches on fixed ports of their own).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# warm PORT SCRIPT CONNECTIONS: 5 s of load that is not recorded.
warm() {
  TOKEN=$(login "$1") BENCH_PATH="$LIST_PATH" wrk -t1 -c"$3" -d5s -s "$ROOT/bench/lua/$2" "http://127.0.0.1:$1" > "$OUT/warm-$2-$1.txt"
}

# acknowledged FILES...: POSTs answered 2xx in those wrk outputs (all requests minus non-2xx). Rows
# stored may exceed it by the requests still in flight when wrk stopped (at most one per connection).
acknowledged() {
  awk '/requests in/ {n+=$1} /Non-2xx/ {n-=$5} END {print n}' "$@"
}

# cpu_ms PID: CPU time (user + system) the process has used so far, in ms. Throughput on a shared
# machine depends on the neighbours; CPU per request much less so.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"
}

# per_request LABEL PID CPU_BEFORE WRK_OUTPUT: the instance's CPU ms per answered request.
per_request() {
  local requests
  requests=$(awk '/requests in/ {print $1}' "$4")
  awk -v label="$1" -v used="$(( $(cpu_ms "$2") - $3 ))" -v n="$requests" \
      'BEGIN {printf "%-46s %6.2f ms of instance CPU per request (%d requests)\n", label, used / n, n}'
}

# non2xx FILES...: the non-2xx answers the Lua scripts printed, if any.
non2xx() {
  grep -h "^non-2xx answer" "$@" | head -3 || true
}

total() {
  curl -fs -H "Authorization: Bearer $2" "http://127.0.0.1:$1/pedidos?size=1" | sed -E 's/.*"total":([0-9]+).*/\1/'
}

P1=$(free_port); P2=$(free_port); Q1=$(free_port); Q2=$(free_port); Q3=$(free_port)
echo "== one instance, $CONNECTIONS connections, $DURATION each (data in $WORK/one)"
start_instance $P1 "$WORK/one" FICHAS_ACCESS_LOG=false
seed "$WORK/one"
TOKEN=$(login $P1); export TOKEN CLIENTES
echo "pedidos before: $(total $P1 "$TOKEN")"
warm $P1 post-pedidos.lua "$CONNECTIONS"
PID1=${PIDS[-1]}; CPU0=$(cpu_ms "$PID1")
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-pedidos.lua" \
    http://127.0.0.1:$P1 > "$OUT/post-one.txt"
summary "POST /pedidos, 1 instance" "$OUT/post-one.txt"
per_request "POST /pedidos, 1 instance" "$PID1" "$CPU0" "$OUT/post-one.txt"
non2xx "$OUT/post-one.txt"
warm $P1 get-pedidos.lua "$CONNECTIONS"
CPU0=$(cpu_ms "$PID1")
BENCH_PATH="$LIST_PATH" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$ROOT/bench/lua/get-pedidos.lua" http://127.0.0.1:$P1 > "$OUT/list-one.txt"
summary "GET $LIST_PATH, 1 instance (caches on)" "$OUT/list-one.txt"
per_request "GET list, 1 instance, caches on" "$PID1" "$CPU0" "$OUT/list-one.txt"
non2xx "$OUT/list-one.txt"
# The same list from the database: a second instance on the same file with its caches off (as
# shipped, the first pages of a status-filtered list are served from a coherent cache).
start_instance $P2 "$WORK/one" FICHAS_ACCESS_LOG=false FICHAS_CACHE_ENABLED=false
warm $P2 get-pedidos.lua "$CONNECTIONS"
PID2=${PIDS[-1]}; CPU0=$(cpu_ms "$PID2")
TOKEN=$(login $P2) BENCH_PATH="$LIST_PATH" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$ROOT/bench/lua/get-pedidos.lua" http://127.0.0.1:$P2 > "$OUT/list-nocache.txt"
summary "GET list, 1 instance, caches off" "$OUT/list-nocache.txt"
per_request "GET list, 1 instance, caches off" "$PID2" "$CPU0" "$OUT/list-nocache.txt"
non2xx "$OUT/list-nocache.txt"
echo "pedidos after: $(total $P1 "$TOKEN") ($ROWS seeded + $(acknowledged "$OUT"/post-one.txt "$OUT"/warm-post-pedidos.lua-*.txt) acknowledged POSTs)"
stop_all

PER_PORT=$(( (CONNECTIONS + 2) / 3 ))
echo "== three instances on one file, $PER_PORT connections each, $DURATION (data in $WORK/three)"
start_instance $Q1 "$WORK/three" FICHAS_ACCESS_LOG=false
seed "$WORK/three"
for port in $Q2 $Q3; do start_instance $port "$WORK/three" FICHAS_ACCESS_LOG=false; done
for mode in post list; do
  if [ $mode = post ]; then script=post-pedidos.lua; else script=get-pedidos.lua; fi
  for port in $Q1 $Q2 $Q3; do warm $port $script "$PER_PORT" & done
  wait $(jobs -p | tail -3) 2>/dev/null || true
  for port in $Q1 $Q2 $Q3; do
    TOKEN=$(login $port) BENCH_PATH="$LIST_PATH" wrk -t1 -c"$PER_PORT" -d"$DURATION" --latency \
        -s "$ROOT/bench/lua/$script" "http://127.0.0.1:$port" > "$OUT/$mode-$port.txt" &
  done
  wait $(jobs -p | tail -3) 2>/dev/null || true
  sleep 1
  for port in $Q1 $Q2 $Q3; do summary "$mode via $port (3 processes)" "$OUT/$mode-$port.txt"; done
  non2xx "$OUT"/$mode-{$Q1,$Q2,$Q3}.txt
  awk -v label="$mode, 3 processes total" '/Requests\/sec/ {s+=$2} END {printf "%-46s %10.0f req/s\n", label, s}' \
      "$OUT"/$mode-{$Q1,$Q2,$Q3}.txt
done
echo "pedidos after: $(total $Q1 "$(login $Q1)") ($ROWS seeded + $(acknowledged "$OUT"/post-{$Q1,$Q2,$Q3}.txt "$OUT"/warm-post-pedidos.lua-{$Q1,$Q2,$Q3}.txt) acknowledged POSTs)"
