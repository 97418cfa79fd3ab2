#!/usr/bin/env bash
# Balancer benchmark (issue 4): the Fichas balancer, HAProxy and nginx in front of the same three
# instance processes (one SQLite file), same wrk settings, GET /producoes/tipos with a token.
# Needs: wrk haproxy nginx curl (apt-get install -y wrk haproxy nginx curl).
# Usage: bench/balancer/run.sh [duration=15s] [connections="64 200"] [rounds=2]
#   connections may list several counts; each gets its own rounds. Before the warm rounds, the Fichas
#   balancer is started cold (a new JVM with the settings the supervisor gives it, its class-data archive
#   included) and measured for its first 30 s without any warm-up ("fichas-first30s"). Every line shows the proxy process's CPU.
#   BACKENDS=static bench/balancer/run.sh ...  puts three nginx "return 200" servers behind the
#   proxies instead of instances: it measures the proxies' own cost, without the instances' CPU.
# Everything listens on 127.0.0.1 (ports 18401-18403 instances, 18410 fichas, 18411 haproxy, 18412 nginx).
source "$(dirname "$0")/../lib.sh"
DURATION=${1:-15s}
CONNECTION_LIST=${2:-"64 200"}
ROUNDS=${3:-2}
need wrk; need haproxy; need nginx; need curl
build_if_missing
# The supervisor jar carries the balancer and every module it needs (the balancer jar alone lacks them).
BAL_CP=${CP:-$ROOT/supervisor/target/fichas-supervisor.jar}
[ -f "$BAL_CP" ] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
WORK=$(mktemp -d)
OUT="$WORK/results"; mkdir -p "$OUT" "$WORK/nginx/logs"
cleanup() {
  for f in "$WORK/nginx.pid" "$WORK/static.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT

PORTS=(18401 18402 18403)
if [ "${BACKENDS:-instances}" = static ]; then
  echo "== three static nginx backends (same JSON body as GET /producoes/tipos would give, no work)"
  start_static_backends "$WORK" "${PORTS[@]}"
  PIDS+=($!)
  TOKEN=static
  sleep 0.5
else
  echo "== three instances on one data dir ($WORK/data)"
  for port in "${PORTS[@]}"; do start_instance "$port" "$WORK/data" FICHAS_INSTANCE_ID="$port"; done
  TOKEN=$(login 18401)
  [ -n "$TOKEN" ] || { echo "bench: login failed" >&2; exit 1; }
fi

# The JVM settings the supervisor gives its balancer child (FICHAS_BALANCER_HEAP 192m, ParallelGC) and, like the
# supervisor after the balancer's first graceful stop, its class-data archive: the first start below writes it.
CDS="$WORK/balancer.jsa"
start_fichas() {
  local cds="-XX:SharedArchiveFile=$CDS"; [ -f "$CDS" ] || cds="-XX:ArchiveClassesAtExit=$CDS"
  env FICHAS_BALANCER_PORT=18410 FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
      FICHAS_BACKENDS=127.0.0.1:18401,127.0.0.1:18402,127.0.0.1:18403 FICHAS_LOG_LEVEL=WARN \
      java -Xmx192m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError "$cds" -cp "$BAL_CP" fichas.balancer.BalancerMain \
      >> "$WORK/balancer.out" 2>&1 &
  BAL_PID=$!; PIDS+=($BAL_PID)
}
echo "== fichas balancer on 18410 (this first JVM writes its class-data archive when stopped)"
start_fichas

echo "== haproxy on 18411"
cat > "$WORK/haproxy.cfg" <<CFG
global
  maxconn 4096
  nbthread 2
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse safe
frontend fe
  bind 127.0.0.1:18411
  default_backend be
backend be
  balance roundrobin
  option httpchk GET /health
  retries 2
  option redispatch
$(for p in "${PORTS[@]}"; do echo "  server s$p 127.0.0.1:$p check inter 1s fall 2 rise 2"; done)
CFG
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.out" 2>&1 &
HAPROXY_PID=$!; PIDS+=($HAPROXY_PID)

echo "== nginx on 18412"
cat > "$WORK/nginx.conf" <<CFG
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  upstream be {
$(for p in "${PORTS[@]}"; do echo "    server 127.0.0.1:$p max_fails=2 fail_timeout=5s;"; done)
    keepalive 64;
  }
  server {
    listen 127.0.0.1:18412;
    location / {
      proxy_pass http://be;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
CFG
nginx -p "$WORK/nginx" -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 &
NGINX_PID=$!; PIDS+=($NGINX_PID)

for port in 18410 18411 18412; do
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/producoes/tipos" && break
    sleep 0.1
  done
done

# CPU seconds (user + system) of a proxy: its process and, for nginx, its workers.
proxy_pids() {
  case $1 in
    18410) echo "$BAL_PID" ;;
    18411) echo "$HAPROXY_PID" ;;
    18412) echo "$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr '\n' ' ')" ;;
    *) echo "" ;;
  esac
}
cpu_ticks() { local t=0 p; for p in $1; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
measure() { # LABEL PORT FILE DURATION
  local pids c0; pids=$(proxy_pids "$2"); c0=$(cpu_ticks "$pids")
  wrk -t2 -c"$CONNECTIONS" -d"$4" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/producoes/tipos" > "$3"
  local cpu="-"; [ -n "$pids" ] && cpu=$(echo "($(cpu_ticks "$pids") - $c0) / $(getconf CLK_TCK)" | bc -l | cut -c1-5)
  printf '%s   proxy CPU %s s, load %s\n' "$(summary "$1" "$3")" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
}
run() { # run LABEL PORT ROUND
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/producoes/tipos" > /dev/null
  measure "$1 (round $3)" "$2" "$OUT/$1-$CONNECTIONS-$3.txt" "$DURATION"
}

# Warm every instance's JIT directly first, so the first proxy measured does not pay for it.
for port in "${PORTS[@]}"; do
  wrk -t2 -c16 -d8s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/producoes/tipos" > /dev/null
done
# The archive holds the classes the first balancer loaded: give it requests to load them, as a day's work would.
wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18410/producoes/tipos" > /dev/null
echo "== backends: ${BACKENDS:-instances}; load average before: $(cut -d" " -f1-3 /proc/loadavg); $(nproc) cores"
for CONNECTIONS in $CONNECTION_LIST; do
  echo "== $CONNECTIONS connections: a cold Fichas balancer's first 30 s, then wrk -t2 -d$DURATION --latency GET /producoes/tipos (5 s warm-up before each)"
  kill "$BAL_PID" 2>/dev/null; wait "$BAL_PID" 2>/dev/null || true
  [ -f "$CDS" ] || echo "bench: the balancer wrote no class-data archive; its first 30 s run without one" >&2
  start_fichas
  for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:18410/health" && break; sleep 0.05; done
  measure "fichas-first30s" 18410 "$OUT/fichas-first30s-$CONNECTIONS.txt" 30s
  run direct-18401 18401 0
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="fichas:18410 haproxy:18411 nginx:18412"; else order="nginx:18412 haproxy:18411 fichas:18410"; fi
    for target in $order; do run "${target%%:*}" "${target##*:}" "$round"; done
  done
done
echo "fichas balancer RSS after the runs: $(ps -o rss= -p $BAL_PID) KiB; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
