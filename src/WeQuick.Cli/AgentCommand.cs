using Microsoft.Extensions.Logging;
using WeQuick.Agent;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick agent --receive URL --send URL …</c>: runs the WeQuick client against a callback server with
/// the simulated world as its WeChat, optionally driven by a scenario file and a load rate.
/// </summary>
internal static class AgentCommand
{
    public const string Summary = "run the WeQuick client with simulated WeChat accounts against a callback server";

    public static async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var receive = Url(args.String("receive"), "receive");
        var send = Url(args.String("send"), "send");
        var accounts = args.Int("accounts", 1, 10_000) ?? 1;
        var rate = args.Double("rate", 0, 1_000_000) ?? 0;
        var duration = args.Double("duration", 0.1, 31_536_000);
        var scenarioPath = args.String("scenario");
        var seed = args.Int("seed", 0) ?? 1;
        var quirks = args.String("quirks") switch
        {
            null or "spec" => ReportQuirks.Spec,
            "real-client" => ReportQuirks.RealClient,
            var q => throw new CliUsageException($"--quirks must be spec or real-client, got '{q}'"),
        };
        var loggedOut = args.Flag("logged-out");
        var pollMs = args.Int("poll-interval", 0, 3_600_000) ?? 1000;
        var roomSize = args.Int("room-size", 3, 500) ?? (rate > 0 ? 500 : 12);
        var mixText = args.String("mix") ?? LoadMix.Default;
        var progressSeconds = args.Double("progress", 0.1, 3600) ?? 5;
        var autoScan = args.Double("auto-scan", 0.1, 3600);
        var logLevel = args.String("log-level") switch
        {
            null or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "information" or "info" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "none" => LogLevel.None,
            var l => throw new CliUsageException($"--log-level must be debug, info, warning, error or none, got '{l}'"),
        };
        args.EnsureAllRead();
        if (args.Positional.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{args.Positional[0]}'");
        }

        LoadMix mix;
        try
        {
            mix = LoadMix.Parse(mixText);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"--mix: {ex.Message}");
        }

        Scenario? scenario = null;
        if (scenarioPath is not null)
        {
            if (!File.Exists(scenarioPath))
            {
                throw new CliUsageException($"--scenario: no such file: {scenarioPath}");
            }

            try
            {
                scenario = Scenario.Parse(await File.ReadAllTextAsync(scenarioPath, cancellationToken));
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--scenario {scenarioPath}: {ex.Message}");
            }
        }

        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(logLevel)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
        var log = loggers.CreateLogger("wequick.agent");
        var time = TimeProvider.System;
        var world = new SimulatedWeChat(new WorldOptions { Seed = seed, Accounts = accounts, LoggedOut = loggedOut, RoomSize = Math.Max(roomSize, 3) }, time);
        var options = new AgentOptions { ReceiveUrl = receive, SendUrl = send, PollInterval = TimeSpan.FromMilliseconds(pollMs), Quirks = quirks };
        await using var agent = new WeQuickAgent(options, world, time: time, loggers: loggers);

        var output = TextWriter.Synchronized(console.Out);
        var online = 0;
        agent.Delivered += (pid, report) =>
        {
            if (report is LoginUserReport user)
            {
                Interlocked.Increment(ref online);
                output.WriteLine($"online  {user.Wxid}  {user.Nick}  pid {pid}");
            }
        };

        output.WriteLine($"wequick agent: {accounts} account{(accounts == 1 ? "" : "s")}{(loggedOut ? " (logged out: waiting for getLoginQrCode and a scan)" : "")}, seed {seed}, quirks {(quirks == ReportQuirks.Spec ? "spec" : "real-client")}");
        output.WriteLine($"  events   POST {receive}");
        output.WriteLine($"  commands GET  {send}?wxid=&pid= every {pollMs} ms");
        if (loggedOut)
        {
            foreach (var pid in world.Pids)
            {
                output.WriteLine($"waiting pid {pid}");
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (autoScan is { } scanAfter)
        {
            // Stands in for a person scanning each QR code the server asks for with the next account's phone.
            world.QrCodeShown += pid => _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(scanAfter), time, stop.Token);
                    world.Scan(pid);
                }
                catch (OperationCanceledException)
                {
                }
                catch (SimulationException ex)
                {
                    log.LogWarning("auto-scan of pid {Pid}: {Reason}", pid, ex.Message);
                }
            });
        }

        if (duration is { } d)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(d));
        }

        var started = time.GetTimestamp();
        agent.Start();
        var load = new LoadGenerator(world, rate, mix, new Random(seed + 1), time, log);
        var loadTask = Task.Run(() => load.RunAsync(stop.Token), CancellationToken.None);
        var scenarioTask = scenario is null
            ? Task.FromResult((Done: 0, Failed: 0))
            : Task.Run(async () =>
            {
                try
                {
                    return await scenario.RunAsync(world, time, log, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return (Done: -1, Failed: 0);
                }
            }, CancellationToken.None);

        using var progress = new PeriodicTimer(TimeSpan.FromSeconds(progressSeconds), time);
        try
        {
            while (await progress.WaitForNextTickAsync(stop.Token))
            {
                output.WriteLine($"[{time.GetElapsedTime(started).TotalSeconds,6:0.0}s] {Rates(agent.Counters, time.GetElapsedTime(started))} {agent.Counters.Describe()}");
            }
        }
        catch (OperationCanceledException)
        {
        }

        await loadTask;
        var (done, failed) = await scenarioTask;
        await agent.StopAsync();
        var elapsed = time.GetElapsedTime(started);
        output.WriteLine($"summary after {elapsed.TotalSeconds:0.0} s: {online} account login{(online == 1 ? "" : "s")} delivered; {Rates(agent.Counters, elapsed)}");
        output.WriteLine($"  {agent.Counters.Describe()}");
        if (rate > 0)
        {
            output.WriteLine($"  load: {load.Events} events at {rate:0.##} reports/s asked ({load.Skipped} skipped)");
        }

        if (scenario is not null)
        {
            output.WriteLine(done < 0
                ? "  scenario: stopped before its last step"
                : $"  scenario: {done} step{(done == 1 ? "" : "s")} done, {failed} failed");
        }

        return failed > 0 ? 1 : 0;
    }

    private static string Rates(AgentCounters c, TimeSpan elapsed) =>
        elapsed.TotalSeconds <= 0 ? string.Empty : $"{c.Delivered / elapsed.TotalSeconds:0.0} reports/s delivered;";

    private static Uri Url(string? text, string name)
    {
        if (text is null)
        {
            throw new CliUsageException($"--{name} URL is required");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--{name} must be an absolute http(s) URL, got '{text}'");
        }

        return uri;
    }
}
