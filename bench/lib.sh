# Shared helpers for the bench scripts: build, start instances from the jar, log in, stop.
# Sourced, not run. Everything listens on 127.0.0.1 only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${BENCH_INSTANCE_JAR:-$ROOT/instance/target/fichas-instance.jar}" # BENCH_INSTANCE_JAR: compare builds
ADMIN_PASSWORD="${ADMIN_PASSWORD:-bench-admin-pass}"
PIDS=()

need() { command -v "$1" >/dev/null || { echo "bench: $1 is missing (apt-get install -y $1)" >&2; exit 1; }; }

# CPU a process has used so far (user + system), in clock ticks: `getconf CLK_TCK` of them per second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

build_if_missing() {
  [ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
}

# start_instance_at ADDRESS PORT DATA_DIR [extra env...]: starts one instance jar bound to ADDRESS, waits for /health.
start_instance_at() {
  local address=$1 port=$2 data=$3; shift 3
  mkdir -p "$data/logs"
  env FICHAS_PORT="$port" FICHAS_BIND_ADDRESS="$address" FICHAS_DATA_DIR="$data" FICHAS_LOG_DIR="$data/logs" \
      FICHAS_ADMIN_PASSWORD="$ADMIN_PASSWORD" "$@" \
      java -Xmx512m -jar "$JAR" > "$data/logs/instance-$port.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -fs "http://$address:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: instance on $address:$port did not become healthy; see $data/logs/instance-$port.out" >&2
  exit 1
}

# start_instance PORT DATA_DIR [extra env...]: the same on 127.0.0.1.
start_instance() { start_instance_at 127.0.0.1 "$@"; }

login() {
  curl -fs -X POST "http://127.0.0.1:$1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

stop_all() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# summary LABEL FILE: one line from a wrk --latency output.
summary() {
  awk -v label="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Latency/ && !lat {max=$4; lat=1}
    /Non-2xx/ {non2xx=$5}
    /Socket errors/ {sock=$0}
    END {printf "%-46s %10s req/s  p50 %8s  p99 %8s  max %8s  non-2xx %s %s\n", label, rps, p50, p99, max, (non2xx==""?0:non2xx), sock}' "$2"
}

# start_static_backends DIR PORT...: one nginx worker answering on each PORT what GET /producoes/tipos gives
# (and /health), with no work behind it, so that a proxy in front measures only its own cost. Its pid file
# is DIR/static.pid; stop it with `kill "$(cat DIR/static.pid)"`.
start_static_backends() {
  local dir=$1; shift
  mkdir -p "$dir/static/logs"
  cat > "$dir/static.conf" <<CFG
daemon off;
worker_processes 1;
pid $dir/static.pid;
error_log $dir/static/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/static/body; proxy_temp_path $dir/static/proxy;
  fastcgi_temp_path $dir/static/fcgi; uwsgi_temp_path $dir/static/uwsgi; scgi_temp_path $dir/static/scgi;
  server {
$(for p in "$@"; do echo "    listen 127.0.0.1:$p;"; done)
    keepalive_requests 100000;
    location /health { default_type application/json; return 200 '{"status":"UP"}'; }
    location / { default_type application/json; return 200 '{"items":[{"id":1,"codigo":"CORTE","nome":"Corte","descricao":"corte de tecido","ativo":true},{"id":2,"codigo":"COSTURA","nome":"Costura","descricao":"costura","ativo":true}]}'; }
  }
}
CFG
  nginx -p "$dir/static" -c "$dir/static.conf" > "$dir/static.out" 2>&1 &
}

# jfr_hot FILE [ROWS]: where a recording's CPU went. The hottest methods (top frame of the execution samples),
# then the project's own methods by inclusive share (a sample counts once for each fichas.* method on its
# stack), then the sampled allocation by class. Needs the JDK's `jfr`.
jfr_hot() {
  local file=$1 rows=${2:-25}
  echo "-- hottest methods (top frame of execution samples)"
  jfr print --events jdk.ExecutionSample --stack-depth 1 "$file" | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); n[$0]++; t++}
    END {for (m in n) printf "%6.1f %%  %s\n", 100 * n[m] / t, m}' | sort -rn | sed -n "1,${rows}p"
  echo "-- fichas.* methods, inclusive (share of samples with the method anywhere on the stack)"
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk '
    /stackTrace = \[/ {t++; delete seen; next}
    /^[ \t]+fichas\./ {m=$1; sub(/\(.*/, "", m); if (!(m in seen)) {seen[m]=1; n[m]++}}
    END {for (m in n) printf "%6.1f %%  %s\n", 100 * n[m] / t, m}' | sort -rn | sed -n "1,${rows}p"
  echo "-- allocation by class, share of sampled bytes"
  jfr print --events jdk.ObjectAllocationSample "$file" | awk '/objectClass = / {c=$3} /weight = / {w=$3; u=$4; if (u ~ /kB/) w*=1024; if (u ~ /MB/) w*=1048576; a[c]+=w; t+=w}
    END {for (k in a) printf "%6.1f %%  %s\n", 100 * a[k] / t, k}' | sort -rn | sed -n 1,12p
}
