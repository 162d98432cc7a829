using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>What the in-test server replies to one report body.</summary>
internal readonly record struct Reply(int Status, string Body, TimeSpan Delay = default);

/// <summary>
/// A scriptable WeQuick callback server on 127.0.0.1 (Kestrel, a free port): records every report body and
/// poll, hands out queued commands per pid (optionally holding polls open, long-poll style), and lets a test
/// decide each reply. Restartable on the same port.
/// </summary>
internal sealed class CallbackServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public int Port { get; private set; }

    public Uri ReceiveUrl => new($"http://127.0.0.1:{Port}/recieve_msg");

    public Uri SendUrl => new($"http://127.0.0.1:{Port}/send_msg?token=a%2Bb%20c");

    public Uri UploadUrl => new($"http://127.0.0.1:{Port}/upload");

    /// <summary>Report bodies answered 2xx, in arrival order, decoded.</summary>
    public ConcurrentQueue<(byte[] Body, Report? Report)> Received { get; } = new();

    /// <summary>Every report body that arrived, whatever it was answered.</summary>
    public ConcurrentQueue<byte[]> Arrived { get; } = new();

    public ConcurrentQueue<(string Wxid, string Pid, string Token)> Polls { get; } = new();

    public ConcurrentQueue<byte[]> Uploads { get; } = new();

    /// <summary>The query string of every poll and of every report post, as it arrived.</summary>
    public ConcurrentQueue<string> PollQueries { get; } = new();

    /// <inheritdoc cref="PollQueries"/>
    public ConcurrentQueue<string> ReportQueries { get; } = new();

    /// <summary>Decides the reply to a report (its body text and how many times this exact body arrived); default 200 <c>[]</c>.</summary>
    public Func<Report?, string, int, Reply> OnReport { get; set; } = (_, _, _) => new Reply(200, "[]");

    /// <summary>Decides the answer to a poll with nothing queued (wxid, pid); null falls back to <see cref="IdleAnswer"/>.</summary>
    public Func<string, string, string?>? PollHook { get; set; }

    /// <summary>The answer to a poll with nothing queued.</summary>
    public string IdleAnswer { get; set; } = "[]";

    /// <summary>Hold a poll open this long waiting for a command (long-poll); zero answers at once.</summary>
    public TimeSpan LongPollHold { get; set; }

    public Func<int> PollStatus { get; set; } = () => 200;

    public string UploadAnswer { get; set; } = "42";

    public void Enqueue(int pid, string commandJson) =>
        _commands.GetOrAdd(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => new ConcurrentQueue<string>()).Enqueue(commandJson);

    public List<T> Reports<T>()
        where T : Report => [.. Received.Select(r => r.Report).OfType<T>()];

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/recieve_msg", ReceiveAsync);
        app.MapGet("/send_msg", PollAsync);
        app.MapPost("/upload", UploadAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async Task RestartAsync()
    {
        var port = Port;
        await StopAsync();
        await StartAsync(port);
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        ReportQueries.Enqueue(http.Request.QueryString.Value ?? string.Empty);
        using var ms = new MemoryStream();
        await http.Request.Body.CopyToAsync(ms, http.RequestAborted);
        var body = ms.ToArray();
        Arrived.Enqueue(body);
        var text = Encoding.UTF8.GetString(body);
        var decoded = ReportDecoder.Decode(body, http.Request.ContentType);
        var attempt = _attempts.AddOrUpdate(text, 1, (_, n) => n + 1);
        var reply = OnReport(decoded.Report, text, attempt);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Status is >= 200 and < 300)
        {
            Received.Enqueue((body, decoded.Report));
        }

        http.Response.StatusCode = reply.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.Body);
    }

    private async Task PollAsync(HttpContext http)
    {
        var wxid = http.Request.Query["wxid"].ToString();
        var pid = http.Request.Query["pid"].ToString();
        Polls.Enqueue((wxid, pid, http.Request.Query["token"].ToString()));
        PollQueries.Enqueue(http.Request.QueryString.Value ?? string.Empty);
        http.Response.ContentType = "application/json";
        var status = PollStatus();
        if (status != 200)
        {
            http.Response.StatusCode = status;
            return;
        }

        var queue = _commands.GetOrAdd(pid, _ => new ConcurrentQueue<string>());
        var until = DateTime.UtcNow + LongPollHold;
        try
        {
            while (queue.IsEmpty && DateTime.UtcNow < until)
            {
                await Task.Delay(10, http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var batch = new List<string>();
        while (queue.TryDequeue(out var c))
        {
            batch.Add(c);
        }

        await http.Response.WriteAsync(batch.Count == 0 ? PollHook?.Invoke(wxid, pid) ?? IdleAnswer : "[" + string.Join(",", batch) + "]");
    }

    private async Task UploadAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        if (file is not null)
        {
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, http.RequestAborted);
            Uploads.Enqueue(ms.ToArray());
        }

        await http.Response.WriteAsync(UploadAnswer);
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

internal static class Eventually
{
    /// <summary>Waits for a condition, checking every few milliseconds, up to a deadline; fails saying what was awaited.</summary>
    public static async Task Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
