#!/usr/bin/env bash
# Two instance builds side by side, alternated (A B B A per round): each variant a fresh instance on its own SQLite
# file, warmed 10 s, then POST /clientes and GET /clientes?size=50 with Accept-Encoding: gzip (the list page goes
# through the router, JSON writing and the gzip handler), wrk -t2 for DURATION each; req/s, p99 and the instance's
# CPU seconds in each run. Needs wrk.
# Usage: BEFORE_JAR=<instance jar> [AFTER_JAR=instance/target/fichas-instance.jar] [ROUNDS=2] bench/instance-ab.sh [duration=10s] [connections=64]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10s}
CONNECTIONS=${2:-64}
ROUNDS=${ROUNDS:-2}
AFTER_JAR=${AFTER_JAR:-$ROOT/instance/target/fichas-instance.jar}
[[ -f ${BEFORE_JAR:-} && -f $AFTER_JAR ]] || { echo "usage: BEFORE_JAR=<jar> [AFTER_JAR=<jar>] $0 [duration] [connections]" >&2; exit 2; }
need wrk; need curl
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT

run_variant() { # label jar
  local label=$1 data="$WORK/$1-$RANDOM" pid t0 t1 out
  JAR=$2 start_instance 18150 "$data"
  pid=${PIDS[-1]}
  TOKEN=$(login 18150); export TOKEN
  BENCH_TAG=warm wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/bench/lua/post-clientes.lua" http://127.0.0.1:18150 >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' \
      "http://127.0.0.1:18150/clientes?size=50" >/dev/null
  for what in post list; do
    t0=$(cpu_ticks "$pid")
    if [[ $what == post ]]; then
      out=$(BENCH_TAG=$label wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/post-clientes.lua" \
          http://127.0.0.1:18150)
    else
      out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
          -H 'Accept-Encoding: gzip' "http://127.0.0.1:18150/clientes?size=50")
    fi
    t1=$(cpu_ticks "$pid")
    printf '%-7s %-5s %10s req/s  p99 %8s  instance CPU %5.1f s\n' "$label" "$what" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
        "$(echo "($t1 - $t0) / $(getconf CLK_TCK)" | bc -l)"
  done
  stop_all
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
  run_variant before "$BEFORE_JAR"; run_variant after "$AFTER_JAR"
  run_variant after "$AFTER_JAR"; run_variant before "$BEFORE_JAR"
done
