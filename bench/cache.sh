#!/usr/bin/env bash
# Issue 5 benchmark: GET /clientes/{id} and GET /producoes/tipos on one instance with the caches on
# and off (FICHAS_CACHE_ENABLED), and the cost of the cache coherence check per read, read from
# GET /monitoring/cache/status (checks and mean µs per check, as deltas over each run); then the
# in-process microbenchmark CoherenceCheckBench (the check against a primary-key read, 1/4/16 threads).
# Needs wrk (apt-get install -y wrk), curl and python3. BENCH_PORT (default 18200) if that port is taken.
# On and off alternate (ROUNDS times) so that a change in the machine's load hits both alike.
# Usage: bench/cache.sh [duration=10s] [connections=32] [rounds=2]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10s}
CONNECTIONS=${2:-32}
ROUNDS=${3:-2}
need wrk; need curl; need python3
build_if_missing
WORK=$(mktemp -d)
OUT="$WORK/results"
mkdir -p "$OUT"
trap 'stop_all; rm -rf "$WORK"' EXIT
PORT=${BENCH_PORT:-18200}

# coherence LABEL BEFORE_JSON AFTER_JSON: checks and mean cost per check between two status snapshots.
coherence() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
label, a, b = sys.argv[1], json.load(open(sys.argv[2]))["coherence"], json.load(open(sys.argv[3]))["coherence"]
n = b["checks"] - a["checks"]
total = b["avg_check_us"] * b["checks"] - a["avg_check_us"] * a["checks"]
print(f"{label:<46} {n:>10} checks  mean {total / n if n else 0:8.2f} µs/check  changes applied {b['changes_applied'] - a['changes_applied']}")
PY
}

status() { curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/monitoring/cache/status" > "$1"; }

# Seed once: a few seconds of creates, then every run reads the same file.
start_instance $PORT "$WORK/data"
TOKEN=$(login $PORT); export TOKEN
BENCH_TAG=seed wrk -t1 -c8 -d3s -s "$ROOT/bench/lua/post-clientes.lua" "http://127.0.0.1:$PORT" > /dev/null
MAX_ID=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/clientes?size=1" \
    | sed -E 's/.*"total":([0-9]+).*/\1/'); export MAX_ID
stop_all
echo "== $MAX_ID clientes; one instance, defaults as shipped; $CONNECTIONS connections, $DURATION per run"

for round in $(seq 1 "$ROUNDS"); do
for mode in on off; do
  enabled=$([ "$mode" = on ] && echo true || echo false)
  start_instance $PORT "$WORK/data" FICHAS_CACHE_ENABLED=$enabled
  TOKEN=$(login $PORT); export TOKEN
  # Warm-up (JIT, page cache, and the caches when on), not measured.
  BENCH_PATH=/clientes wrk -t2 -c"$CONNECTIONS" -d5s -s "$ROOT/bench/lua/get-by-id.lua" "http://127.0.0.1:$PORT" > /dev/null
  BENCH_PATH=/producoes/tipos wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/lua/get-path.lua" "http://127.0.0.1:$PORT" > /dev/null

  status "$OUT/s0-$mode.json"
  BENCH_PATH=/clientes wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/get-by-id.lua" \
      "http://127.0.0.1:$PORT" > "$OUT/clientes-$mode.txt"
  status "$OUT/s1-$mode.json"
  BENCH_PATH=/producoes/tipos wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/get-path.lua" \
      "http://127.0.0.1:$PORT" > "$OUT/tipos-$mode.txt"
  status "$OUT/s2-$mode.json"
  BENCH_PATH=/clientes wrk -t1 -c1 -d"$DURATION" --latency -s "$ROOT/bench/lua/get-by-id.lua" \
      "http://127.0.0.1:$PORT" > "$OUT/clientes-c1-$mode.txt"
  status "$OUT/s3-$mode.json"
  echo "-- round $round, cache $mode (load average $(cut -d' ' -f1 /proc/loadavg))"
  summary "GET /clientes/{id}, cache $mode" "$OUT/clientes-$mode.txt"
  summary "GET /producoes/tipos, cache $mode" "$OUT/tipos-$mode.txt"
  summary "GET /clientes/{id}, cache $mode, 1 connection" "$OUT/clientes-c1-$mode.txt"
  if [ "$mode" = on ]; then
    coherence "check, GET /clientes/{id} run" "$OUT/s0-on.json" "$OUT/s1-on.json"
    coherence "check, GET /producoes/tipos run" "$OUT/s1-on.json" "$OUT/s2-on.json"
    coherence "check, GET /clientes/{id}, 1 connection" "$OUT/s2-on.json" "$OUT/s3-on.json"
    python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['caches']; print('hit ratios:', {k: v['hit_ratio'] for k, v in c.items()})" "$OUT/s3-on.json"
  fi
  stop_all
done
done
echo "load average after the HTTP runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== coherence check microbenchmark (in process, no HTTP)"
(cd "$ROOT" && ./mvnw -q -B -pl instance test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null)
java -cp "$ROOT/instance/target/test-classes:$ROOT/instance/target/classes:$(cat "$WORK/cp.txt")" \
    fichas.instance.cache.CoherenceCheckBench 5000 2>/dev/null | grep -v '^[0-9][0-9]:[0-9][0-9]:'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
