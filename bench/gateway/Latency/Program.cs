// What a bot feels: a report's latency, from the moment it is scheduled to be sent to receive_msg, to its HTTP
// answer, to a live-stream consumer (SSE, filtered to the report's kind, after the log's head) and to a webhook
// receiver (a Kestrel endpoint in this process on 127.0.0.1, answering 200 at once). The generator holds its rate:
// report k is scheduled at start + k / RATE and sent from a thread of its own at that time (a sub-millisecond
// sleep, not a poll), over a pool of keep-alive connections opened beforehand, without waiting for answers. Every
// latency is measured from the scheduled time, so a generator that falls behind, a stalled server or a consumer
// that lags shows in the figures (no coordinated omission); how late the generator itself sent is printed as its
// send lag. Each report carries a marker (wqlat<k>x in its text) by which the consumer and the receiver match it.
// --warmup S runs the same schedule for S seconds first, in this process, and discards it.
// Usage: Latency BASE_URL RATE SECONDS [--warmup S] [--connections N] [--drain S] [--no-stream] [--no-webhook]
//                [--samples FILE] [--probe FILE]
//   --samples FILE  one line per measured report: k and its monotonic times in ns (scheduled, sent, received by the
//                   gateway, answered, streamed, hooked; 0 = never), for `Latency --analyze`
//   --probe FILE    runs LatencyProbe in this process (GC pauses, the ticker's lateness) and writes it to FILE
// Latency --analyze SAMPLES GATEWAY_PROBE [GENERATOR_PROBE] [FSYNC_FILE]: what the slowest reports overlapped.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

if (args.Length > 0 && args[0] == "--analyze")
{
    return Analysis.Run(args[1..]);
}

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Latency BASE_URL RATE SECONDS [--warmup S] [--connections N] [--drain S] [--no-stream] [--no-webhook] [--samples FILE] [--probe FILE]");
    return 2;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and > 0 && i + 1 < args.Length ? args[i + 1] : null;
var baseUrl = new Uri(args[0]);
var rate = double.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var warmupSeconds = double.Parse(Option("--warmup") ?? "5", CultureInfo.InvariantCulture);
var connections = int.Parse(Option("--connections") ?? "256", CultureInfo.InvariantCulture);
var drainSeconds = double.Parse(Option("--drain") ?? "10", CultureInfo.InvariantCulture);
var withStream = !args.Contains("--no-stream");
var withWebhook = !args.Contains("--no-webhook");
var samplesPath = Option("--samples");
var probePath = Option("--probe");
const string Kind = "reportTextMessage";

if (probePath is not null)
{
    LatencyProbe.Start(probePath);
}

var warm = (long)(rate * warmupSeconds);
var measured = (long)(rate * seconds);
var total = warm + measured;
var scheduled = new long[total];
var sent = new long[total];
var received = new long[total];
var answered = new long[total];
var streamed = new long[total];
var hooked = new long[total];
long failures = 0, done = 0, inFlight = 0, maxInFlight = 0, streamRepeats = 0, hookRepeats = 0, hookRetries = 0;

// The wall clock of the gateway's receivedAt, moved onto the monotonic clock with an offset taken now.
var monoAtStart = Clock.NowNs();
var wallAtStart = DateTime.UtcNow.Ticks;
long WallToMono(long utcTicks) => monoAtStart + ((utcTicks - wallAtStart) * 100);

using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
using var sseClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
using var generator = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
})
{ BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

// Where the log ends now: the stream and the webhook start after it, so they see only what this run sends.
long head;
using (var page = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/events?limit=1", UriKind.Relative))))
{
    head = page.RootElement.GetProperty("head").GetInt64();
}

// The webhook receiver: answers 200 as soon as it has read the body.
WebApplication? receiver = null;
long? hookId = null;
if (withWebhook)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    receiver = builder.Build();
    receiver.Run(async http =>
    {
        var reader = http.Request.BodyReader;
        ReadResult read;
        while (!(read = await reader.ReadAsync()).IsCompleted)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var at = Clock.NowNs();
        var body = read.Buffer.ToArray();
        reader.AdvanceTo(read.Buffer.End);
        if (Marker.Find(body, 0, body.Length) is { } k && k < total)
        {
            if (Interlocked.CompareExchange(ref hooked[k], at, 0) != 0)
            {
                Interlocked.Increment(ref hookRepeats);
            }
        }

        if (http.Request.Headers["WeQuick-Delivery-Attempt"] is var attempt && attempt != "1")
        {
            Interlocked.Increment(ref hookRetries);
        }

        http.Response.StatusCode = 200;
    });
    await receiver.StartAsync();
    var hookUrl = receiver.Urls.First() + "/hook";
    var create = JsonSerializer.Serialize(new Dictionary<string, object> { ["url"] = hookUrl, ["kinds"] = new[] { Kind }, ["after"] = head, ["description"] = "latency benchmark" });
    using var created = await api.PostAsync(new Uri("/api/v1/webhooks", UriKind.Relative), new StringContent(create, Encoding.UTF8, "application/json"));
    var text = await created.Content.ReadAsStringAsync();
    if (!created.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"could not create the webhook: {(int)created.StatusCode} {text}");
        return 1;
    }

    using var doc = JsonDocument.Parse(text);
    hookId = doc.RootElement.GetProperty("id").GetInt64();
}

