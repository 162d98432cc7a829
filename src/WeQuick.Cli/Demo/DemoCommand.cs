using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Cli.Gateway;
using WeQuick.Samples.EchoBot;
using WeQuick.Sdk;

namespace WeQuick.Cli.Demo;

/// <summary>
/// <c>wequick demo</c>: the gateway and a simulated world with a few accounts, friends and busy rooms in one
/// process. Logs every account in through the QR flow, creates an API key and prints the docs URL, the key and
/// a <c>curl</c> that sends a message; then shows what the simulated friend receives until Ctrl-C.
/// </summary>
internal static class DemoCommand
{
    public const string Summary = "run the gateway with a simulated WeChat world in one process, ready to try";

    public static Command Create(CliConsole console)
    {
        var defaults = new DemoOptions();
        var command = new WequickCommand("demo", Summary)
        {
            Details = "Logs the accounts in, creates an API key, prints the docs URL, the key and a curl that sends a message, then shows what the simulated friend receives until Ctrl-C. Lines typed on standard input are the friend writing to the account (docs/demo.md).",
            Examples =
            [
                "wequick demo",
                "wequick demo --bot echo",
                "wequick demo --urls http://127.0.0.1:0 --data /tmp/wq-demo --accounts 1 --rate 0",
            ],
            ExitCodes =
            [
                "0  stopped cleanly (Ctrl-C, SIGTERM, --duration)",
                "1  did not start: the address is in use (change --urls), the data folder is in use (change --data), the bot did not start",
                "2  usage: an unknown option or a bad value",
            ],
        };
        var urls = CliOptions.Text("--urls", "URL", "where the gateway listens; port 0 takes a free one", defaults.Urls);
        var data = CliOptions.Text("--data", "DIR", "the demo's data folder (the API key is kept there for the next run)", defaults.DataDirectory);
        var accounts = CliOptions.Number("--accounts", "N", "simulated accounts, each logged in through the QR flow", 1, 50, defaults.Accounts);
        var seed = CliOptions.Number("--seed", "N", "the simulated world's seed: the same seed gives the same people, rooms and ids", 0, int.MaxValue, defaults.Seed);
        var rate = CliOptions.Number("--rate", "EVENTS_PER_S", "background traffic (room chatter, friends' messages …) in events per second; 0 for none", 0.0, 1000.0, defaults.Rate);
        var noPacing = CliOptions.Flag("--no-pacing", "send without the gateway's anti-ban pacing");
        var bot = CliOptions.Choice("--bot", "also run a bot against the demo: echo (samples/EchoBot) answers every private text with the same text", null, "echo");
        var duration = CliOptions.OptionalNumber("--duration", "SECONDS", "stop after this many seconds (default: run until Ctrl-C)", 0.1, 31_536_000.0);
        var generation = CliOptions.Choice("--interface", "the interface generation the simulated clients speak: v2, v1, or mixed (the accounts alternate, the first v2)", "v2", "v2", "v1", "mixed");
        foreach (var option in new Option[] { urls, data, accounts, seed, rate, noPacing, bot, duration, generation })
        {
            command.Options.Add(option);
        }

        command.SetAction((parsed, cancellationToken) => RunAsync(
            new DemoOptions
            {
                Urls = parsed.GetValue(urls)!,
                DataDirectory = parsed.GetValue(data)!,
                Accounts = parsed.GetValue(accounts),
                Seed = parsed.GetValue(seed),
                Rate = parsed.GetValue(rate),
                Pacing = !parsed.GetValue(noPacing),
                Interface = AgentCommand.Generation(parsed.GetValue(generation)),
            },
            parsed.GetValue(duration),
            parsed.GetValue(bot),
            console,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(DemoOptions options, double? duration, string? botName, CliConsole console, CancellationToken cancellationToken)
    {
        var output = TextWriter.Synchronized(console.Out);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } d)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(d));
        }

