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
using WeQuick.Cli;

namespace WeQuick.Agent.Tests;

public sealed class CliAgentTests
{
    /// <summary>A server in the style of the vendor demos: it logs every body it gets and answers <c>[]</c>, nothing else.</summary>
    private static async Task<(WebApplication App, int Port, ConcurrentQueue<string> Bodies)> BareServerAsync()
    {
        var bodies = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/recieve_msg", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            bodies.Enqueue(await reader.ReadToEndAsync());
            return Results.Text("[]", "application/json");
        });
        app.MapGet("/send_msg", () => Results.Text("[]", "application/json"));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return (app, port, bodies);
    }

    private static async Task<(int Code, string Out, string Err)> RunCli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("spec")]
    [InlineData("real-client")]
    public async Task Wequick_agent_runs_cleanly_against_a_bare_server_and_every_logged_body_decodes(string quirks)
    {
        var (app, port, bodies) = await BareServerAsync();
        await using (app)
        {
            var (code, output, error) = await RunCli(
                "agent", "--receive", $"http://127.0.0.1:{port}/recieve_msg", "--send", $"http://127.0.0.1:{port}/send_msg",
                "--accounts", "3", "--duration", "2", "--rate", "40", "--poll-interval", "200", "--progress", "1", "--quirks", quirks);
            Assert.True(code == 0, $"exit {code}: {error}\n{output}");
            Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("online ", StringComparison.Ordinal)));
            Assert.Contains("summary after", output, StringComparison.Ordinal);
            Assert.Contains("poll latency p50", output, StringComparison.Ordinal);
            await app.StopAsync();
        }

        Assert.True(bodies.Count >= 6 + 20, $"only {bodies.Count} bodies");
        var capture = Path.Combine(Path.GetTempPath(), $"wequick-agent-{Guid.NewGuid():N}.txt");
        try
        {
            await File.WriteAllLinesAsync(capture, bodies);
            var (code, output, error) = await RunCli("decode", capture);
            Assert.True(code == 0, $"decode exit {code}: {error}");
            Assert.EndsWith($"decoded {bodies.Count}, unknown 0, errors 0", output.TrimEnd(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(capture);
        }
    }

    [Theory]
    [InlineData("v1", "reportChatroomMessage")]
    [InlineData("v2", "reportSystemMessage")]
    public async Task A_scenario_file_drives_the_world_and_the_summary_counts_its_steps(string generation, string roomSystemKind)
    {
        var (app, port, bodies) = await BareServerAsync();
        await using (app)
        {
            var scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "basic.json");
            var (code, output, error) = await RunCli(
                "agent", "--receive", $"http://127.0.0.1:{port}/recieve_msg", "--send", $"http://127.0.0.1:{port}/send_msg",
                "--accounts", "2", "--duration", "3", "--scenario", scenario, "--poll-interval", "200", "--interface", generation);
            Assert.True(code == 0, $"exit {code}: {error}\n{output}");
            Assert.Matches(@"scenario: \d+ steps done, 0 failed", output);
        }

        var actions = bodies.Select(b => WeQuick.Protocol.ReportDecoder.Decode(b).Report!.Kind).ToHashSet();
        foreach (var kind in new[] { "reportTextMessage", "reportFriendAddRequest", roomSystemKind, "reportTransferMessage", "reportLogout", "reportPicMessage" })
        {
            Assert.Contains(kind, actions);
        }
    }

    [Theory]
    [InlineData("--send", "http://127.0.0.1:1/send_msg")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--accounts", "0")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--quirks", "vendor")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--rate", "-3")]
    [InlineData("--receive", "ftp://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--scenario", "no-such-file.json")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--mix", "text=lots")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--bogus", "1")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--interface", "v3")]
    [InlineData("--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", "--poll-interval", "soon")]
    public async Task Bad_options_exit_2_with_a_clear_error(params string[] options)
    {
        var (code, _, error) = await RunCli(["agent", .. options]);
        Assert.Equal(2, code);
        Assert.StartsWith("wequick agent: ", error, StringComparison.Ordinal);
    }
}