// The stream consumer: a thread of its own reading the SSE response with blocking reads, so its wake-up does not
// depend on this process's thread pool; a frame's time is when the read that completed it returned.
Thread? consumer = null;
HttpResponseMessage? sse = null;
if (withStream)
{
    var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/events/sse?after={head}&kind={Kind}", UriKind.Relative));
    sse = await sseClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    sse.EnsureSuccessStatusCode();
    var body = await sse.Content.ReadAsStreamAsync();
    consumer = new Thread(() => Consume(body)) { IsBackground = true, Name = "sse-consumer" };
    consumer.Start();
}

void Consume(Stream body)
{
    var buffer = new byte[1 << 20];
    var have = 0;
    try
    {
        while (true)
        {
            var n = body.Read(buffer, have, buffer.Length - have);
            if (n == 0)
            {
                return;
            }

            var at = Clock.NowNs();
            have += n;
            var start = 0;
            int eol;
            while ((eol = Array.IndexOf(buffer, (byte)'\n', start, have - start)) >= 0)
            {
                // "data: {...}" lines carry the event; id:, retry: and heartbeat comments are skipped.
                if (eol - start > 6 && buffer[start] == (byte)'d' && buffer[start + 4] == (byte)':'
                    && Marker.Find(buffer, start, eol - start) is { } k && k < total)
                {
                    if (Interlocked.CompareExchange(ref streamed[k], at, 0) != 0)
                    {
                        Interlocked.Increment(ref streamRepeats);
                    }
                    else if (Marker.ReceivedAt(buffer, start, eol - start) is { } utc)
                    {
                        received[k] = WallToMono(utc);
                    }
                }

                start = eol + 1;
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, have - start);
            have -= start;
        }
    }
    catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
    {
    }
}

// Open the connections before the schedule starts: as many concurrent requests as connections.
await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => generator.GetAsync(new Uri("/healthz", UriKind.Relative))));

var receiveUri = new Uri("/recieve_msg", UriKind.Relative);
var contentType = new MediaTypeHeaderValue("application/json");

async Task SendAsync(long k)
{
    var body = Marker.Body(k);
    var now = Interlocked.Increment(ref inFlight);
    if (now > Interlocked.Read(ref maxInFlight))
    {
        Interlocked.Exchange(ref maxInFlight, now);
    }

    try
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiveUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = contentType;
        using var response = await generator.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        var at = Clock.NowNs();
        if (response.IsSuccessStatusCode)
        {
            answered[k] = at;
        }
        else
        {
            Interlocked.Increment(ref failures);
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        Interlocked.Increment(ref failures);
    }
    finally
    {
        Interlocked.Decrement(ref inFlight);
        Interlocked.Increment(ref done);
    }
}

var loadAtStart = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
var interval = 1e9 / rate;
var start = Clock.NowNs() + 100_000_000;
var measuredStart = start + (long)(warm * interval);
var scheduler = new Thread(() =>
{
    for (long k = 0; k < total;)
    {
        var due = start + (long)(k * interval);
        var now = Clock.NowNs();
        if (due > now)
        {
            Clock.SleepNs(due - now);
            continue;
        }

        // Everything due goes now, each stamped with how late it went.
        while (k < total && (due = start + (long)(k * interval)) <= now)
        {
            scheduled[k] = due;
            sent[k] = Clock.NowNs();
            _ = SendAsync(k);
            k++;
        }
    }
})
{ Name = "scheduler", Priority = ThreadPriority.AboveNormal };
scheduler.Start();
scheduler.Join();

// Bounded waits: the answers (the client's timeout bounds each), then the stream and the webhook.
var end = Clock.NowNs();
while (Interlocked.Read(ref done) < total && Clock.NowNs() - end < 70_000_000_000L)
{
    await Task.Delay(20);
}

long Count(long[] times)
{
    long c = 0;
    for (var k = warm; k < total; k++)
    {
        c += times[k] != 0 ? 1 : 0;
    }

    return c;
}

var drainEnd = Clock.NowNs() + (long)(drainSeconds * 1e9);
while (Clock.NowNs() < drainEnd && ((withStream && Count(streamed) < measured) || (withWebhook && Count(hooked) < measured)))
{
    await Task.Delay(50);
}

