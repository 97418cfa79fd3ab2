#!/usr/bin/env bash
# Hung-backend failover (issue 11): three instances behind the balancer, 12 reader threads (GET
# /clientes?size=5) and 4 writer threads (POST /clientes with Idempotency-Key) for 25 s; 8 s in, one
# instance is frozen with SIGSTOP for 10 s, then SIGCONT. Prints per kind: requests, failures (anything
# but 2xx, or no answer), max and p99 latency.
# Usage: AFTER_CP=<balancer classpath> [FREEZE_PORT=18442] bench/balancer/sigstop.sh   (instance jar: instance/target/fichas-instance.jar)
# FREEZE_PORT=18441 freezes the writer (the first backend is elected writer while it is healthy);
# FREEZE_PORT=none runs the same load without a freeze (the baseline to compare with).
source "$(dirname "$0")/../lib.sh"
: "${AFTER_CP:?classpath of the balancer}"
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT
for port in 18441 18442 18443; do start_instance "$port" "$WORK/data" FICHAS_INSTANCE_ID="$port"; done
TOKEN=$(login 18441)
env FICHAS_BALANCER_PORT=18440 FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 FICHAS_RATELIMIT_ENABLED=false \
    FICHAS_BACKENDS=127.0.0.1:18441,127.0.0.1:18442,127.0.0.1:18443 FICHAS_LOG_LEVEL=WARN \
    java -Xmx256m -cp "$AFTER_CP" fichas.balancer.BalancerMain > "$WORK/balancer.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:18440/health" && break; sleep 0.1; done
FREEZE_PORT=${FREEZE_PORT:-18442}
FROZEN=0
if [ "$FREEZE_PORT" != none ]; then
  for p in "${PIDS[@]}"; do
    if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "FICHAS_PORT=$FREEZE_PORT"; then FROZEN=$p; fi
  done
  [ "$FROZEN" != 0 ] || { echo "bench: instance $FREEZE_PORT not found" >&2; exit 1; }
fi
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); frozen instance: port $FREEZE_PORT, pid $FROZEN"
python3 - "$TOKEN" "$FROZEN" <<'PY'
import http.client, json, os, signal, sys, threading, time, uuid
token, frozen = sys.argv[1], int(sys.argv[2])
stats = {"read": [], "write": []}
fails = {"read": 0, "write": 0}
lock = threading.Lock()
stop = time.time() + 25
def worker(kind):
    conn = None
    while time.time() < stop:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", 18440, timeout=30)
        t = time.time()
        try:
            if kind == "read":
                conn.request("GET", "/clientes?size=5", headers={"Authorization": "Bearer " + token})
            else:
                conn.request("POST", "/clientes", body=json.dumps({"nome": "bench " + uuid.uuid4().hex[:8]}),
                             headers={"Authorization": "Bearer " + token, "Content-Type": "application/json",
                                      "Idempotency-Key": uuid.uuid4().hex})
            r = conn.getresponse(); r.read()
            ok = 200 <= r.status < 300
            if r.getheader("Connection", "").lower() == "close":
                conn.close(); conn = None
        except Exception:
            ok = False
            conn.close(); conn = None
        with lock:
            stats[kind].append(time.time() - t)
            if not ok:
                fails[kind] += 1
threads = [threading.Thread(target=worker, args=("read",)) for _ in range(12)] + \
          [threading.Thread(target=worker, args=("write",)) for _ in range(4)]
for th in threads: th.start()
time.sleep(8)
if frozen: os.kill(frozen, signal.SIGSTOP); print("SIGSTOP at 8 s", flush=True)
time.sleep(10)
if frozen: os.kill(frozen, signal.SIGCONT); print("SIGCONT at 18 s", flush=True)
for th in threads: th.join()
for kind in ("read", "write"):
    l = sorted(stats[kind])
    print(f"{kind}: {len(l)} requests, {fails[kind]} failed, max {l[-1]*1000:.0f} ms, p99 {l[int(len(l)*0.99)-1]*1000:.0f} ms")
PY
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
