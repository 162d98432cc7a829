#!/usr/bin/env bash
# receive_msg throughput: the gateway with its durable log vs a bare Kestrel endpoint that only reads
# the body and answers [], in the same run, on loopback. Needs wrk (apt-get install -y wrk).
# Usage: bench/gateway/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
# With ROUNDS > 1 the three measurements are repeated, each round against a fresh gateway, and the medians
# of the ratios are printed at the end: on a shared machine one run's ratio moves by a fifth either way.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
ROUNDS=${3:-1}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive whole number, got '$ROUNDS'" >&2; exit 2; }
THREADS=2
PORT_GATEWAY=18181
PORT_BARE=18182
OUT=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$OUT"; }
trap cleanup EXIT

dotnet build -c Release src/WeQuick.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/gateway/BareKestrel -v q -nologo >/dev/null

wait_up() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }

measure() { # name url script
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$3" "$2" > "$OUT/$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/$1.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $4}' "$OUT/$1.txt")
  echo "$1 $rps ${p99:-?} ${non2xx:-0}"
}

ASPNETCORE_URLS="http://127.0.0.1:$PORT_BARE" dotnet bench/gateway/BareKestrel/bin/Release/net10.0/BareKestrel.dll >/dev/null 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$PORT_BARE/"

start_gateway() { # durable
  rm -rf "$OUT/data"
  WEQUICK_Gateway__DurableCommits=$1 WEQUICK_Logging__LogLevel__Default=Warning \
    dotnet src/WeQuick.Cli/bin/Release/net10.0/wequick.dll serve --urls "http://127.0.0.1:$PORT_GATEWAY" --data "$OUT/data" >/dev/null 2>&1 &
  GATEWAY_PID=$!
  pids+=($GATEWAY_PID)
  wait_up "http://127.0.0.1:$PORT_GATEWAY/healthz"
}

# SIGTERM: background jobs of a non-interactive shell ignore SIGINT. The gateway stops gracefully on either.
stop_gateway() { kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; }

# The disk's flush latency bounds the durable figure: 32 connections, each waiting for a flushed commit, cannot
# go faster than 32 / (flush time). 200 synchronous 4 KiB writes into the data folder's file system, mean per write.
flush_probe() {
  local start end
  start=$(date +%s%N)
  dd if=/dev/zero of="$OUT/flush-probe" bs=4096 count=200 oflag=dsync 2>/dev/null
  end=$(date +%s%N)
  rm -f "$OUT/flush-probe"
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f ms", ns / 200 / 1e6 }'
}

echo "# $(nproc) cores, $CONNECTIONS connections, $THREADS wrk threads, ${SECONDS_PER_RUN}s per run, $ROUNDS round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# disk flush (4 KiB O_DSYNC write) before: $(flush_probe)"
echo "# name requests/s p99 non-2xx"
measure warmup-bare "http://127.0.0.1:$PORT_BARE/recieve_msg" bench/gateway/report.lua >/dev/null
ratios_durable=()
ratios_fast=()
for round in $(seq 1 "$ROUNDS"); do
  [ "$ROUNDS" -gt 1 ] && echo "# round $round"
  bare=$(measure bare "http://127.0.0.1:$PORT_BARE/recieve_msg" bench/gateway/report.lua); echo "$bare"

  start_gateway true
  measure warmup-gateway "http://127.0.0.1:$PORT_GATEWAY/recieve_msg" bench/gateway/report.lua >/dev/null
  durable=$(measure gateway-durable "http://127.0.0.1:$PORT_GATEWAY/recieve_msg" bench/gateway/report.lua); echo "$durable"
  events=$(curl -s "http://127.0.0.1:$PORT_GATEWAY/healthz")
  echo "# healthz after: $events"
  # The write-ahead log under continuous load: it should stay near one checkpoint interval of writes.
  echo "# write-ahead log after: $(stat -c %s "$OUT/data/wequick.db-wal" 2>/dev/null | awk '{ printf "%.1f MiB", $1 / 1048576 }')"
  stop_gateway

  start_gateway false
  measure warmup-gateway-fast "http://127.0.0.1:$PORT_GATEWAY/recieve_msg" bench/gateway/report.lua >/dev/null
  fast=$(measure gateway-normal-sync "http://127.0.0.1:$PORT_GATEWAY/recieve_msg" bench/gateway/report.lua); echo "$fast"
  stop_gateway

  b=$(echo "$bare" | awk '{print $2}')
  d=$(echo "$durable" | awk '{print $2}')
  f=$(echo "$fast" | awk '{print $2}')
  rd=$(awk -v b="$b" -v d="$d" 'BEGIN { printf "%.3f", d/b }')
  rf=$(awk -v b="$b" -v f="$f" 'BEGIN { printf "%.3f", f/b }')
  ratios_durable+=("$rd")
  ratios_fast+=("$rf")
  echo "ratio durable/bare $rd"
  echo "ratio normal-sync/bare $rf"
done

echo "# disk flush after: $(flush_probe), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ROUNDS" -gt 1 ]; then
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  echo "median ratio durable/bare $(median "${ratios_durable[@]}") over $ROUNDS rounds"
  echo "median ratio normal-sync/bare $(median "${ratios_fast[@]}") over $ROUNDS rounds"
fi
