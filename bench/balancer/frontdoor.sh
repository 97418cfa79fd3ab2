#!/usr/bin/env bash
# Front-door benchmark (issue 11): the cost of the guards, and what hostile clients do to the balancer.
# Two balancers side by side in front of the same three static nginx backends (the proxies' own cost,
# without instance CPU): BEFORE_CP (the balancer without the front-door guards) on 18420 and AFTER_CP (this
# tree) on 18421, measured in ABBA order with the same wrk settings. Then, against AFTER only: 60
# connections that each announce a 9 MiB body and send one byte, and 1,000 connections that send a header
# line every 2 s, while wrk measures a normal client's latency; heap and RSS of the balancer before/after.
# Usage: BEFORE_CP=<classpath> AFTER_CP=<classpath> [ROUNDS=1] [HOSTILE=1] bench/balancer/frontdoor.sh [duration=15s] [connections=64]
# ROUNDS repeats the ABBA throughput block (and prints the sums); HOSTILE=0 skips the hostile part.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" # start_static_backends
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
: "${BEFORE_CP:?classpath of the balancer before the guards}" "${AFTER_CP:?classpath of this balancer}"
command -v wrk >/dev/null && command -v nginx >/dev/null && command -v python3 >/dev/null
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  [ -f "$WORK/static.pid" ] && kill "$(cat "$WORK/static.pid")" 2>/dev/null || true
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
start_static_backends "$WORK" 18431 18432 18433
start_balancer() { # PORT CLASSPATH
  # Rate limits on (the per-client caps go with them) but far above what wrk sends from one address.
  env FICHAS_BALANCER_PORT="$1" FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=true \
      FICHAS_RATELIMIT_PER_MINUTE=10000000 FICHAS_RATELIMIT_HEALTH_PER_MINUTE=10000000 \
      FICHAS_BACKENDS=127.0.0.1:18431,127.0.0.1:18432,127.0.0.1:18433 FICHAS_LOG_LEVEL=WARN \
      java -Xmx256m -cp "$2" fichas.balancer.BalancerMain > "$WORK/balancer-$1.out" 2>&1 &
  PIDS+=($!)
}
start_balancer 18420 "$BEFORE_CP"; BEFORE_PID=${PIDS[-1]}
start_balancer 18421 "$AFTER_CP"; AFTER_PID=${PIDS[-1]}
for port in 18420 18421; do
  for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/x" && break; sleep 0.1; done
done
summary() { # LABEL FILE PID CPU_BEFORE
  local rps p50 p99 ticks non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$2"); p50=$(awk '$1 == "50%" {print $2}' "$2"); p99=$(awk '$1 == "99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$2"); errors=$(awk '/Socket errors/' "$2")
  ticks=$(( $(cpu_ticks "$3") - $4 ))
  local seconds; seconds=$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)
  local requests; requests=$(awk '/requests in/ {print $1}' "$2")
  printf '%-28s %10s req/s  p50 %-8s p99 %-8s non-2xx %-6s balancer CPU %5.1f s (%5.1f us/req)  load %s %s\n' "$1" "$rps" "$p50" "$p99" \
      "${non2xx:-0}" "$seconds" "$(echo "$seconds * 1000000 / $requests" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)" "$errors"
  echo "$1 $rps $seconds $requests" >> "$WORK/sums"
}
run() { # LABEL PORT PID
  wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$2/producoes/tipos" > /dev/null
  local c; c=$(cpu_ticks "$3")
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$2/producoes/tipos" > "$WORK/$1.txt"
  summary "$1" "$WORK/$1.txt" "$3" "$c"
}
echo "== throughput, wrk -t2 -c$CONNECTIONS -d$DURATION (5 s warm-up before each), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "${ROUNDS:-1}"); do
  run "before-$round.1" 18420 "$BEFORE_PID"; run "after-$round.1" 18421 "$AFTER_PID"
  run "after-$round.2" 18421 "$AFTER_PID"; run "before-$round.2" 18420 "$BEFORE_PID"
done
awk '{ split($1, l, "-"); rps[l[1]] += $2; cpu[l[1]] += $3; req[l[1]] += $4 }
     END { printf "sums: before %.0f req/s, %.1f us CPU/req; after %.0f req/s, %.1f us CPU/req; after/before throughput %.3f, CPU/req %.3f\n",
           rps["before"], cpu["before"] * 1e6 / req["before"], rps["after"], cpu["after"] * 1e6 / req["after"],
           rps["after"] / rps["before"], (cpu["after"] / req["after"]) / (cpu["before"] / req["before"]) }' "$WORK/sums"
[ "${HOSTILE:-1}" = 0 ] && { echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }

heap() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen|total/ {print; exit}'; }
rss() { ps -o rss= -p "$1" | tr -d ' '; }
hostile() { # PORT KIND COUNT
  python3 - "$@" <<'PY' &
import socket, sys, time
port, kind, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
socks, answered = [], 0
for i in range(count):
    try:
        # from another address than the normal client (wrk, 127.0.0.1): the caps are per client address
        s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.0.2", 0))
    except OSError:
        continue
    if kind == "body":
        s.sendall(b"POST /clientes HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 9437184\r\n\r\n{")
    else:
        s.sendall(b"GET /clientes HTTP/1.1\r\nHost: a\r\n")
    socks.append(s)
start = time.time()
open_at = {}
while time.time() - start < 25:
    alive = 0
    for s in socks:
        try:
            if kind == "slow":
                s.sendall(b"X-Slow: y\r\n")
            s.setblocking(False)
            try:
                data = s.recv(4096)
                if data == b"":
                    raise OSError("closed")
                answered += 1
            except BlockingIOError:
                pass
            s.setblocking(True)
            alive += 1
        except OSError:
            pass
    open_at[int(time.time() - start)] = alive
    time.sleep(2)
print(f"hostile {kind} x{count}: still open after " + ", ".join(f"{k}s={v}" for k, v in sorted(open_at.items())))
PY
}
for kind in body slow; do
  count=60; [ "$kind" = slow ] && count=1000
  echo "== hostile: $kind x$count against the guarded balancer (18421); a normal client measured by wrk -c8 meanwhile"
  jcmd "$AFTER_PID" GC.run >/dev/null 2>&1 || true
  echo "   before: RSS $(rss "$AFTER_PID") KiB; heap: $(heap "$AFTER_PID")"
  hostile 18421 "$kind" "$count"; HPID=$!
  sleep 2
  c=$(cpu_ticks "$AFTER_PID")
  wrk -t1 -c8 -d15s --latency "http://127.0.0.1:18421/producoes/tipos" > "$WORK/normal-$kind.txt"
  summary "normal client during $kind" "$WORK/normal-$kind.txt" "$AFTER_PID" "$c"
  echo "   during: RSS $(rss "$AFTER_PID") KiB; heap: $(heap "$AFTER_PID")"
  wait "$HPID" || true
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
