using System.Collections.Concurrent;
using WeQuick.Cli;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class CliRunTests
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Logged_out_accounts_come_online_after_the_server_asks_for_a_QR_code_and_it_is_scanned(string generation)
    {
        await using var server = new CallbackServer();
        var asked = new ConcurrentDictionary<string, bool>();
        server.PollHook = (wxid, pid) => wxid.Length == 0 && asked.TryAdd(pid, true)
            ? $$$"""[{"api":"getLoginQrCode","sendId":"qr-{{{pid}}}","option":{}}]"""
            : null;
        await server.StartAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(
            ["agent", "--receive", server.ReceiveUrl.ToString(), "--send", server.SendUrl.ToString(),
             "--accounts", "2", "--logged-out", "--auto-scan", "0.2", "--duration", "2.5", "--poll-interval", "100", "--interface", generation],
            TextReader.Null, stdout, stderr);
        var output = stdout.ToString();
        Assert.True(code == 0, $"exit {code}: {stderr}\n{output}");
        var lines = output.Split('\n');
        Assert.Equal(2, lines.Count(l => l.StartsWith("waiting pid ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("online ", StringComparison.Ordinal)));
        Assert.Contains($", interface {generation}", lines[0], StringComparison.Ordinal);
        if (generation == "v1")
        {
            // The first generation answers with reportLoginQrCode carrying the sendId, and reports loginStatus.
            var qrs = server.Reports<LoginQrCodeReport>();
            Assert.Equal(2, qrs.Count);
            Assert.All(qrs, q => Assert.StartsWith("qr-", q.SendId, StringComparison.Ordinal));
            Assert.Equal(2, server.Reports<LoginStatusReport>().Count);
            Assert.Empty(server.Reports<QrCodeMessageReport>());
        }
        else
        {
            // The second reports reportQrCodeMessage (the saved image), acks with the sendId, and sends no loginStatus.
            Assert.Equal(2, server.Reports<QrCodeMessageReport>().Count(q => q.File is { Length: > 0 } && q.Base64 is { Length: > 0 }));
            Assert.Equal(2, server.Reports<CommandAck>().Count(a => a.SendId is { } id && id.StartsWith("qr-", StringComparison.Ordinal) && a.SendResult == "1"));
            Assert.Empty(server.Reports<LoginQrCodeReport>());
            Assert.Empty(server.Reports<LoginStatusReport>());
            Assert.All(server.Reports<LoginUserReport>(), u => Assert.NotNull(u.WxDir));
        }

        Assert.Equal(2, server.Reports<LoginUserReport>().Count);
    }

    [Fact]
    public async Task Without_a_duration_the_agent_runs_until_cancelled_then_prints_its_summary()
    {
        await using var server = new CallbackServer();
        await server.StartAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cts = new CancellationTokenSource();
        var run = CliApp.RunAsync(
            ["agent", "--receive", server.ReceiveUrl.ToString(), "--send", server.SendUrl.ToString(), "--poll-interval", "100"],
            TextReader.Null, stdout, stderr, cts.Token);
        await Eventually.Until(() => server.Reports<LoginUserReport>().Count == 1 && server.Polls.Count >= 2, "the account online and polling");
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Contains("summary after", stdout.ToString(), StringComparison.Ordinal);
        var polls = server.Polls.Count;
        await Task.Yield();
        Assert.Equal(polls, server.Polls.Count);
    }

    [Fact]
    public async Task The_agent_is_listed_in_the_help()
    {
        using var stdout = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["--help"], TextReader.Null, stdout, TextWriter.Null));
        Assert.Contains("agent", stdout.ToString(), StringComparison.Ordinal);
    }
}
