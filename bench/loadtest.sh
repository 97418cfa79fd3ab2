#!/usr/bin/env bash
# Starts the whole system (./start.sh start --daemon) on private ports with a private data dir, runs one
# `./start.sh loadtest PLAN key=value...` against it, prints the CPU seconds each process spent during the
# run (instances, balancer, supervisor, and the load test's own process tree = Maven + JMeter) and the
# load average, then stops the system. Take the heavy lock: flock /work/heavy.lock bench/loadtest.sh ...
#
#   bench/loadtest.sh shiftstart threads=100 rampup=10 duration=75 arrivals=1000 stormSeconds=20
#   BENCH_BASE_PORT=8600 bench/loadtest.sh load threads=1000 rampup=20 duration=120 think=200
#
# BENCH_CPU_TRACE=SECONDS also prints, every SECONDS, each process's CPU in that interval (in % of one core), so the
# working period can be told apart from the setUp logins: lines "bench: cpu HH:MM:SS name=% ...".
#
# BENCH_JFR=DELAY,SECONDS records each instance and the balancer with Java Flight Recorder (settings=profile) from
# DELAY seconds after the load test starts, for SECONDS (e.g. 100,60: after `load`'s setUp logins), and prints where
# each one's CPU went (bench/lib.sh jfr_hot); recordings stay in BENCH_JFR_DIR (default /tmp/fichas-jfr).
# BENCH_IDLE_RSS=SECONDS: each process's VmRSS is printed after the run, and again that many seconds later.
# BENCH_KILL=SECONDS: that long after the load test starts, the writer instance (the first port) is killed with
# kill -9, and the time until its port answers GET /health 200 again (the standby or a restarted JVM) is printed.
# After every run each instance's collections and GC seconds (jstat) are printed.
# BENCH_NMT=1: the instances run with -XX:NativeMemoryTracking=summary, and at the end (after BENCH_IDLE_RSS) each one's
# RSS split (anonymous / file, from smaps_rollup) and NMT's committed memory per category are printed.
#
# Extra environment for the system (e.g. FICHAS_LOGIN_MAX_WAIT_MS=3000, or FICHAS_DB_URL/USER/PASSWORD for
# PostgreSQL, whose server CPU is then reported too) passes through.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh # jfr_hot
[[ $# -ge 1 ]] || { echo "usage: bench/loadtest.sh PLAN [key=value...]" >&2; exit 2; }
BASE=${BENCH_BASE_PORT:-8600}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fichas-loadtest.XXXXXX")
export FICHAS_DATA_DIR="$WORK/data" FICHAS_LOG_DIR="$WORK/logs" FICHAS_ADMIN_PASSWORD="bench-$RANDOM$RANDOM" \
       FICHAS_RATELIMIT_ENABLED=false FICHAS_BIND_ADDRESS=127.0.0.1 FICHAS_BALANCER_BIND_ADDRESS=127.0.0.1 \
       FICHAS_BASE_PORT=$BASE FICHAS_BALANCER_PORT=$((BASE + 1000)) FICHAS_CONTROL_PORT=$((BASE + 1099))
for p in $BASE $((BASE + 1)) $((BASE + 2)) $((BASE + 3)) $((BASE + 1000)) $((BASE + 1099)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "bench: port $p is taken" >&2; exit 1; fi
done
[[ -f supervisor/target/fichas-supervisor.jar && -f instance/target/fichas-instance.jar ]] \
  || ./mvnw -q -B -o package -DskipTests
if [[ -n ${BENCH_NMT:-} ]]; then
  export FICHAS_INSTANCE_JVM_OPTS="${FICHAS_INSTANCE_JVM_OPTS:--XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xms48m -Xmn16m -XX:-ShrinkHeapInSteps} -XX:NativeMemoryTracking=summary"
fi
stop() { ./start.sh stop >/dev/null 2>&1 || true; [[ -n ${KEEP:-} ]] || rm -rf "$WORK"; }
trap stop EXIT
./start.sh start --daemon >"$WORK/start.out" 2>&1 || { cat "$WORK/start.out"; exit 1; }

# CPU ticks (utime+stime) of a pid, 0 when gone.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# "name pid" of every JVM of the system: instances, balancer, supervisor (cmd line tells which).
procs() {
  for pid in $(pgrep -u "$(id -u)" java); do
    env=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -c "^FICHAS_DATA_DIR=$WORK/data$" || true)
    [[ $env -gt 0 ]] || continue
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    port=$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^FICHAS_PORT=//p')
    case $cmd in
      *fichas-instance*) echo "instance-${port:-?} $pid" ;;
      *fichas.balancer*|*BalancerMain*|*balancer*) echo "balancer $pid" ;;
      *) echo "supervisor $pid" ;;
    esac
  done
}
sleep 3
procs >"$WORK/procs"
while read -r name pid; do echo "$name $pid $(ticks "$pid")"; done <"$WORK/procs" >"$WORK/before"
# The PostgreSQL server's processes (all of user postgres: run one database workload at a time), when
# FICHAS_DB_URL points the system at one on this machine.
pg_ticks() { local sum=0 p; for p in $(pgrep -u postgres postgres 2>/dev/null); do sum=$((sum + $(ticks "$p"))); done; echo $sum; }
pg_before=$(pg_ticks)
echo "bench: $(uptime)"
echo "bench: processes: $(tr '\n' ' ' <"$WORK/procs")"
HZ=$(getconf CLK_TCK)
# Every BENCH_CPU_TRACE seconds: each process's CPU over the interval, in % of one core.
cpu_trace() {
  local every=$1 line name pid t
  declare -A prev
  while read -r name pid; do prev[$name]=$(ticks "$pid"); done <"$WORK/procs"
  prev[postgresql]=$(pg_ticks)
  while sleep "$every"; do
    line="bench: cpu $(date +%H:%M:%S)"
    while read -r name pid; do
      t=$(ticks "$pid"); line+=" $name=$(( (t - prev[$name]) * 100 / HZ / every ))%"; prev[$name]=$t
    done <"$WORK/procs"
    if [[ -n ${FICHAS_DB_URL:-} ]]; then t=$(pg_ticks); line+=" postgresql=$(( (t - prev[postgresql]) * 100 / HZ / every ))%"; prev[postgresql]=$t; fi
    line+=" load=$(cut -d' ' -f1 /proc/loadavg)"
    echo "$line"
  done
}
if [[ -n ${BENCH_CPU_TRACE:-} ]]; then cpu_trace "$BENCH_CPU_TRACE" & trace_pid=$!; fi
if [[ -n ${BENCH_JFR:-} ]]; then
  JFR_DIR=${BENCH_JFR_DIR:-/tmp/fichas-jfr}; mkdir -p "$JFR_DIR"
  JFR_FILES=()
  while read -r name pid; do
    case $name in instance-[0-9]*|balancer) ;; *) continue ;; esac # not the supervisor, nor the idle standby JVM
    JFR_FILES+=("$JFR_DIR/$name.jfr")
    jcmd "$pid" JFR.start name=bench settings=profile delay="${BENCH_JFR%,*}s" duration="${BENCH_JFR#*,}s" \
         filename="$JFR_DIR/$name.jfr" >/dev/null
  done <"$WORK/procs"
