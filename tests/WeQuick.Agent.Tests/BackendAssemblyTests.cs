using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using WeQuick.Cli;
using WeQuick.Cli.Tests;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>
/// A bridge shipped as its own assembly — the ScriptedBackend sample, loaded from the folder its build wrote — run by
/// a host through the public API, and by the real <c>wequick agent --backend-assembly … --backend …</c>.
/// </summary>
public sealed class BackendAssemblyTests
{
    private const string SendText = """{"api":"sendTextMessage","sendId":"t-1","option":{"wxid":"wxid_friend","text":"你好"}}""";

    private static readonly string ScriptedBackendDll = typeof(BackendAssemblyTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScriptedBackend").Value!;

    [Fact]
    public async Task A_host_runs_a_bridge_from_another_assembly_with_the_public_API_alone()
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(ScriptedBackendDll);
        var providerType = assembly.GetExportedTypes().Single(t => typeof(IAgentBackendProvider).IsAssignableFrom(t));
        var provider = (IAgentBackendProvider)Activator.CreateInstance(providerType)!;
        Assert.Equal("scripted", provider.Name);

        await using var server = new CallbackServer();
        await server.StartAsync();
        var options = new AgentOptions { ReceiveUrl = server.ReceiveUrl, SendUrl = server.SendUrl, PollInterval = TimeSpan.FromMilliseconds(50) };
        var backend = await provider.CreateAsync(new AgentBackendContext { Options = options });
        await using var agent = new WeQuickAgent(options, backend);
        agent.Start();

        await Eventually.Until(() => server.Polls.Any(p => p.Wxid == "wxid_scripted"), "a poll for the logged-in account");
        var pid = int.Parse(server.Polls.First(p => p.Wxid == "wxid_scripted").Pid, CultureInfo.InvariantCulture);
        server.Enqueue(pid, SendText);
        server.Enqueue(pid, """{"api":"getContact","sendId":"c-1","option":{"flag":"1"}}""");
        server.Enqueue(pid, """{"api":"sendPicMessage","sendId":"p-1","option":{"wxid":"wxid_friend","imgPath":"C:\\a.jpg"}}""");
        await Eventually.Until(() => server.Reports<CommandAck>().Count >= 3, "three acks");

        var login = Assert.Single(server.Reports<LoginUserReport>());
        Assert.Equal("wxid_scripted", login.Wxid);
        var acks = server.Reports<CommandAck>().ToDictionary(a => a.SendId!);
        Assert.True(acks["t-1"].Succeeded);
        Assert.Equal("wxid_scripted", acks["t-1"].Account);
        Assert.Equal("this WeChat backend has no contacts capability", acks["c-1"].ErrorReason);
        Assert.Equal("the scripted backend sends text only", acks["p-1"].ErrorReason);
        var sent = Assert.Single(server.Reports<TextMessageReport>());
        Assert.Equal(("你好", true, "wxid_friend"), (sent.Message, sent.MyMsg, sent.WxidTo));
    }

    [Fact]
    public async Task Wequick_agent_runs_a_backend_from_an_assembly_file_posts_its_reports_and_acks_a_command()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Stopped with SIGTERM, a POSIX signal; the in-process tests cover the rest.
        }

        await using var server = new CallbackServer();
        var asked = new ConcurrentDictionary<string, bool>();
        server.PollHook = (wxid, pid) => wxid == "wxid_scripted" && asked.TryAdd(pid, true) ? $"[{SendText}]" : null;
        await server.StartAsync();
        var start = WequickProcess.StartInfo(
            "agent", "--backend-assembly", ScriptedBackendDll, "--backend", "scripted",
            "--receive", server.ReceiveUrl.ToString(), "--send", server.SendUrl.ToString(), "--poll-interval", "100");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.Until(() => server.Reports<CommandAck>().Any(a => a.SendId == "t-1") || process.HasExited, "the ack of sendTextMessage", 120_000);
            if (process.HasExited)
            {
                Assert.Fail($"wequick ended first with {process.ExitCode}: {await stderr}\n{await stdout}");
            }

            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(deadline.Token);
            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}\n{output}");
            Assert.StartsWith("wequick agent: backend scripted (one scripted WeChat process", output, StringComparison.Ordinal);
            Assert.Contains("online  wxid_scripted  Scripted  pid ", output, StringComparison.Ordinal);
            Assert.Contains("summary after", output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(Assert.Single(server.Reports<CommandAck>(), a => a.SendId == "t-1").Succeeded);
        Assert.Single(server.Reports<LoginUserReport>(), l => l.Wxid == "wxid_scripted");
        Assert.Single(server.Reports<TextMessageReport>(), t => t.Message == "你好" && t.MyMsg == true);
    }

    [Fact]
    public async Task The_backend_of_an_assembly_file_also_runs_in_process_and_the_simulated_world_is_still_the_default()
    {
        await using var server = new CallbackServer();
        await server.StartAsync();
        var (code, output, error) = await RunCli(
            "agent", "--backend-assembly", ScriptedBackendDll, "--receive", server.ReceiveUrl.ToString(), "--send", server.SendUrl.ToString(),
            "--duration", "0.5", "--accounts", "2");
        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        Assert.StartsWith("wequick agent: 2 accounts, seed 1, quirks spec", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_is_a_usage_error_that_lists_the_known_ones()
    {
        var (code, _, error) = await RunCli(Urls("--backend", "wechat-pc"));
        Assert.Equal(2, code);
        Assert.StartsWith("wequick agent: --backend: unknown backend 'wechat-pc'", error, StringComparison.Ordinal);
        Assert.Contains("  simulated ", error, StringComparison.Ordinal);

        (code, _, error) = await RunCli(Urls("--backend", "wechat-pc", "--backend-assembly", ScriptedBackendDll));
        Assert.Equal(2, code);
        Assert.Contains("  simulated ", error, StringComparison.Ordinal);
        Assert.Contains("  scripted ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulated_world_options_with_another_backend_are_a_usage_error()
    {
        var (code, _, error) = await RunCli(Urls("--backend-assembly", ScriptedBackendDll, "--backend", "scripted", "--accounts", "2", "--logged-out", "--seed", "7"));
        Assert.Equal(2, code);
        Assert.Equal("wequick agent: --accounts, --seed, --logged-out: only the simulated backend has these options, and this run uses --backend scripted", error.TrimEnd());
    }

    [Theory]
    [InlineData("no-such-backend.dll", "no such file")]
    [InlineData("scenarios/basic.json", "cannot load it")]
    [InlineData("WeQuick.Protocol.dll", "it has no public class implementing WeQuick.Agent.IAgentBackendProvider")]
    public async Task A_backend_assembly_that_gives_no_backend_is_a_usage_error(string file, string reason)
    {
        var path = Path.Combine(AppContext.BaseDirectory, file);
        var (code, _, error) = await RunCli(Urls("--backend-assembly", path));
        Assert.Equal(2, code);
        Assert.StartsWith($"wequick agent: --backend-assembly {path}: {reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_help_names_the_backend_options()
    {
        var (code, output, _) = await RunCli("agent", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--backend <NAME>", output, StringComparison.Ordinal);
        Assert.Contains("--backend-assembly <PATH>", output, StringComparison.Ordinal);
    }

    private static string[] Urls(params string[] more) => ["agent", "--receive", "http://127.0.0.1:1/r", "--send", "http://127.0.0.1:1/s", .. more];

    private static async Task<(int Code, string Out, string Err)> RunCli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
