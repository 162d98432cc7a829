// A rate-holding load generator for send_msg: INSTANCES simulated instances (pid i, wxid wxid_i<i>), polled at a
// fixed total RATE (each instance in turn, so RATE = INSTANCES means once a second each). Every poll has a scheduled
// send time; its latency is measured from that time, not from when it was actually sent, so a stalled server or a
// generator that falls behind shows up in the figures instead of silently lowering the offered rate (no coordinated
// omission). Prints the achieved rate, how late the generator sent (its own lag), latency percentiles, and the
// worst 100 ms windows of the run (by scheduled time), which tell one long stall from a spread of slow polls.
// --warmup S first runs the same schedule for S seconds and discards it, so that the measured seconds find the
// connections open and both processes' code compiled.
// Usage: PollLoad BASE_URL INSTANCES RATE SECONDS [CONNECTIONS] [--register] [--warmup S]
using System.Diagnostics;
using System.Globalization;
using System.Net;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: PollLoad BASE_URL INSTANCES RATE SECONDS [CONNECTIONS] [--register] [--warmup S]");
    return 2;
}

var baseUrl = new Uri(args[0]);
var instances = int.Parse(args[1], CultureInfo.InvariantCulture);
var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
var connections = args.Length > 4 && !args[4].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[4], CultureInfo.InvariantCulture) : 256;
var register = args.Contains("--register");
var warmupAt = Array.IndexOf(args, "--warmup");
var warmupSeconds = warmupAt > 0 && warmupAt + 1 < args.Length ? double.Parse(args[warmupAt + 1], CultureInfo.InvariantCulture) : 0;

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
};
using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
var paths = new string[instances];
for (var i = 0; i < instances; i++)
{
    var pid = (i + 1).ToString(CultureInfo.InvariantCulture);
    paths[i] = $"/send_msg?wxid=wxid_i{pid}&pid={pid}";
}

if (register)
{
    // One poll per instance, as fast as the connections allow: registers them (online and bound events).
    var sw = Stopwatch.StartNew();
    var next = -1;
    var errors = 0;
    var workers = Enumerable.Range(0, Math.Min(connections, 64)).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < instances)
        {
            try
            {
                using var response = await http.GetAsync(paths[i], HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }).ToList();
    await Task.WhenAll(workers);
    Console.WriteLine(FormattableString.Invariant($"registered {instances} instances in {sw.Elapsed.TotalSeconds:F1} s ({instances / sw.Elapsed.TotalSeconds:F0} polls/s), errors {errors}"));
    return errors == 0 ? 0 : 1;
}

var warm = (long)(rate * warmupSeconds);
var total = (long)(rate * seconds);
var latencies = new double[total];
var lags = new double[total];
var scheduledAt = new double[total];
var failures = 0L;
var completed = 0L;
var tickToMs = 1000.0 / Stopwatch.Frequency;
var interval = Stopwatch.Frequency / rate;
var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
var measuredStart = start + (long)(warm * interval);
var pending = new List<Task>(capacity: 1024);

async Task PollAsync(long n, long scheduled)
{
    var path = paths[n % instances];
    try
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && n >= warm)
        {
            Interlocked.Increment(ref failures);
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        if (n >= warm)
        {
            Interlocked.Increment(ref failures);
        }
    }

    if (n < warm)
    {
        return;
    }

    var k = n - warm;
    latencies[k] = (Stopwatch.GetTimestamp() - scheduled) * tickToMs;
    scheduledAt[k] = (scheduled - measuredStart) * tickToMs;
    Interlocked.Increment(ref completed);
}

// The scheduler: sleeps until the next scheduled time, then starts every poll that is due. A poll is
// started by a thread-pool work item, so a slow response never holds back the schedule.
for (long k = 0; k < warm + total;)
{
    var now = Stopwatch.GetTimestamp();
    var due = start + (long)(k * interval);
    if (due > now)
    {
        // No spinning: the generator shares the cores with the server. Sleeping about a millisecond at a time
        // sends in small bursts; how late that makes each poll is in its latency and reported as the send lag.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, ((due - now) * tickToMs) - 1)));
        continue;
    }

    while (k < warm + total && start + (long)(k * interval) <= now)
    {
        var scheduled = start + (long)(k * interval);
        if (k >= warm)
        {
            lags[k - warm] = (now - scheduled) * tickToMs;
        }

        var index = k;
        pending.Add(Task.Run(() => PollAsync(index, scheduled)));
        k++;
    }

    if (pending.Count >= 1024)
    {
        pending.RemoveAll(t => t.IsCompleted);
    }
}

await Task.WhenAll(pending);
var elapsed = (Stopwatch.GetTimestamp() - measuredStart) * tickToMs / 1000;
var windows = new Dictionary<long, (double Max, int Slow)>();
for (long k = 0; k < total; k++)
{
    var w = (long)(scheduledAt[k] / 100);
    var (max, slow) = windows.GetValueOrDefault(w);
    windows[w] = (Math.Max(max, latencies[k]), slow + (latencies[k] > 20 ? 1 : 0));
}

var worst = windows.OrderByDescending(x => x.Value.Max).Take(5)
    .Select(x => FormattableString.Invariant($"{x.Key / 10.0:F1} s: max {x.Value.Max:F0} ms, {x.Value.Slow} over 20 ms"));
Array.Sort(latencies);
Array.Sort(lags);
double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
Console.WriteLine(FormattableString.Invariant($"offered {rate:F0}/s for {seconds:F0} s to {instances} instances over at most {connections} connections: {total} polls, {completed / elapsed:F0}/s completed, {failures} failed"));
Console.WriteLine(FormattableString.Invariant($"generator send lag (late against schedule): p50 {P(lags, 0.5):F2} ms, p99 {P(lags, 0.99):F2} ms, max {lags[^1]:F2} ms"));
Console.WriteLine(FormattableString.Invariant($"latency from scheduled time: p50 {P(latencies, 0.5):F2} ms, p90 {P(latencies, 0.9):F2} ms, p99 {P(latencies, 0.99):F2} ms, p99.9 {P(latencies, 0.999):F2} ms, max {latencies[^1]:F2} ms"));
Console.WriteLine($"worst 100 ms windows (from the run's start): {string.Join("; ", worst)}");
return failures == 0 ? 0 : 1;
