#!/usr/bin/env bash
# What a bot feels: a report's latency from its scheduled send time to its HTTP answer, to a live-stream consumer
# (SSE) and to a webhook receiver, at fixed offered rates of durable reports (bench/gateway/Latency). For each rate a
# fresh `wequick serve` (Release, durable commits, open mode on loopback, data in a temp folder) is started, the
# generator warms up for WARMUP seconds in the same process (discarded), then measures SECONDS. Prints a table.
# Usage: bench/gateway/latency.sh [--gateway DLL] [SECONDS] [RATES…]      (default: 20 s at 10 200 1000 5000)
#   --gateway DLL or WEQUICK_DLL=DLL  run that build of wequick.dll instead of building this tree (before/after)
# Environment:
#   ROUNDS=N          repeat the whole list of rates N times, in turn, and print the medians (default 1)
#   WARMUP=S          warm-up seconds (default 10: on a busy 2-core machine tiered compilation ran past 5 s)
#   LATENCY_ARGS=…    more arguments for the generator: --no-stream, --no-webhook, --connections N, --drain S
#   GATEWAY_ENV=…     environment for the gateway only, e.g. "DOTNET_gcServer=1 DOTNET_GCgen0size=0x4000000"
#   GATEWAY_WRAP=…    a command the gateway runs under, one that execs it (e.g. "nice -n 5", "taskset -c 1")
#   PROBE=1           load bench/gateway/Latency/Probe into the gateway (GC pauses, thread-pool and wake-up delays),
#                     run it in the generator too, and print what the slowest reports overlapped
#   FLUSH=1           with PROBE=1: record the log's flushes (fsync, fdatasync) with perf, for the same analysis
#   KEEP=DIR          keep each run's raw files (samples, probes, flushes, gateway log) in DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
DLL=${WEQUICK_DLL:-}
if [ "${1:-}" = "--gateway" ]; then DLL=$2; shift 2; fi
SECONDS_PER_RUN=${1:-20}
[ $# -gt 0 ] && shift
RATES=("$@")
[ ${#RATES[@]} -gt 0 ] || RATES=(10 200 1000 5000)
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-10}
PORT=18201
OUT=$(mktemp -d)
GATEWAY_PID=
PERF_PID=
cleanup() {
  [ -n "$PERF_PID" ] && kill -INT "$PERF_PID" 2>/dev/null || true
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT

if [ -z "$DLL" ]; then
  dotnet build -c Release src/WeQuick.Cli -v q -nologo >/dev/null
  DLL=src/WeQuick.Cli/bin/Release/net10.0/wequick.dll
fi
[ -f "$DLL" ] || { echo "no gateway build at $DLL" >&2; exit 2; }
dotnet build -c Release bench/gateway/Latency -v q -nologo >/dev/null
dotnet build -c Release bench/gateway/Latency/Probe -v q -nologo >/dev/null
LATENCY=bench/gateway/Latency/bin/Release/net10.0/Latency.dll
PROBE_DLL=$(pwd)/bench/gateway/Latency/Probe/bin/Release/net10.0/WeQuick.Bench.LatencyProbe.dll
BASE="http://127.0.0.1:$PORT"

# How busy the machine is: the load average, and the share of the last 10 s in which some runnable thread waited for a
# CPU (pressure stall information, where the kernel has it).
busy() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)$( [ -r /proc/pressure/cpu ] && awk '/^some/ { sub("avg10=", "", $2); printf ", CPU pressure %s %%", $2 }' /proc/pressure/cpu)"; }

flush_probe() { # mean of 200 synchronous 4 KiB writes into the data folder's file system (as run.sh)
  local start end
  start=$(date +%s%N)
  dd if=/dev/zero of="$OUT/flush-probe" bs=4096 count=200 oflag=dsync 2>/dev/null
  end=$(date +%s%N)
  rm -f "$OUT/flush-probe"
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f ms", ns / 200 / 1e6 }'
}

start_gateway() {
  rm -rf "$OUT/data" "$OUT/run"
  mkdir -p "$OUT/run"
  local hook=()
  [ "${PROBE:-0}" = 1 ] && hook=(DOTNET_STARTUP_HOOKS="$PROBE_DLL" WEQUICK_PROBE_OUT="$OUT/run/gateway.probe")
  # shellcheck disable=SC2086 # GATEWAY_ENV and GATEWAY_WRAP are word lists on purpose.
  env "${hook[@]}" ${GATEWAY_ENV:-} WEQUICK_Logging__LogLevel__Default=Warning \
    ${GATEWAY_WRAP:-} dotnet "$DLL" serve --urls "$BASE" --data "$OUT/data" >"$OUT/run/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 150); do curl -s -o /dev/null "$BASE/healthz" && return 0; sleep 0.1; done
  echo "the gateway did not start:" >&2; cat "$OUT/run/gateway.log" >&2; exit 1
}

stop_gateway() { kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=; }

start_flushes() {
  PERF_PID=
  [ "${PROBE:-0}" = 1 ] && [ "${FLUSH:-0}" = 1 ] || return 0
  mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
  perf record -q -k mono -p "$GATEWAY_PID" -o "$OUT/run/perf.data" \
    -e syscalls:sys_enter_fsync -e syscalls:sys_exit_fsync -e syscalls:sys_enter_fdatasync -e syscalls:sys_exit_fdatasync \
    >/dev/null 2>"$OUT/run/perf.log" &
  PERF_PID=$!
  sleep 0.5
}

stop_flushes() {
  [ -n "$PERF_PID" ] || return 0
  kill -INT "$PERF_PID" 2>/dev/null || true
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=
  # One line per flush: the thread's name (wequick-writer for a commit's), its start and end in ns on the monotonic clock.
  perf script -i "$OUT/run/perf.data" -F comm,tid,time,event --ns 2>/dev/null | awk '
    { tid = $(NF - 2); t = $(NF - 1); sub(":", "", t); split(t, p, "."); ns = p[1] * 1000000000 + p[2]; comm = $1 }
    /sys_enter_f/ { begin[tid] = ns }
    /sys_exit_f/ && (tid in begin) { printf "%s %.0f %.0f\n", comm, begin[tid], ns; delete begin[tid] }' > "$OUT/run/flushes.txt"
}

echo "# $(nproc) cores, $(busy), gateway $DLL, ${SECONDS_PER_RUN}s per rate after ${WARMUP}s of warm-up, rates ${RATES[*]}, $ROUNDS round(s)${LATENCY_ARGS:+, generator $LATENCY_ARGS}${GATEWAY_ENV:+, gateway env $GATEWAY_ENV}${GATEWAY_WRAP:+, gateway under $GATEWAY_WRAP}"
echo "# disk flush (4 KiB O_DSYNC write) before: $(flush_probe)"
: > "$OUT/results"
for round in $(seq 1 "$ROUNDS"); do
  for rate in "${RATES[@]}"; do
    start_gateway
    start_flushes
    extra=()
    [ "${PROBE:-0}" = 1 ] && extra=(--samples "$OUT/run/samples.txt" --probe "$OUT/run/generator.probe")
    echo "## round $round, $rate reports/s, $(busy)"
    # The generator bounds itself: the schedule, 60 s per request, the drain; timeout is a backstop.
    # shellcheck disable=SC2086
    timeout $((SECONDS_PER_RUN + WARMUP + 180)) dotnet "$LATENCY" "$BASE" "$rate" "$SECONDS_PER_RUN" --warmup "$WARMUP" ${LATENCY_ARGS:-} "${extra[@]}" \
      | tee "$OUT/run/latency.txt" | grep -v '^RESULT' || true
    grep '^RESULT' "$OUT/run/latency.txt" | sed "s/^RESULT/round=$round/" >> "$OUT/results" || true
    stop_flushes
    stop_gateway
    if [ "${PROBE:-0}" = 1 ] && [ -s "$OUT/run/samples.txt" ]; then
      dotnet "$LATENCY" --analyze "$OUT/run/samples.txt" "$OUT/run/gateway.probe" "$OUT/run/generator.probe" "$OUT/run/flushes.txt" || true
    fi
    if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP/r$round-$rate"; cp -r "$OUT/run/." "$KEEP/r$round-$rate/"; rm -f "$KEEP/r$round-$rate/perf.data"; fi
  done
done
echo "# disk flush after: $(flush_probe), $(busy)"

# The table: one row per run (latencies in ms: p50 / p99 / p99.9 / max, from the scheduled send time), then with
# ROUNDS > 1 the medians of each figure over the rounds.
echo
echo "| rate/s | round | answered/s | send lag p99 / max | answer p50 / p99 / p99.9 / max | stream p50 / p99 / p99.9 / max | webhook p50 / p99 / p99.9 / max |"
echo "|---:|---:|---:|---|---|---|---|"
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       gsub("/", " / ", v["answer"]); gsub("/", " / ", v["stream"]); gsub("/", " / ", v["webhook"])
       printf "| %s | %s | %s | %s / %s%s | %s | %s | %s |\n", v["rate"], v["round"], v["answered_per_s"], v["lag_p99"], v["lag_max"], (v["behind"] == "yes" ? " (behind)" : ""), v["answer"], v["stream"], v["webhook"] }' "$OUT/results"
if [ "$ROUNDS" -gt 1 ]; then
  echo
  echo "Medians over $ROUNDS rounds:"
  echo
  echo "| rate/s | answer p50 / p99 / p99.9 / max | stream p50 / p99 / p99.9 / max | webhook p50 / p99 / p99.9 / max |"
  echo "|---:|---|---|---|"
  for rate in "${RATES[@]}"; do
    row="| $rate"
    for field in answer stream webhook; do
      cells=()
      for i in 1 2 3 4; do
        cells+=("$(awk -v r="$rate" -v f="$field" -v i="$i" '{ for (j = 1; j <= NF; j++) { split($j, kv, "="); v[kv[1]] = kv[2] }
            if (v["rate"] == r) { split(v[f], q, "/"); print (q[i] == "missing" ? 1e12 : q[i]) } }' "$OUT/results" \
          | sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; if (NR == 0 || a[1] == "-") print "-"; else if (m >= 1e12) print "missing"; else printf "%.2f", m }')")
      done
      row="$row | ${cells[0]} / ${cells[1]} / ${cells[2]} / ${cells[3]}"
    done
    echo "$row |"
  done
fi
