#!/usr/bin/env bash
# Command round trip through the developer API with long-poll: POST …/messages?wait=10 answers once the
# agent has executed the command and acked it. Latency over 1 connection with 2 accounts, then commands/s
# over 32 connections across 100 accounts; GET /healthz over the same connections is the same-run
# baseline. Pacing is off, as the target says. Each measured run follows a discarded warm-up run of
# WARMUP seconds (default 5), so the figures are of the steady state, not of the JIT compiling the
# first requests' code; WARMUP=0 measures a cold gateway. Needs wrk (apt-get install -y wrk).
# Usage: [WARMUP=SECONDS] bench/gateway/roundtrip.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
WARMUP=${WARMUP:-5}
PORT=18191
OUT=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT
CLI=src/WeQuick.Cli/bin/Release/net10.0/wequick.dll
dotnet build -c Release src/WeQuick.Cli -v q -nologo >/dev/null
BASE="http://127.0.0.1:$PORT"

run() { # accounts connections
  rm -rf "$OUT/data"
  WEQUICK_Gateway__DefaultLongPoll=00:00:20 WEQUICK_Gateway__Pacing__Enabled=false WEQUICK_Logging__LogLevel__Default=Warning \
    dotnet "$CLI" serve --urls "$BASE" --data "$OUT/data" >/dev/null 2>&1 &
  local gw=$!; pids+=($gw)
  for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/healthz" && break; sleep 0.1; done
  dotnet "$CLI" agent --receive "$BASE/recieve_msg" --send "$BASE/send_msg" --accounts "$1" --duration 600 --progress 3600 >/dev/null 2>&1 &
  local ag=$!; pids+=($ag)
  local accounts=""
  for _ in $(seq 1 300); do
    accounts=$(curl -s "$BASE/api/v1/accounts" | python3 -c 'import json,sys; a=[x["wxid"] for x in (lambda d: d.get("items", d.get("accounts")))(json.load(sys.stdin)) if x.get("loggedIn") and x.get("online")]; print(",".join(a))')
    [ "$(echo "$accounts" | tr ',' '\n' | grep -c .)" -ge "$1" ] && break
    sleep 0.2
  done
  if [ "$WARMUP" -gt 0 ]; then
    wrk -t1 -c"$2" -d"${WARMUP}s" "$BASE/healthz" >/dev/null
    ACCOUNTS="$accounts" wrk -t1 -c"$2" -d"${WARMUP}s" -s bench/gateway/send.lua "$BASE" >/dev/null
  fi
  wrk -t1 -c"$2" -d"${SECONDS_PER_RUN}s" --latency "$BASE/healthz" > "$OUT/base-$1.txt"
  ACCOUNTS="$accounts" wrk -t1 -c"$2" -d"${SECONDS_PER_RUN}s" --latency -s bench/gateway/send.lua "$BASE" > "$OUT/send-$1.txt"
  for f in base send; do
    awk -v name="$f accounts=$1 connections=$2" '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$4}
      END {printf "%s: %s req/s, p50 %s, p99 %s, non-2xx %s\n", name, rps, p50, p99, bad+0}' "$OUT/$f-$1.txt"
  done
  kill "$ag" "$gw" 2>/dev/null || true; wait "$ag" "$gw" 2>/dev/null || true
}

run 2 1
run 100 32