LatencyProbe.Stop();
var elapsed = (end - measuredStart) / 1e9;

// Report.
var lag = Stats.Of(warm, total, k => sent[k] - scheduled[k]);
var answer = Stats.Of(warm, total, k => answered[k] == 0 ? long.MaxValue : answered[k] - scheduled[k]);
var stream = Stats.Of(warm, total, k => streamed[k] == 0 ? long.MaxValue : streamed[k] - scheduled[k]);
var hook = Stats.Of(warm, total, k => hooked[k] == 0 ? long.MaxValue : hooked[k] - scheduled[k]);
var toGateway = Stats.Of(warm, total, k => received[k] == 0 ? long.MaxValue : received[k] - sent[k]);
var receivedToAnswer = Stats.Of(warm, total, k => received[k] == 0 || answered[k] == 0 ? long.MaxValue : answered[k] - received[k]);
var answerToStream = Stats.Of(warm, total, k => streamed[k] == 0 || answered[k] == 0 ? long.MaxValue : streamed[k] - answered[k]);
var streamToHook = Stats.Of(warm, total, k => streamed[k] == 0 || hooked[k] == 0 ? long.MaxValue : hooked[k] - streamed[k]);
var behind = lag.P99 > 1_000_000 || lag.Max > 10_000_000;
Console.WriteLine(FormattableString.Invariant($"offered {rate:F0} reports/s for {seconds:F0} s after {warmupSeconds:F0} s of warm-up, {connections} connections, load average at start {loadAtStart}: {measured} reports, {(measured - failures) / elapsed:F0}/s answered, {failures} failed, at most {maxInFlight} in flight"));
Console.WriteLine($"generator send lag: {lag.Format()}{(behind ? "  — behind its schedule (p99 over 1 ms or max over 10 ms late)" : "  — held its schedule")}");
Console.WriteLine($"to the answer:      {answer.Format()}");
if (withStream)
{
    Console.WriteLine($"to the stream:      {stream.Format()}; repeats {streamRepeats}");
}

if (withWebhook)
{
    Console.WriteLine($"to the webhook:     {hook.Format()}; repeats {hookRepeats}, retried deliveries {hookRetries}");
}

if (withStream)
{
    Console.WriteLine($"  sent → gateway's receivedAt (wall-clock offset, ±1 ms): {toGateway.Format()}");
    Console.WriteLine($"  receivedAt → answer: {receivedToAnswer.Format()}");
    Console.WriteLine($"  answer → stream:     {answerToStream.Format()}");
}

if (withWebhook && withStream)
{
    Console.WriteLine($"  stream → webhook:    {streamToHook.Format()}");
}

if (withWebhook)
{
    // How fast the webhook delivered the measured reports: below the offered rate, it falls further behind every second.
    long first = long.MaxValue, last = 0, delivered = 0;
    for (var k = warm; k < total; k++)
    {
        if (hooked[k] != 0)
        {
            first = Math.Min(first, hooked[k]);
            last = Math.Max(last, hooked[k]);
            delivered++;
        }
    }

    Console.WriteLine(delivered > 1
        ? FormattableString.Invariant($"  webhook deliveries of the measured reports: {delivered} at {(delivered - 1) / ((last - first) / 1e9):F0}/s")
        : "  webhook deliveries of the measured reports: none");
}

// The worst 100 ms windows by the stream's (or else the answer's) latency: one stall or a spread of slow reports.
var by = withStream ? streamed : answered;
var windows = new Dictionary<long, (long Max, int Over5)>();
for (var k = warm; k < total; k++)
{
    var w = (scheduled[k] - measuredStart) / 100_000_000;
    var l = by[k] == 0 ? long.MaxValue : by[k] - scheduled[k];
    var (max, over) = windows.GetValueOrDefault(w);
    windows[w] = (Math.Max(max, l), over + (l > 5_000_000 ? 1 : 0));
}

Console.WriteLine("worst 100 ms windows (" + (withStream ? "stream" : "answer") + "): " + string.Join("; ", windows.OrderByDescending(x => x.Value.Max).Take(5)
    .Select(x => FormattableString.Invariant($"{x.Key / 10.0:F1} s: max {Stats.Ms(x.Value.Max)}, {x.Value.Over5} over 5 ms"))));
Console.WriteLine(FormattableString.Invariant(
    $"RESULT rate={rate:F0} answered_per_s={(measured - failures) / elapsed:F0} lag_p99={Stats.Ms(lag.P99)} lag_max={Stats.Ms(lag.Max)} behind={(behind ? "yes" : "no")} ")
    + $"answer={answer.Short()} stream={(withStream ? stream.Short() : "-")} webhook={(withWebhook ? hook.Short() : "-")} missing_stream={(withStream ? stream.Missing : 0)} missing_webhook={(withWebhook ? hook.Missing : 0)}");

