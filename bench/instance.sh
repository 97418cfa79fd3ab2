#!/usr/bin/env bash
# Issue 2 benchmark: POST /clientes and GET /clientes/{id} on one instance, and POST /clientes
# spread over three instance processes on one SQLite file. Needs wrk (apt-get install -y wrk).
# Usage: bench/instance.sh [duration=20s] [connections=64]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
need wrk; need curl
build_if_missing
WORK=$(mktemp -d)
OUT="$WORK/results"
mkdir -p "$OUT"
trap 'stop_all; rm -rf "$WORK"' EXIT

echo "== one instance, $CONNECTIONS connections, $DURATION each (data in $WORK/one)"
start_instance 18100 "$WORK/one"
TOKEN=$(login 18100); export TOKEN
BENCH_TAG=one wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-clientes.lua" \
    http://127.0.0.1:18100 > "$OUT/post-one.txt"
summary "POST /clientes, 1 instance" "$OUT/post-one.txt"
MAX_ID=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18100/clientes?size=1" \
    | sed -E 's/.*"total":([0-9]+).*/\1/')
MAX_ID=$MAX_ID BENCH_PATH=/clientes wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$ROOT/bench/lua/get-by-id.lua" http://127.0.0.1:18100 > "$OUT/get-one.txt"
summary "GET /clientes/{id}, 1 instance ($MAX_ID rows)" "$OUT/get-one.txt"
stop_all

echo "== three instances on one file, $CONNECTIONS connections each, $DURATION (data in $WORK/three)"
for port in 18101 18102 18103; do start_instance $port "$WORK/three"; done
for port in 18101 18102 18103; do
  TOKEN=$(login $port) BENCH_TAG=p$port wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
      -s "$ROOT/bench/lua/post-clientes.lua" "http://127.0.0.1:$port" > "$OUT/post-$port.txt" &
done
wait $(jobs -p | tail -3) 2>/dev/null || true
sleep 1
for port in 18101 18102 18103; do summary "POST /clientes via $port (3 processes)" "$OUT/post-$port.txt"; done
awk '/Requests\/sec/ {s+=$2} END {printf "%-46s %10.0f req/s\n", "POST /clientes, 3 processes total", s}' \
    "$OUT"/post-1810[123].txt
TOKEN=$(login 18101)
echo "rows acknowledged and stored: $(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18101/clientes?size=1" \
    | sed -E 's/.*"total":([0-9]+).*/\1/')"
