#!/usr/bin/env bash
# send_msg at a fixed offered rate: INSTANCES simulated instances polling in turn at RATE polls/s in total
# (RATE = INSTANCES: each instance once a second, the design's scenario), after a pass that registers them all.
# Latency is measured from each poll's scheduled time (bench/gateway/PollLoad), so it includes any queueing.
# The generator runs on the same cores as the server. Prints the generator's own send lag, the latency
# percentiles and the server's resident memory, then the same for bare Kestrel answering [] (the baseline).
# Usage: bench/gateway/pollrate.sh [INSTANCES] [RATE] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
INSTANCES=${1:-10000}
RATE=${2:-$INSTANCES}
SECONDS_PER_RUN=${3:-30}
CONNECTIONS=${4:-256}
PORT=18184
OUT=$(mktemp -d)
GATEWAY_PID=
cleanup() { [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

dotnet build -c Release src/WeQuick.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/gateway/PollLoad -v q -nologo >/dev/null
dotnet build -c Release bench/gateway/BareKestrel -v q -nologo >/dev/null
LOAD="dotnet bench/gateway/PollLoad/bin/Release/net10.0/PollLoad.dll http://127.0.0.1:$PORT $INSTANCES"
WEQUICK_Gateway__OnlineGrace=00:10:00 WEQUICK_Logging__LogLevel__Default=Warning \
  dotnet src/WeQuick.Cli/bin/Release/net10.0/wequick.dll serve --urls "http://127.0.0.1:$PORT" --data "$OUT/data" >/dev/null 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done

echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $INSTANCES instances, $RATE polls/s offered, ${SECONDS_PER_RUN}s, up to $CONNECTIONS connections"
$LOAD 0 0 "$CONNECTIONS" --register
# The measured run follows 5 s of the same schedule in the same generator process (discarded), so it finds
# both processes' code compiled and the connections open.
$LOAD "$RATE" "$SECONDS_PER_RUN" "$CONNECTIONS" --warmup 5 || true
echo "server RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$GATEWAY_PID/status)"
kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=

# The same schedule against bare Kestrel answering every poll with [] (the baseline of this run).
ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet bench/gateway/BareKestrel/bin/Release/net10.0/BareKestrel.dll >/dev/null 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/send_msg" && break; sleep 0.1; done
echo "# baseline: bare Kestrel answering []"
$LOAD "$RATE" "$SECONDS_PER_RUN" "$CONNECTIONS" --warmup 5 || true
echo "baseline RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$GATEWAY_PID/status)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=
