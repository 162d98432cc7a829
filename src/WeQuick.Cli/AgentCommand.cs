using Microsoft.Extensions.Logging;
using WeQuick.Agent;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick agent --receive URL --send URL …</c>: runs the WeQuick client against a callback server with a
/// backend chosen by name (<c>--backend</c>, default the simulated world; more from <c>--backend-assembly</c>
/// files). The simulated world can be driven by a scenario file, a load rate and auto-scans.
/// </summary>
internal static class AgentCommand
{
    public const string Summary = "run the WeQuick client (a simulated WeChat world, or a backend from an assembly) against a callback server";

    private const string Usage = "usage: wequick agent --receive URL --send URL [--backend NAME] [--backend-assembly PATH]… [--quirks spec|real-client] "
        + "[--poll-interval MS] [--duration S] [--progress S] [--log-level L]; with the simulated backend also [--accounts N] [--seed N] "
        + "[--room-size N] [--logged-out] [--auto-scan S] [--rate R] [--mix LIST] [--scenario FILE] (docs/agent.md)";

    public static async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Flag("help"))
        {
            await console.Out.WriteLineAsync(Usage);
            return 0;
        }

        var receive = Url(args.String("receive"), "receive");
        var send = Url(args.String("send"), "send");
        var backendName = args.String("backend") ?? SimulatedBackendProvider.BackendName;
        var backendAssemblies = args.Strings("backend-assembly");
        var duration = args.Double("duration", 0.1, 31_536_000);
        var quirks = args.String("quirks") switch
        {
            null or "spec" => ReportQuirks.Spec,
            "real-client" => ReportQuirks.RealClient,
            var q => throw new CliUsageException($"--quirks must be spec or real-client, got '{q}'"),
        };
        var pollMs = args.Int("poll-interval", 0, 3_600_000) ?? 1000;
        var progressSeconds = args.Double("progress", 0.1, 3600) ?? 5;
        var logLevel = args.String("log-level") switch
        {
            null or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "information" or "info" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "none" => LogLevel.None,
            var l => throw new CliUsageException($"--log-level must be debug, info, warning, error or none, got '{l}'"),
        };
        AgentSimulationOptions? simulation = null;
        if (string.Equals(backendName, SimulatedBackendProvider.BackendName, StringComparison.OrdinalIgnoreCase))
        {
            simulation = await AgentSimulationOptions.ReadAsync(args, cancellationToken);
        }
        else
        {
            AgentSimulationOptions.RejectFor(backendName, args);
        }

        args.EnsureAllRead();
        if (args.Positional.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{args.Positional[0]}'; " + Usage);
        }

        var backends = AgentBackendCatalog.Load([new SimulatedBackendProvider(simulation?.World)], backendAssemblies);
        var provider = backends.Find(backendName);

        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(logLevel)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
        var log = loggers.CreateLogger("wequick.agent");
        var time = TimeProvider.System;
        var options = new AgentOptions { ReceiveUrl = receive, SendUrl = send, PollInterval = TimeSpan.FromMilliseconds(pollMs), Quirks = quirks };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IWeChatBackend backend;
        try
        {
            backend = await provider.CreateAsync(new AgentBackendContext { Options = options, LoggerFactory = loggers, Time = time, Stopping = stop.Token });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex)
        {
            await console.Error.WriteLineAsync($"wequick agent: the {provider.Name} backend did not start: {ex.Message}");
            return 1;
        }

        // The run's backend is disposed after the agent has stopped (declared before it, disposed after it).
        await using var asyncDisposable = backend as IAsyncDisposable;
        using var disposable = asyncDisposable is null ? backend as IDisposable : null;
        await using var agent = new WeQuickAgent(options, backend, time: time, loggers: loggers);
        var simulated = simulation is not null && backend is SimulatedWeChat world ? new AgentSimulation(simulation, world, time, log, stop.Token) : null;
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

        var backendLine = simulation?.Describe() ?? $"backend {provider.Name} ({provider.Description})";
        output.WriteLine($"wequick agent: {backendLine}, quirks {(quirks == ReportQuirks.Spec ? "spec" : "real-client")}");
        output.WriteLine($"  events   POST {receive}");
        output.WriteLine($"  commands GET  {send}?wxid=&pid= every {pollMs} ms");
        simulated?.Prepare(output);
        if (duration is { } d)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(d));
        }

        var started = time.GetTimestamp();
        agent.Start();
        simulated?.Start();
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

        if (simulated is not null)
        {
            await simulated.StopAsync();
        }

        await agent.StopAsync();
        var elapsed = time.GetElapsedTime(started);
        output.WriteLine($"summary after {elapsed.TotalSeconds:0.0} s: {online} account login{(online == 1 ? "" : "s")} delivered; {Rates(agent.Counters, elapsed)}");
        output.WriteLine($"  {agent.Counters.Describe()}");
        var failed = simulated?.WriteSummary(output) ?? 0;
        return failed > 0 ? 1 : 0;
    }

    private static string Rates(AgentCounters c, TimeSpan elapsed) =>
        elapsed.TotalSeconds <= 0 ? string.Empty : $"{c.Delivered / elapsed.TotalSeconds:0.0} reports/s delivered;";

    private static Uri Url(string? text, string name)
    {
        if (text is null)
        {
            throw new CliUsageException($"--{name} URL is required; " + Usage);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--{name} must be an absolute http(s) URL, got '{text}'");
        }

        return uri;
    }
}