        await output.WriteLineAsync($"wequick demo: gateway on {options.Urls}, data in {Path.GetFullPath(options.DataDirectory)}");
        await output.WriteLineAsync($"  simulated world: {options.Accounts} account{(options.Accounts == 1 ? "" : "s")} (seed {options.Seed}), interface {AgentCommand.GenerationName(options.Interface)}, background traffic {options.Rate.ToString("0.##", CultureInfo.InvariantCulture)} events/s, pacing {(options.Pacing ? "on" : "off")}");
        DemoHost host;
        try
        {
            host = await DemoHost.StartAsync(options, output, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await output.WriteLineAsync("stopped before the demo was ready");
            return 0;
        }
        catch (Exception ex) when (StartFailure.Describe(ex, options.Urls) is { } message)
        {
            await console.Error.WriteLineAsync($"wequick demo: {message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException or HttpRequestException)
        {
            await console.Error.WriteLineAsync($"wequick demo: {ex.Message}");
            return 1;
        }

        await using (host)
        {
            var friend = host.Friend;
            host.World.PersonReceived += delivery =>
            {
                if (delivery.To == friend)
                {
                    output.WriteLine($"[{delivery.At.ToLocalTime():HH:mm:ss}] {friend} ({Nick(host, friend)}) received from {delivery.From}: {delivery.Text}");
                }
            };

            await PrintReadyAsync(output, host);
            using var botLogs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }));
            using var bot = botName is null ? null : Echo.Configure(new WeQuickBot(new WeQuickBotOptions { BaseUrl = host.BaseUrl, ApiKey = host.ApiKey }, botLogs));
            var botRun = Task.CompletedTask;
            if (bot is not null)
            {
                botRun = Task.Run(() => bot.RunAsync(stop.Token), CancellationToken.None);
                if (!await StartedAsync(bot, botRun, stop.Token))
                {
                    await console.Error.WriteLineAsync("wequick demo: EchoBot did not start" + (botRun.Exception is { } ex ? ": " + ex.GetBaseException().Message : string.Empty));
                    return 1;
                }

                await output.WriteLineAsync($"EchoBot runs (samples/EchoBot): it answers every private text {host.Account} gets with the same text.");
                await FriendSaysAsync(host, output, "ping");
            }

            StartForwardingInput(console.In, output, host, stop.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await output.WriteLineAsync("stopping: the agent drains its reports, the gateway commits what is in flight");
            await botRun;
        }

        await output.WriteLineAsync("stopped");
        return 0;
    }

    private static async Task PrintReadyAsync(TextWriter output, DemoHost host)
    {
        var api = host.BaseUrl.ToString().TrimEnd('/');
        await output.WriteLineAsync();
        await output.WriteLineAsync("ready.");
        await output.WriteLineAsync($"  docs     {api}/docs   (OpenAPI: {api}/openapi/v1.json)");
        await output.WriteLineAsync($"  API key  {host.ApiKey}   (admin scope; kept in {Path.Combine(host.Options.DataDirectory, DemoHost.KeyFile)} for the next run)");
        await output.WriteLineAsync($"  account  {host.Account} ({Nick(host, host.Account)}), logged in; friend {host.Friend} ({Nick(host, host.Friend)})");
        if (host.ListsAtLogin)
        {
            await output.WriteLineAsync($"  lists    contacts and rooms filled at login: {api}/api/v1/accounts/{host.Account}/contacts");
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync($"send {host.Friend} a message as {host.Account}:");
        await output.WriteLineAsync($"  {Curl(host)}");
        // From now on: after=0 (or no after) would replay the account's whole history first.
        var head = await host.LatestSeqAsync(CancellationToken.None);
        await output.WriteLineAsync($"watch the events as they happen (from event {head} on; after=0 replays the history first):");
        await output.WriteLineAsync($"  curl -N -H 'Authorization: Bearer {host.ApiKey}' '{api}/api/v1/events/sse?account={host.Account}&after={head}'");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Type a line and press Enter to have {host.Friend} send it to {host.Account}. Ctrl-C stops.");
    }

    /// <summary>The <c>curl</c> the demo prints: a text from the demo account to its simulated friend, waiting for the result.</summary>
    internal static string Curl(DemoHost host) =>
        $"curl -sS -X POST '{host.BaseUrl.ToString().TrimEnd('/')}/api/v1/accounts/{host.Account}/messages?wait=10' "
        + $"-H 'Authorization: Bearer {host.ApiKey}' -H 'Content-Type: application/json' "
        + $"-d '{{\"type\":\"text\",\"to\":\"{host.Friend}\",\"text\":\"hello from WeQuick\"}}'";

    /// <summary>Each line typed on the console becomes a message from the friend to the account, until input ends.</summary>
    private static void StartForwardingInput(TextReader input, TextWriter output, DemoHost host, CancellationToken cancellationToken) =>
        _ = Task.Run(async () =>
        {
            try
            {
                while (await input.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    try
                    {
                        await FriendSaysAsync(host, output, line);
                    }
                    catch (SimulationException ex)
                    {
                        await output.WriteLineAsync($"could not send that: {ex.Message}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

    /// <summary>True once the bot reads the stream; false when it ended first or the demo was stopped.</summary>
    private static async Task<bool> StartedAsync(WeQuickBot bot, Task run, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(bot.Started, run).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            return false;
        }

        return bot.Started.IsCompletedSuccessfully;
    }

    /// <summary>The simulated friend sends the account <paramref name="text"/>, and the demo says so.</summary>
    private static Task FriendSaysAsync(DemoHost host, TextWriter output, string text)
    {
        host.FriendSays(text);
        return output.WriteLineAsync($"[{DateTimeOffset.Now:HH:mm:ss}] {host.Friend} sent {host.Account}: {text}");
    }

    private static string Nick(DemoHost host, string wxid) => host.World.Person(wxid)?.Nick ?? wxid;
}
