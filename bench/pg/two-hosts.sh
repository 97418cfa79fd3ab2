#!/usr/bin/env bash
# Two hosts simulated on one machine (issue 16): two instances bound to 127.0.0.2 ("host A") and two
# bound to 127.0.0.3 ("host B"), each host with its own data directory, all on one PostgreSQL
# database, one balancer on 127.0.0.1:9131 with FICHAS_BACKENDS naming all four. Measures
#  1. how soon a write through A is visible to a read through B (B had the row cached) and to B's
#     /events stream (N updates, sequential);
#  2. that killing host A's instances (kill -9) under writes through the balancer loses no
#     acknowledged write: every id a client got back is read through B afterwards.
# Usage: FICHAS_BENCH_DB_URL=… FICHAS_DB_USER=… FICHAS_DB_PASSWORD=… bench/pg/two-hosts.sh [updates=300] [write_seconds=20]
source "$(dirname "$0")/lib-pg.sh"
UPDATES=${1:-300}; SECONDS_OF_WRITES=${2:-20}
need curl; need psql
build_if_missing
WORK=$(mktemp -d); trap 'stop_all; rm -rf "$WORK"' EXIT
reset_database
start_at 127.0.0.2 8131 "$WORK/a" FICHAS_DB_URL="$FICHAS_BENCH_DB_URL"
start_at 127.0.0.2 8132 "$WORK/a" FICHAS_DB_URL="$FICHAS_BENCH_DB_URL"
A_PIDS=("${PIDS[@]}")
start_at 127.0.0.3 8131 "$WORK/b" FICHAS_DB_URL="$FICHAS_BENCH_DB_URL"
start_at 127.0.0.3 8132 "$WORK/b" FICHAS_DB_URL="$FICHAS_BENCH_DB_URL"
start_balancer_for 9131 127.0.0.2:8131,127.0.0.2:8132,127.0.0.3:8131,127.0.0.3:8132
TOKEN=$(curl -fs -X POST "http://127.0.0.1:9131/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'); export TOKEN
BENCH="java $(dirname "$0")/TwoHostsBench.java"
echo "== warm-up: 100 updates"
$BENCH visibility http://127.0.0.2:8131 http://127.0.0.3:8131 100 > /dev/null
echo "== $UPDATES updates through A (127.0.0.2:8131), read and followed through B (127.0.0.3:8131)"
$BENCH visibility http://127.0.0.2:8131 http://127.0.0.3:8131 "$UPDATES"
echo "    load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== ${SECONDS_OF_WRITES} s of POST /clientes (8 clients, Idempotency-Key, retrying) through the balancer;"
echo "   host A's two instances get kill -9 after 7 s"
$BENCH writes http://127.0.0.1:9131 "$SECONDS_OF_WRITES" 8 "$WORK/acked" &
WRITER=$!
sleep 7
kill -9 "${A_PIDS[@]}"; echo "   killed host A ($(date +%T))"
wait $WRITER
$BENCH verify http://127.0.0.3:8131 "$WORK/acked"
echo "    load average: $(cut -d' ' -f1-3 /proc/loadavg)"