fi
if [[ -n ${BENCH_KILL:-} ]]; then
  (
    sleep "$BENCH_KILL"
    victim=$(awk -v n="instance-$BASE" '$1 == n {print $2}' "$WORK/procs")
    began=$(date +%s%N)
    kill -9 "$victim"
    until [[ $(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$BASE/health") == 200 ]]; do sleep 0.02; done
    echo "bench: kill -9 of instance-$BASE (pid $victim) at $(date -d @"${began:0:10}" +%H:%M:%S): healthy again after $(( ($(date +%s%N) - began) / 1000000 )) ms"
  ) & kill_pid=$!
fi
start=$(date +%s.%N)
set +e
/usr/bin/time -f "%U %S" -o "$WORK/lt.time" ./start.sh loadtest "$@"
code=$?
set -e
end=$(date +%s.%N)
[[ -z ${trace_pid:-} ]] || kill "$trace_pid" 2>/dev/null || true
[[ -z ${kill_pid:-} ]] || wait "$kill_pid" || true
echo "bench: $(uptime)"
echo "bench: CPU seconds during the run ($(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.0f", b-a}') s wall):"
while read -r name pid t0; do
  awk -v n="$name" -v a="$t0" -v b="$(ticks "$pid")" -v hz="$HZ" 'BEGIN{printf "  %-16s %7.1f\n", n, (b-a)/hz}'
done <"$WORK/before"
if [[ -n ${FICHAS_DB_URL:-} ]]; then
  awk -v a="$pg_before" -v b="$(pg_ticks)" -v hz="$HZ" 'BEGIN{printf "  %-16s %7.1f\n", "postgresql", (b-a)/hz}'
fi
tail -n 1 "$WORK/lt.time" | awk '{printf "  %-16s %7.1f\n", "loadtest (mvn+jmeter)", $1 + $2}'
# VmRSS of each process after the run, and with BENCH_IDLE_RSS=SECONDS once more that much later (the instances
# give heap back after a burst: FICHAS_HEAP_TRIM_IDLE_S).
rss_line() {
  local line="bench: VmRSS $1:" name pid
  while read -r name pid _; do
    line+=" $name=$(awk '/VmRSS/ {printf "%.0fMB", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo gone)"
  done <"$WORK/before"
  echo "$line"
}
rss_line "after the run"
while read -r name pid _; do
  [[ $name == instance-* ]] || continue
  jstat -gc "$pid" 2>/dev/null | awk -v n="$name" 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR == 2 {printf "bench: gc %s: young %d in %.2f s, full %d in %.2f s; heap capacity young %.0f MB, old %.0f MB\n", n,
      $col["YGC"], $col["YGCT"], $col["FGC"], $col["FGCT"], ($col["S0C"] + $col["S1C"] + $col["EC"]) / 1024, $col["OC"] / 1024}'
done <"$WORK/before"
if [[ -n ${BENCH_IDLE_RSS:-} ]]; then sleep "$BENCH_IDLE_RSS"; rss_line "$BENCH_IDLE_RSS s later"; fi
if [[ -n ${BENCH_NMT:-} ]]; then
  while read -r name pid _; do
    [[ $name == instance-* ]] || continue
    echo "bench: memory $name: $(awk '/^(Rss|Anonymous|Rss_File|Rss_Anon):/ {printf "%s %.0fMB ", $1, $2/1024}' \
      "/proc/$pid/smaps_rollup" 2>/dev/null)"
    jcmd "$pid" VM.native_memory summary scale=MB 2>/dev/null \
      | awk '/^Total:|^-  *[A-Za-z]/ {gsub(/^- */, ""); line = line $0 "; "} END {print "bench: nmt " line}' \
      | sed -E 's/\(reserved=[0-9]+MB, //g; s/\)//g; s/  +/ /g'
  done <"$WORK/before"
fi
if [[ -n ${BENCH_JFR:-} ]]; then
  for f in "${JFR_FILES[@]}"; do echo "bench: JFR $f"; jfr_hot "$f" 20; done # this run's, not older ones in the dir
fi
grep -h '"HashingPool\|hashing pool' "$WORK"/logs/instance-*.log 2>/dev/null | tail -3 || true
exit $code
