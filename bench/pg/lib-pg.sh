# Shared by bench/pg/*.sh: instances on a given address, the balancer, CPU accounting.
# Needs FICHAS_BENCH_DB_URL (an empty PostgreSQL database; its tables are dropped first), and
# FICHAS_DB_USER / FICHAS_DB_PASSWORD for it. psql is used to empty it.
source "$(dirname "$0")/../lib.sh"
: "${FICHAS_BENCH_DB_URL:?set FICHAS_BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/fichas_bench (and FICHAS_DB_USER, FICHAS_DB_PASSWORD)}"
SUP_JAR="$ROOT/supervisor/target/fichas-supervisor.jar"

reset_database() { # drops every Fichas table of the bench database
  local hostport db
  hostport=$(echo "$FICHAS_BENCH_DB_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
  db=$(echo "$FICHAS_BENCH_DB_URL" | sed -E 's#jdbc:postgresql://[^/]+/([^?]+).*#\1#')
  PGPASSWORD="${FICHAS_DB_PASSWORD:-}" psql -q -h "${hostport%:*}" -p "${hostport#*:}" -U "${FICHAS_DB_USER:-postgres}" "$db" \
      -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
}

start_at() { # ADDRESS PORT DATA [KEY=VALUE...]: an instance named after its address, as on another host
  start_instance_at "$1" "$2" "$3" FICHAS_INSTANCE_ID="$1-$2" "${@:4}"
}

start_balancer_for() { # PORT BACKENDS
  env FICHAS_BALANCER_PORT="$1" FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
      FICHAS_BACKENDS="$2" FICHAS_LOG_LEVEL=WARN \
      java -Xmx256m -cp "$SUP_JAR" fichas.balancer.BalancerMain > "$WORK/balancer-$1.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: balancer on $1 did not answer" >&2; exit 1
}

HZ=$(getconf CLK_TCK)
