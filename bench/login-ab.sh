#!/usr/bin/env bash
# The login path of two instance builds, alternated: each variant a fresh instance (its own SQLite file), 20 logins
# to warm it, then 100 logins one after another (POST /auth/login as admin: the password hash is nearly all of it);
# wall time and the instance's CPU per login.
# Usage: BEFORE_JAR=<instance jar> [AFTER_JAR=instance/target/fichas-instance.jar] [ORDER="before after after before"] bench/login-ab.sh
source "$(dirname "$0")/lib.sh"
AFTER_JAR=${AFTER_JAR:-$ROOT/instance/target/fichas-instance.jar}
[[ -f ${BEFORE_JAR:-} && -f $AFTER_JAR ]] || { echo "usage: BEFORE_JAR=<jar> [AFTER_JAR=<jar>] $0" >&2; exit 2; }
need curl
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT
for v in ${ORDER:-before after after before}; do
  jar=$BEFORE_JAR; [[ $v == after ]] && jar=$AFTER_JAR
  JAR=$jar start_instance 18160 "$WORK/$v-$RANDOM"
  pid=${PIDS[-1]}
  for _ in $(seq 1 20); do login 18160 >/dev/null; done
  t0=$(cpu_ticks "$pid"); s=$(date +%s%N)
  for _ in $(seq 1 100); do login 18160 >/dev/null; done
  e=$(date +%s%N); t1=$(cpu_ticks "$pid")
  printf '%-6s 100 logins one after another: %6.1f ms each, instance CPU %5.1f ms each\n' "$v" \
      "$(echo "($e - $s) / 100000000" | bc -l)" "$(echo "($t1 - $t0) * 1000 / $(getconf CLK_TCK) / 100" | bc -l)"
  stop_all
done
