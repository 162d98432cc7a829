// A small in-process probe for the latency benchmark. Loaded into the gateway as a .NET startup hook, with no
// change to the gateway (DOTNET_STARTUP_HOOKS=<path>/WeQuick.Bench.LatencyProbe.dll, WEQUICK_PROBE_OUT=<file>),
// and started by the load generator in its own process. It writes lines with monotonic timestamps in nanoseconds
// (Stopwatch, CLOCK_MONOTONIC on Linux: the same clock in every process, and perf's with -k mono):
//   gc START END GEN           one pause of the runtime (GC suspension begin → restart end), from the runtime's events
//   adj T THREADS REASON        a thread-pool adjustment (reason 6 = starvation, 3 = climbing move, …)
//   wake T LATE_US              a ticker thread's 1 ms sleep ended this much late (only when over 500 µs): how long
//                               the OS took to run a thread that was due, i.e. the run queue of the 2 cores
//   pool T DELAY_US             a work item the ticker queued waited this long for a pool thread (only over 500 µs)
//   sec T THREADS PENDING GEN0 GEN1 GEN2 PAUSE_MS  once a second: pool threads, queued items, collections, total pause
//   sum …                       at exit: percentiles of the ticker's lateness and the pool's delay, all pauses
// WEQUICK_PROBE_TICK_MS sets the ticker's period (default 1; 0 turns the ticker off).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

#pragma warning disable CA1050 // A startup hook is a type named StartupHook outside any namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("WEQUICK_PROBE_OUT");
        if (!string.IsNullOrEmpty(path))
        {
            LatencyProbe.Start(path);
        }
    }
}

internal static class LatencyProbe
{
    private static readonly ConcurrentQueue<string> Lines = new();
    private static readonly List<int> WakeLate = new(capacity: 1 << 16);
    private static readonly List<int> PoolDelay = new(capacity: 1 << 16);
    private static readonly Lock Gate = new();
    private static readonly Lock FlushGate = new();
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;
    private static long s_monoAtStart;
    private static long s_wallAtStart;
    private static StreamWriter? s_out;
    private static RuntimeListener? s_listener;
    private static volatile bool s_stopping;

    public static long NowNs() => (long)(Stopwatch.GetTimestamp() * NsPerTick);

    public static void Start(string path)
    {
        s_monoAtStart = NowNs();
        s_wallAtStart = DateTime.UtcNow.Ticks;
        s_out = new StreamWriter(path, append: false, Encoding.ASCII) { AutoFlush = false };
        s_listener = new RuntimeListener();
        var tick = int.TryParse(Environment.GetEnvironmentVariable("WEQUICK_PROBE_TICK_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 1;
        if (tick > 0)
        {
            new Thread(() => Ticker(tick)) { IsBackground = true, Name = "latency-probe-ticker" }.Start();
        }

        new Thread(Flusher) { IsBackground = true, Name = "latency-probe-flush" }.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>Writes the summary and the last lines; called at exit (the generator calls it itself).</summary>
    public static void Stop()
    {
        if (s_out is null || s_stopping)
        {
            return;
        }

        s_stopping = true;
        lock (Gate)
        {
            Lines.Enqueue(FormattableString.Invariant($"sum wake_late_us p50 {P(WakeLate, 0.5)} p99 {P(WakeLate, 0.99)} p999 {P(WakeLate, 0.999)} max {P(WakeLate, 1)} n {WakeLate.Count}"));
            Lines.Enqueue(FormattableString.Invariant($"sum pool_delay_us p50 {P(PoolDelay, 0.5)} p99 {P(PoolDelay, 0.99)} p999 {P(PoolDelay, 0.999)} max {P(PoolDelay, 1)} n {PoolDelay.Count}"));
        }

        Lines.Enqueue(FormattableString.Invariant($"sum gc gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} pause_ms {GC.GetTotalPauseDuration().TotalMilliseconds:F1} allocated_mb {GC.GetTotalAllocatedBytes() / 1048576.0:F0}"));
        lock (FlushGate)
        {
            Flush();
            s_out.Dispose();
            s_out = null;
        }
    }

    /// <summary>A runtime event's wall-clock time on the monotonic clock (the offset taken at start).</summary>
    private static long Mono(DateTime utc) => s_monoAtStart + ((utc.Ticks - s_wallAtStart) * 100);

    private static int P(List<int> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static void Ticker(int periodMs)
    {
        var period = periodMs * 1_000_000L;
        while (!s_stopping)
        {
            var before = NowNs();
            Thread.Sleep(periodMs);
            var woke = NowNs();
            var late = (int)((woke - before - period) / 1000);
            lock (Gate)
            {
                WakeLate.Add(late);
            }

            if (late > 500)
            {
                Lines.Enqueue(FormattableString.Invariant($"wake {woke} {late}"));
            }

            ThreadPool.UnsafeQueueUserWorkItem(static queued =>
            {
                var now = NowNs();
                var delay = (int)((now - queued) / 1000);
                lock (Gate)
                {
                    PoolDelay.Add(delay);
                }

                if (delay > 500)
                {
                    Lines.Enqueue(FormattableString.Invariant($"pool {now} {delay}"));
                }
            }, woke, preferLocal: false);
        }
    }

    private static void Flusher()
    {
        while (!s_stopping)
        {
            Thread.Sleep(1000);
            Lines.Enqueue(FormattableString.Invariant($"sec {NowNs()} {ThreadPool.ThreadCount} {ThreadPool.PendingWorkItemCount} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalPauseDuration().TotalMilliseconds:F1}"));
            Flush();
        }
    }

    private static void Flush()
    {
        lock (FlushGate) // re-entered from Stop, which holds it
        {
            if (s_out is null)
            {
                return;
            }

            while (Lines.TryDequeue(out var line))
            {
                s_out.WriteLine(line);
            }

            s_out.Flush();
        }
    }

    /// <summary>The runtime's GC and thread-pool events, in process (EventPipe underneath).</summary>
    private sealed class RuntimeListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;
        private long _suspendedAt;
        private int _generation = -1;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Informational, GcKeyword | ThreadingKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            switch (e.EventName)
            {
                case "GCSuspendEEBegin_V1":
                    _suspendedAt = Mono(e.TimeStamp);
                    break;
                case "GCStart_V2":
                    _generation = e.Payload is { Count: > 1 } p ? Convert.ToInt32(p[1], CultureInfo.InvariantCulture) : -1;
                    break;
                case "GCRestartEEEnd_V1":
                    if (_suspendedAt != 0)
                    {
                        Lines.Enqueue(FormattableString.Invariant($"gc {_suspendedAt} {Mono(e.TimeStamp)} {_generation}"));
                    }

                    _suspendedAt = 0;
                    _generation = -1;
                    break;
                case "ThreadPoolWorkerThreadAdjustmentAdjustment":
                    var count = e.Payload is { Count: > 1 } a ? Convert.ToInt32(a[1], CultureInfo.InvariantCulture) : -1;
                    var reason = e.Payload is { Count: > 2 } b ? Convert.ToInt32(b[2], CultureInfo.InvariantCulture) : -1;
                    Lines.Enqueue(FormattableString.Invariant($"adj {Mono(e.TimeStamp)} {count} {reason}"));
                    break;
            }
        }
    }
}