if (samplesPath is not null)
{
    using var w = new StreamWriter(samplesPath);
    w.WriteLine("k scheduled sent received answered streamed hooked");
    for (var k = warm; k < total; k++)
    {
        w.WriteLine(FormattableString.Invariant($"{k} {scheduled[k]} {sent[k]} {received[k]} {answered[k]} {streamed[k]} {hooked[k]}"));
    }
}

sse?.Dispose();
if (hookId is { } id)
{
    using var _ = await api.DeleteAsync(new Uri($"/api/v1/webhooks/{id}", UriKind.Relative));
}

if (receiver is not null)
{
    await receiver.StopAsync();
}

return failures == 0 ? 0 : 1;

/// <summary>Monotonic time in nanoseconds and a sleep finer than a millisecond (nanosleep on Linux).</summary>
internal static partial class Clock
{
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    public static long NowNs() => (long)(Stopwatch.GetTimestamp() * NsPerTick);

    public static void SleepNs(long ns)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, ns / 100)));
            return;
        }

        var spec = new TimeSpec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        _ = NanoSleep(ref spec, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);
}

/// <summary>The report's body with its marker, and finding the marker (and receivedAt) in what comes back.</summary>
internal static class Marker
{
    // A text message as a real client writes it (bench/gateway/report.lua), the marker at the end of the text.
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"data\":{\"action\":\"reportTextMessage\",\"cwxid\":\"wxid_bench\",\"data\":{\"msg\":{\"msgType\":\"1\",\"myMsg\":\"0\",\"roomWxid\":null,\"wxidFrom\":\"wxid_friend\",\"wxidTo\":\"wxid_bench\",\"message\":\"benchmark message \uE04C [微笑] wqlat");
    private static readonly byte[] Suffix = "x\"}}}}"u8.ToArray();
    private static readonly byte[] Tag = "wqlat"u8.ToArray();
    private static readonly byte[] ReceivedAtTag = "\"receivedAt\":\""u8.ToArray();

    public static byte[] Body(long k)
    {
        Span<byte> digits = stackalloc byte[20];
        k.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        var body = new byte[Prefix.Length + n + Suffix.Length];
        Prefix.CopyTo(body, 0);
        digits[..n].CopyTo(body.AsSpan(Prefix.Length));
        Suffix.CopyTo(body, Prefix.Length + n);
        return body;
    }

    public static long? Find(byte[] buffer, int offset, int length)
    {
        var span = buffer.AsSpan(offset, length);
        var at = span.IndexOf(Tag);
        if (at < 0)
        {
            return null;
        }

        long k = 0;
        var i = at + Tag.Length;
        for (; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            k = (k * 10) + (span[i] - '0');
        }

        return i < span.Length && span[i] == (byte)'x' && i > at + Tag.Length ? k : null;
    }

    /// <summary>The event's receivedAt as UTC ticks.</summary>
    public static long? ReceivedAt(byte[] buffer, int offset, int length)
    {
        var span = buffer.AsSpan(offset, length);
        var at = span.IndexOf(ReceivedAtTag);
        if (at < 0)
        {
            return null;
        }

        var rest = span[(at + ReceivedAtTag.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end > 0 && DateTimeOffset.TryParse(Encoding.ASCII.GetString(rest[..end]), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.UtcTicks : null;
    }
}

/// <summary>Percentiles over the measured reports; long.MaxValue marks one that never arrived.</summary>
internal sealed record Stats(long P50, long P99, long P999, long Max, long Missing)
{
    public static Stats Of(long from, long to, Func<long, long> value)
    {
        var values = new long[to - from];
        for (var k = from; k < to; k++)
        {
            values[k - from] = value(k);
        }

        Array.Sort(values);
        long P(double q) => values.Length == 0 ? 0 : values[Math.Clamp((int)Math.Ceiling(q * values.Length) - 1, 0, values.Length - 1)];
        var missing = values.LongCount(v => v == long.MaxValue);
        var max = values.LastOrDefault(v => v != long.MaxValue);
        return new Stats(P(0.5), P(0.99), P(0.999), missing > 0 ? long.MaxValue : max, missing);
    }

    public static string Ms(long ns) => ns == long.MaxValue ? "missing" : (ns / 1e6).ToString("F2", CultureInfo.InvariantCulture);

    public string Format() => $"p50 {Ms(P50)} ms, p99 {Ms(P99)} ms, p99.9 {Ms(P999)} ms, max {Ms(Max)} ms" + (Missing > 0 ? $", {Missing} never arrived" : string.Empty);

    public string Short() => $"{Ms(P50)}/{Ms(P99)}/{Ms(P999)}/{Ms(Max)}";
}
