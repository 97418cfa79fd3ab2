#!/usr/bin/env bash
# Balancer benchmark (issue 4): the Fichas balancer, HAProxy and nginx in front of the same three
# instance processes (one SQLite file), same wrk settings, GET /producoes/tipos with a token.
# Needs: wrk haproxy nginx curl (apt-get install -y wrk haproxy nginx curl).
# Usage: bench/balancer/run.sh [duration=15s] [connections=64] [rounds=2]
#   BACKENDS=static bench/balancer/run.sh ...  puts three nginx "return 200" servers behind the
#   proxies instead of instances: it measures the proxies' own cost, without the instances' CPU.
# Everything listens on 127.0.0.1 (ports 18401-18403 instances, 18410 fichas, 18411 haproxy, 18412 nginx).
source "$(dirname "$0")/../lib.sh"
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
ROUNDS=${3:-2}
need wrk; need haproxy; need nginx; need curl
build_if_missing
BAL_JAR="$ROOT/balancer/target/fichas-balancer.jar"
[ -f "$BAL_JAR" ] || (cd "$ROOT" && ./mvnw -q -B -pl balancer -am package -DskipTests)
WORK=$(mktemp -d)
OUT="$WORK/results"; mkdir -p "$OUT" "$WORK/nginx/logs"
(cd "$ROOT" && ./mvnw -q -B -pl balancer org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime)
cleanup() {
  for f in "$WORK/nginx.pid" "$WORK/static.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT

PORTS=(18401 18402 18403)
if [ "${BACKENDS:-instances}" = static ]; then
  echo "== three static nginx backends (same JSON body as GET /producoes/tipos would give, no work)"
  mkdir -p "$WORK/static/logs"
  cat > "$WORK/static.conf" <<CFG
daemon off;
worker_processes 1;
pid $WORK/static.pid;
error_log $WORK/static/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/static/body; proxy_temp_path $WORK/static/proxy;
  fastcgi_temp_path $WORK/static/fcgi; uwsgi_temp_path $WORK/static/uwsgi; scgi_temp_path $WORK/static/scgi;
  server {
$(for p in "${PORTS[@]}"; do echo "    listen 127.0.0.1:$p;"; done)
    keepalive_requests 100000;
    location /health { default_type application/json; return 200 '{"status":"UP"}'; }
    location / { default_type application/json; return 200 '{"items":[{"id":1,"codigo":"CORTE","nome":"Corte","descricao":"corte de tecido","ativo":true},{"id":2,"codigo":"COSTURA","nome":"Costura","descricao":"costura","ativo":true}]}'; }
  }
}
CFG
  nginx -p "$WORK/static" -c "$WORK/static.conf" > "$WORK/static.out" 2>&1 &
  PIDS+=($!)
  TOKEN=static
  sleep 0.5
else
  echo "== three instances on one data dir ($WORK/data)"
  for port in "${PORTS[@]}"; do start_instance "$port" "$WORK/data" FICHAS_INSTANCE_ID="$port"; done
  TOKEN=$(login 18401)
  [ -n "$TOKEN" ] || { echo "bench: login failed" >&2; exit 1; }
fi

echo "== fichas balancer on 18410"
env FICHAS_BALANCER_PORT=18410 FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
    FICHAS_BACKENDS=127.0.0.1:18401,127.0.0.1:18402,127.0.0.1:18403 FICHAS_LOG_LEVEL=WARN \
    java -Xmx256m -cp "$BAL_JAR:$(cat "$WORK/cp.txt")" fichas.balancer.BalancerMain > "$WORK/balancer.out" 2>&1 &
BAL_PID=$!; PIDS+=($BAL_PID)

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
PIDS+=($!)

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
PIDS+=($!)

for port in 18410 18411 18412; do
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/producoes/tipos" && break
    sleep 0.1
  done
done

run() { # run LABEL PORT ROUND
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/producoes/tipos" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$2/producoes/tipos" > "$OUT/$1-$3.txt"
  summary "$1 (round $3)" "$OUT/$1-$3.txt"
}

# Warm every instance's JIT directly first, so the first proxy measured does not pay for it.
for port in "${PORTS[@]}"; do
  wrk -t2 -c16 -d8s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/producoes/tipos" > /dev/null
done
echo "== backends: ${BACKENDS:-instances}; load average before: $(cut -d" " -f1-3 /proc/loadavg)"
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION --latency GET /producoes/tipos (5 s warm-up before each), $(nproc) cores"
run direct-18401 18401 0
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="fichas:18410 haproxy:18411 nginx:18412"; else order="nginx:18412 haproxy:18411 fichas:18410"; fi
  for target in $order; do run "${target%%:*}" "${target##*:}" "$round"; done
done
echo "fichas balancer RSS after the runs: $(ps -o rss= -p $BAL_PID) KiB; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
