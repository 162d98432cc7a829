using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WeQuick.Protocol;
using Xunit.Abstractions;

namespace WeQuick.Cli.Tests;

/// <summary>
/// Big reports against the real <c>wequick serve</c> process: 30 text messages of 15 MB each go in through the
/// client endpoint, and every reader (the events page, the messages page, the SSE stream, a webhook, the body
/// endpoint) gets them by reference, while the process's peak resident memory (VmHWM) stays under a bound.
/// </summary>
public sealed partial class ReportMemoryTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// The most the gateway process may reach, in MiB, over its whole life in this test (30 reports of 15 MB
    /// in, every reader out). Measured 764 MiB (748 MiB of it while the reports went in) with bodies served by reference, and the bound is that ×1.5; the code before them
    /// reached 3.48 GB on the events and messages pages alone (issue 15). docs/security-and-pacing.md (Memory per request) states this bound.
    /// </summary>
    private const long BoundMiB = 1152;

    private const int Reports = 30;
    private const int TextChars = 15_000_000;
    private const string Account = "wxid_memory01";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("wequick-memory-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Thirty_reports_of_15_MB_are_read_back_by_every_reader_by_reference_within_the_memory_bound()
    {
        if (!OperatingSystem.IsLinux())
        {
            output.WriteLine("skipped: the peak resident memory is read from /proc/<pid>/status (Linux only)");
            return;
        }

        using var deadline = new CancellationTokenSource(Deadline);
        var ct = deadline.Token;
        var start = WequickProcess.StartInfo("serve", "--urls", "http://127.0.0.1:0", "--data", _dir);
        start.Environment["WEQUICK_Gateway__DurableCommits"] = "false";
        using var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (ReadyLine().Match(line) is { Success: true } m)
                {
                    ready.TrySetResult(new Uri(m.Groups["base"].Value + "/"));
                }
            }

            ready.TrySetException(new InvalidOperationException("wequick serve ended before it was ready"));
        });
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var receiver = new WebhookSink();
        try
        {
            var baseUrl = await ready.Task.WaitAsync(ct);
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = Deadline };

            // The webhook and the stream are there before the reports, so they are read as they come, too.
            using (var hook = await http.PostAsync("api/v1/webhooks", Json($$"""{"url":"{{receiver.Url}}","kinds":["reportTextMessage"]}"""), ct))
            {
                Assert.True(hook.StatusCode == HttpStatusCode.Created, $"webhook: {(int)hook.StatusCode} {await hook.Content.ReadAsStringAsync(ct)}");
            }

            var sse = ReadSseAsync(http, ct);

            await PostAsync(http, new LoginStatusReport { Code = 1 }, ct);
            await PostAsync(http, new LoginUserReport { Account = Account, Wxid = Account, Nick = "memory" }, ct);
            for (var i = 0; i < Reports; i++)
            {
                await PostAsync(http, Big(i), ct);
            }

            var afterIngest = Peak(process.Id);

            // The events page: every big report by reference, none with its data.
            var events = new List<JsonElement>();
            var cursor = "0";
            while (events.Count < Reports)
            {
                using var page = JsonDocument.Parse(await http.GetByteArrayAsync($"api/v1/events?cursor={cursor}&limit=30", ct));
                var items = page.RootElement.GetProperty("items");
                Assert.True(items.GetArrayLength() > 0, "the events page ended before every report was read");
                events.AddRange(items.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == TextMessageReport.ActionName).Select(e => e.Clone()));
                cursor = page.RootElement.GetProperty("nextCursor").GetString()!;
            }

            foreach (var e in events)
            {
                AssertByReference(e);
            }

            // The messages page: each a bounded preview, flagged, with its reference.
            using (var messages = JsonDocument.Parse(await http.GetByteArrayAsync($"api/v1/accounts/{Account}/messages?limit=30", ct)))
            {
                var items = messages.RootElement.GetProperty("items");
                Assert.Equal(Reports, items.GetArrayLength());
                foreach (var m in items.EnumerateArray())
                {
                    Assert.True(m.GetProperty("bodyOmitted").GetBoolean());
                    Assert.True(m.GetProperty("bodyBytes").GetInt64() > TextChars);
                    Assert.Equal($"/api/v1/events/{m.GetProperty("seq").GetInt64()}/body", m.GetProperty("bodyUrl").GetString());
                    Assert.Equal("wxid_peer01", m.GetProperty("conversation").GetString());
                    var text = m.GetProperty("report").GetProperty("message").GetString()!;
                    Assert.InRange(text.Length, 1, 1024);
                    Assert.StartsWith("report ", text, StringComparison.Ordinal);
                }
            }

            // The stream and the webhook: every big report, each frame and post small.
            var streamed = await sse;
            Assert.Equal(Reports, streamed.Count);
            foreach (var e in streamed)
            {
                AssertByReference(e);
            }

            var posted = await receiver.WaitForAsync(Reports, ct);
            foreach (var body in posted)
            {
                Assert.True(body.Length < 64 * 1024, $"a webhook post of {body.Length} bytes");
                using var doc = JsonDocument.Parse(body);
                AssertByReference(doc.RootElement);
            }

            // The reference: the stored body, byte for byte.
            var seventh = events[7];
            var stored = await http.GetByteArrayAsync(seventh.GetProperty("bodyUrl").GetString()!.TrimStart('/'), ct);
            Assert.Equal(SHA256.HashData(ReportEncoder.Encode(Big(7))), SHA256.HashData(stored));

            var peak = Peak(process.Id);
            output.WriteLine($"gateway peak resident memory: {afterIngest / 1024} MiB after the reports went in, {peak / 1024} MiB after every reader (bound {BoundMiB} MiB)");
            Assert.True(peak / 1024 < BoundMiB, $"the gateway reached {peak / 1024} MiB (bound {BoundMiB} MiB)");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            await pump;
            output.WriteLine(await stderr);
        }
    }

    private static void AssertByReference(JsonElement e)
    {
        Assert.Equal(TextMessageReport.ActionName, e.GetProperty("kind").GetString());
        Assert.True(e.GetProperty("bodyOmitted").GetBoolean(), e.ToString());
        Assert.True(e.GetProperty("bodyBytes").GetInt64() > TextChars);
        Assert.Equal($"/api/v1/events/{e.GetProperty("seq").GetInt64()}/body", e.GetProperty("bodyUrl").GetString());
        Assert.False(e.TryGetProperty("data", out _));
    }

    private static TextMessageReport Big(int i) => new()
    {
        Account = Account,
        MsgType = 1,
        MyMsg = false,
        WxidFrom = "wxid_peer01",
        WxidTo = Account,
        Message = "report " + i.ToString(CultureInfo.InvariantCulture) + " " + new string((char)('a' + (i % 26)), TextChars),
    };

    private static async Task PostAsync(HttpClient http, Report report, CancellationToken ct)
    {
        using var content = new ByteArrayContent(ReportEncoder.Encode(report));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("receive_msg", content, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{report.Kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<List<JsonElement>> ReadSseAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync("api/v1/events/sse?after=0", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var found = new List<JsonElement>();
        while (found.Count < Reports && await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(line.Length < 64 * 1024, $"a stream frame of {line.Length} characters");
            using var doc = JsonDocument.Parse(line["data:".Length..]);
            if (doc.RootElement.TryGetProperty("kind", out var kind) && kind.GetString() == TextMessageReport.ActionName)
            {
                found.Add(doc.RootElement.Clone());
            }
        }

        return found;
    }

    /// <summary>The peak resident memory of a process in KiB (VmHWM).</summary>
    private static long Peak(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no VmHWM in /proc/<pid>/status");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [GeneratedRegex(@"event URL (?<base>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();

    /// <summary>A webhook receiver on loopback that answers 204 and keeps each post's body.</summary>
    private sealed class WebhookSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<byte[]> _posts = [];
        private readonly Lock _lock = new();
        private readonly Task _loop;

        public WebhookSink()
        {
            // A free port: taken by a socket on 127.0.0.1, let go, and listened on at once.
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
            }

            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public async Task<List<byte[]>> WaitForAsync(int count, CancellationToken ct)
        {
            while (true)
            {
                lock (_lock)
                {
                    if (_posts.Count >= count)
                    {
                        return [.. _posts];
                    }
                }

                await Task.Delay(50, ct);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _loop.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_lock)
                {
                    _posts.Add(body.ToArray());
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }
    }
}
