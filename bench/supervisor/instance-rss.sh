#!/usr/bin/env bash
# Instance memory after load (issue 12 item 4: <= 200 MB RSS): one instance from the jar per variant, on a fresh
# data dir, wrk GET /producoes/tipos (16 connections) and POST /clientes (8) for SECONDS, then VmRSS, split into
# anonymous and file-backed (RssAnon / RssFile: the SQLite file mapped by mmap_size), and the JVM's own view (NMT).
# IDLE_SECONDS=N (default 0): also VmRSS after N more seconds without requests (what an idle JVM gives back).
# Variants alternate in one run. A variant is "label|java options|extra env", e.g.
#   bench/supervisor/instance-rss.sh 30 'default|-Xmx256m -XX:+UseSerialGC|' 'arena2|-Xmx256m -XX:+UseSerialGC|MALLOC_ARENA_MAX=2'
source "$(dirname "$0")/../lib.sh"
SECONDS_LOAD=${1:-30}; shift || true
[ $# -gt 0 ] || set -- 'default|-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError|'
need wrk; need curl
build_if_missing
PORT=${PORT:-8220}
for v in "$@"; do
  IFS='|' read -r label opts extra <<< "$v"
  WORK=$(mktemp -d); mkdir -p "$WORK/logs"
  # shellcheck disable=SC2086
  env FICHAS_PORT="$PORT" FICHAS_DATA_DIR="$WORK" FICHAS_LOG_DIR="$WORK/logs" FICHAS_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
      FICHAS_ACCESS_LOG=false $extra java $opts -XX:NativeMemoryTracking=summary -jar "$JAR" > "$WORK/logs/out" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/health" > /dev/null; do sleep 0.1; done
  TOKEN=$(login "$PORT"); export TOKEN
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  wrk -t1 -c16 -d"${SECONDS_LOAD}s" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/producoes/tipos" > "$WORK/get.txt" &
  w1=$!
  BENCH_TAG=$label wrk -t1 -c8 -d"${SECONDS_LOAD}s" -s "$ROOT/bench/lua/post-clientes.lua" "http://127.0.0.1:$PORT" > "$WORK/post.txt"
  wait $w1
  sleep 2
  echo "$label (java $opts${extra:+, env $extra}; load average $load): GET $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/get.txt") req/s," \
       "POST $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/post.txt") req/s; after: $(awk '/VmRSS|RssAnon|RssFile/ {printf "%s %.1f MB  ", $1, $2/1024}' /proc/$pid/status)"
  if [ "${IDLE_SECONDS:-0}" -gt 0 ]; then
    sleep "$IDLE_SECONDS"
    echo "    after $IDLE_SECONDS s idle: $(awk '/VmRSS|RssAnon|RssFile/ {printf "%s %.1f MB  ", $1, $2/1024}' /proc/$pid/status)"
  fi
  jcmd "$pid" VM.native_memory summary 2>/dev/null | awk '/^Total|^-  *(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Arena Chunk|Metaspace)/ {print "    " $0}' | grep -o '^ *[-A-Za-z ]*(reserved=[0-9]*KB, committed=[0-9]*KB)' | sed 's/reserved=[0-9]*KB, //'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$WORK"
done
