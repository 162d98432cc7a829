#!/usr/bin/env bash
# send_msg polling: INSTANCES simulated instances (distinct pid and wxid) polling the gateway as fast as
# wrk can, after one warm-up pass that registers them all (their first polls record online and bound
# events). Reports throughput, latency percentiles and the server's resident memory. Needs wrk.
# Usage: bench/gateway/poll.sh [INSTANCES] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
export INSTANCES=${1:-10000}
SECONDS_PER_RUN=${2:-15}
CONNECTIONS=${3:-64}
PORT=18183
OUT=$(mktemp -d)
GATEWAY_PID=
cleanup() { [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

dotnet build -c Release src/WeQuick.Cli -v q -nologo >/dev/null
WEQUICK_Gateway__OnlineGrace=00:10:00 dotnet src/WeQuick.Cli/bin/Release/net10.0/wequick.dll serve --urls "http://127.0.0.1:$PORT" --data "$OUT/data" >/dev/null 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done

echo "# $(nproc) cores, $INSTANCES instances, $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/gateway/poll.lua "http://127.0.0.1:$PORT/" > "$OUT/warmup.txt"
echo "warm-up (first polls register instances): $(awk '/Requests\/sec/ {print $2}' "$OUT/warmup.txt") req/s"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/gateway/poll.lua "http://127.0.0.1:$PORT/" > "$OUT/run.txt"
echo "polls: $(awk '/Requests\/sec/ {print $2}' "$OUT/run.txt") req/s"
awk '$1=="50%" || $1=="90%" || $1=="99%" {print "  p" $1 " " $2}' "$OUT/run.txt"
grep -E "Non-2xx|Socket errors" "$OUT/run.txt" || true
echo "server RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$GATEWAY_PID/status)"
echo "events in the log: $(curl -s "http://127.0.0.1:$PORT/healthz")"
kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=
