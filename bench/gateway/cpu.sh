#!/usr/bin/env bash
# Where a server's CPU goes per request under wrk's load: the server's CPU time per request by thread name
# (from /proc, so the kernel's share on those threads is included), wrk's own CPU per request, and how idle the
# machine was. Run it against a server that is already up, for example one started by hand as run.sh does.
# Needs wrk (apt-get install -y wrk).
# Usage: bench/gateway/cpu.sh PID URL [SECONDS] [CONNECTIONS]
#   PID  the server's process id;  URL  the endpoint to post bench/gateway/report.lua's body to
# The measured run follows a warm-up run of the same length (tiered compilation settles within about 10 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: $0 PID URL [SECONDS] [CONNECTIONS]" >&2; exit 2; }
PID=$1
URL=$2
SECONDS_PER_RUN=${3:-10}
CONNECTIONS=${4:-32}
[ -d "/proc/$PID" ] || { echo "no process $PID" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
TICKS=$(getconf CLK_TCK)

# One line per thread: id, user+system ticks, name. The name is the last field of stat's "(…)", which may hold spaces.
threads() {
  for t in /proc/"$PID"/task/*; do
    local stat
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    printf '%s %s %s\n' "$(basename "$t")" "$(echo "${stat##*) }" | awk '{ print $12 + $13 }')" "$(tr ' ' '_' < "$t/comm")"
  done | sort
}
machine() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s bench/gateway/report.lua "$URL" > /dev/null
threads > "$OUT/before"
read -r idle0 all0 < <(machine)
/usr/bin/time -f '%U %S' -o "$OUT/wrk-time" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/gateway/report.lua "$URL" > "$OUT/wrk"
read -r idle1 all1 < <(machine)
threads > "$OUT/after"

requests=$(awk '/requests in/ { print $1 }' "$OUT/wrk")
[ "${requests:-0}" -gt 0 ] || { echo "wrk completed no requests:" >&2; cat "$OUT/wrk" >&2; exit 1; }
read -r wrk_user wrk_sys < "$OUT/wrk-time"
echo "$(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk") req/s, p99 $(awk '$1 == "99%" { print $2 }' "$OUT/wrk"), $requests requests, machine idle $(awk -v i=$((idle1 - idle0)) -v a=$((all1 - all0)) 'BEGIN { printf "%.0f", 100 * i / a }') %"
echo "wrk: $(awk -v u="$wrk_user" -v s="$wrk_sys" -v r="$requests" 'BEGIN { printf "%.1f", (u + s) / r * 1e6 }') µs of CPU per request"
# Threads that ended during the run are missing from 'after' and not counted; new ones count from zero.
join -a2 -e0 -o 0,1.2,2.2,2.3 "$OUT/before" "$OUT/after" \
  | awk -v t="$TICKS" -v r="$requests" '{ d = $3 - $2; if (d > 0) by[$4] += d } END { for (n in by) printf "%.1f %s\n", by[n] / t / r * 1e6, n }' \
  | sort -nr > "$OUT/by-thread"
echo "server: $(awk '{ s += $1 } END { printf "%.1f", s }' "$OUT/by-thread") µs of CPU per request"
awk '{ printf "  %-20s %6.1f µs\n", $2, $1 }' "$OUT/by-thread"
