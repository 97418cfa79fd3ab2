#!/usr/bin/env bash
# The instance's CPU per request for each kind of request of the JMeter flow, one instance on its own (no balancer, no
# JMeter), so that a plan's cost can be told apart by kind. For each variant (a list of environment assignments for the
# instance, e.g. a setting's two values), alternating: a fresh data dir, 200 clientes, 10 s of POST /pedidos (warm-up
# and data), then each kind for its own window with wrk -t2 -c32; prints req/s and the instance's CPU per request.
# Usage: [BENCH_VARIANTS="FICHAS_DB_MMAP_SIZE_BYTES=0 FICHAS_DB_MMAP_SIZE_BYTES=268435456"] [ROUNDS=2] \
#        bench/instance-kinds.sh [seconds=5] [kinds="postped img export list search"]
source "$(dirname "$0")/lib.sh"
SECONDS_=${1:-5}
KINDS=${2:-"postped img export list search"}
read -r -a VARIANTS <<< "${BENCH_VARIANTS:-FICHAS_ACCESS_LOG=true}"
need wrk; need curl
build_if_missing
W=""
trap 'stop_all; [ -n "$W" ] && rm -rf "$W"' EXIT
for round in $(seq 1 "${ROUNDS:-1}"); do
  for variant in "${VARIANTS[@]}"; do
    W=$(mktemp -d)
    read -r -a assignments <<< "${variant//,/ }"
    start_instance 18900 "$W" FICHAS_RATELIMIT_ENABLED=false "${assignments[@]}"
    PID=${PIDS[0]}
    TOKEN=$(login 18900); export TOKEN
    for i in $(seq 1 200); do
      curl -fs -o /dev/null -X POST http://127.0.0.1:18900/clientes -H "Authorization: Bearer $TOKEN" \
          -H 'Content-Type: application/json' -d "{\"nome\":\"Cliente $i\"}"
    done
    KIND=postped wrk -t2 -c32 -d10s -s "$ROOT/bench/lua/request-kinds.lua" http://127.0.0.1:18900 > /dev/null
    MAXID=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18900/pedidos?size=1" \
        | sed -E 's/.*"total":([0-9]+).*/\1/'); export MAXID
    for kind in $KINDS; do
      c0=$(cpu_ticks "$PID")
      KIND=$kind wrk -t2 -c32 -d"${SECONDS_}s" -s "$ROOT/bench/lua/request-kinds.lua" http://127.0.0.1:18900 > "$W/wrk.txt"
      c1=$(cpu_ticks "$PID")
      n=$(awk '/requests in/ {print $1}' "$W/wrk.txt")
      printf 'round %s  %-40s %-8s %9s req/s  %5.0f us instance CPU per request  load %s\n' "$round" "$variant" "$kind" \
          "$(awk '/Requests\/sec/ {print $2}' "$W/wrk.txt")" \
          "$(echo "($c1 - $c0) * 1000000 / $(getconf CLK_TCK) / $n" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
      grep -h '^non-2xx' "$W/wrk.txt" || true
    done
    stop_all; rm -rf "$W"; W=""
  done
done
