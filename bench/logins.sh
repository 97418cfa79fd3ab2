#!/usr/bin/env bash
# The logins of a run, from the instances' access logs: per 10 s, how many were let in (200) and told to come
# back later (503 + Retry-After), and when the last one got in (rotated .log.gz files included). For a shift
# start's login storm.
#   bench/logins.sh LOG_DIR        (e.g. the logs/ of a `KEEP=1 bench/loadtest.sh shiftstart ...` work dir)
set -euo pipefail
[[ $# -eq 1 && -d $1 ]] || { echo "usage: bench/logins.sh LOG_DIR" >&2; exit 2; }
{ zcat -f "$1"/instance-*.log.gz 2>/dev/null || true; cat "$1"/instance-*.log; } | grep -h '"path":"/auth/login"' | python3 -c '
import collections, json, sys
buckets = collections.defaultdict(collections.Counter)
last_in = None
for line in sys.stdin:
    entry = json.loads(line)
    stamp = entry["@timestamp"]
    buckets[stamp[11:18] + "0"][entry["status"]] += 1
    if entry["status"] == 200 and (last_in is None or stamp > last_in):
        last_in = stamp
for bucket in sorted(buckets):
    c = buckets[bucket]
    others = {k: v for k, v in c.items() if k not in (200, 503)}
    print(f"{bucket}  in {c[200]:4d}  come back later {c[503]:4d}" + (f"  other {others}" if others else ""))
total = collections.Counter()
for c in buckets.values():
    total.update(c)
print(f"total: in {total[200]}, come back later {total[503]}, last in at {last_in}")
'
