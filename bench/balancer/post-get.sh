#!/usr/bin/env bash
# The balancer's CPU per request for a write and for a read (issue 12's write ratio, issue 18): one instance behind
# one writer-routing balancer, wrk -t2 -c64, POST /clientes (bench/lua/post-clientes.lua) and GET /producoes/tipos
# alternated, each figure the balancer's CPU ticks over the run divided by its requests. The first two runs warm up.
# PERF=1 also records the balancer with perf (8 s of each kind) into $OUT_DIR/bal-{post,get}.perf and writes its JIT map
# (/tmp/perf-<pid>.map) so that `perf report -i …` names Java methods. BAL_ENV="K=V …" adds settings to the balancer.
# Usage: bench/balancer/post-get.sh [seconds=10] [rounds=2]
source "$(dirname "$0")/../lib.sh"
SECONDS_EACH=${1:-10}
ROUNDS=${2:-2}
BASE=${BASE:-18601}
OUT_DIR=${OUT_DIR:-/tmp}
need wrk; need curl; need bc
build_if_missing
SUP_JAR="$ROOT/supervisor/target/fichas-supervisor.jar"
[ -f "$SUP_JAR" ] || (cd "$ROOT" && ./mvnw -q -B -pl supervisor -am package -DskipTests)
WORK=$(mktemp -d)
cp "$SUP_JAR" "$WORK/balancer.jar" # a rebuild must not pull the jar from under it
trap 'stop_all; rm -rf "$WORK"' EXIT

start_instance "$BASE" "$WORK/data" FICHAS_INSTANCE_ID="$BASE"
BAL_PORT=$((BASE + 10))
# shellcheck disable=SC2086 # BAL_ENV is a list of assignments
env FICHAS_BALANCER_PORT="$BAL_PORT" FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
    FICHAS_BACKENDS="127.0.0.1:$BASE" FICHAS_BALANCER_WRITE_ROUTING=writer FICHAS_LOG_LEVEL=WARN ${BAL_ENV:-} \
    java -Xmx256m -cp "$WORK/balancer.jar" fichas.balancer.BalancerMain > "$WORK/balancer.out" 2>&1 &
BAL_PID=$!; PIDS+=("$BAL_PID")
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$BAL_PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN=$(login "$BASE"); export TOKEN
[ -n "$TOKEN" ] || { echo "bench: login failed" >&2; exit 1; }
cat > "$WORK/get.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.path = "/producoes/tipos"
LUA
HZ=$(getconf CLK_TCK)
one() { # LABEL LUA
  local before after rps
  before=$(cpu_ticks "$BAL_PID")
  rps=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" -s "$2" "http://127.0.0.1:$BAL_PORT" | awk '/Requests\/sec/ {print $2}')
  after=$(cpu_ticks "$BAL_PID")
  printf '%-12s %9.0f req/s   balancer %5.2f CPU-s   %6.1f µs of balancer CPU per request\n' "$1" "$rps" \
      "$(echo "($after - $before) / $HZ" | bc -l)" "$(echo "($after - $before) / $HZ * 1000000 / ($rps * $SECONDS_EACH)" | bc -l)"
}
one warm-post "$ROOT/bench/lua/post-clientes.lua"
one warm-get "$WORK/get.lua"
for round in $(seq 1 "$ROUNDS"); do
  one "post $round" "$ROOT/bench/lua/post-clientes.lua"
  one "get $round" "$WORK/get.lua"
done
if [ -n "${PERF:-}" ]; then
  need perf
  perf record -F 999 -g -p "$BAL_PID" -o "$OUT_DIR/bal-post.perf" -- sleep 8 >/dev/null 2>&1 &
  one "post perf" "$ROOT/bench/lua/post-clientes.lua"
  perf record -F 999 -g -p "$BAL_PID" -o "$OUT_DIR/bal-get.perf" -- sleep 8 >/dev/null 2>&1 &
  one "get perf" "$WORK/get.lua"
  jcmd "$BAL_PID" Compiler.perfmap >/dev/null
  echo "perf: $OUT_DIR/bal-post.perf, $OUT_DIR/bal-get.perf, map /tmp/perf-$BAL_PID.map"
fi
