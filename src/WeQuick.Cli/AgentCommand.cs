using System.CommandLine;
using Command = System.CommandLine.Command;
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

    public static Command Create(CliConsole console)
    {
        var command = new WequickCommand("agent", Summary)
        {
            Details = "Prints each account that comes online, progress lines and a summary (docs/agent.md).",
            Examples =
            [
                "wequick agent --receive http://127.0.0.1:8080/recieve_msg --send http://127.0.0.1:8080/send_msg",
                "wequick agent --receive URL --send URL --accounts 3 --rate 50 --duration 60",
                "wequick agent --receive URL --send URL --logged-out --auto-scan 2",
                "wequick agent --receive URL --send URL --backend-assembly ./MyBackend.dll --backend mine",
            ],
            ExitCodes =
            [
                "0  ran until --duration, Ctrl-C or SIGTERM",
                "1  the backend did not start, or a scenario step failed",
                "2  usage: a missing or bad option, an unknown backend, a simulated-world option with another backend",
            ],
        };
        var receive = Url("--receive", "where the client POSTs its reports (the callback server's receive URL)");
        var send = Url("--send", "where the client polls for commands (the callback server's send URL)");
        var backend = CliOptions.Text("--backend", "NAME", "the WeChat behind the client: simulated, or one from --backend-assembly", SimulatedBackendProvider.BackendName);
        var backendAssemblies = new Option<string[]>("--backend-assembly")
        {
            Description = "a .dll with more backends (a public IAgentBackendProvider); may be given more than once",
            HelpName = "PATH",
        };
        var generation = CliOptions.Choice("--interface", "the interface generation the client speaks: v2 (clients since 2020-08), v1, or mixed (simulated: the processes alternate, the first v2)", "v2", "v2", "v1", "mixed");
        var quirks = CliOptions.Choice("--quirks", "report bodies as the spec shows them, or with the real client's quirks", "spec", "spec", "real-client");
        var pollInterval = CliOptions.Number("--poll-interval", "MS", "milliseconds between polls for commands", 0, 3_600_000, 1000);
        var duration = CliOptions.OptionalNumber("--duration", "S", "stop after S seconds (default: run until Ctrl-C)", 0.1, 31_536_000.0);
        var progress = CliOptions.Number("--progress", "S", "seconds between progress lines", 0.1, 3600.0, 5.0);
        var logLevel = CliOptions.Choice("--log-level", "the client's log on standard error", "warning", "debug", "info", "information", "warning", "error", "none");
        var simulation = new AgentSimulationCliOptions();
        foreach (var option in new Option[] { receive, send, backend, backendAssemblies, generation, quirks, pollInterval, duration, progress, logLevel }.Concat(simulation.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var backendName = parsed.GetValue(backend)!;
            var spoken = Generation(parsed.GetValue(generation));
            AgentSimulationOptions? simulated = null;
            if (string.Equals(backendName, SimulatedBackendProvider.BackendName, StringComparison.OrdinalIgnoreCase))
            {
                simulated = await simulation.ReadAsync(parsed, cancellationToken);
                simulated = simulated with { World = simulated.World with { Interface = spoken } };
            }
            else
            {
                simulation.RejectFor(backendName, parsed);
                if (spoken == InterfaceGenerations.Both)
                {
                    throw new CliUsageException($"--interface mixed: only the simulated backend runs processes of both generations, and this run uses --backend {backendName}");
                }
            }

            var run = new AgentRun(
                parsed.GetValue(receive)!,
                parsed.GetValue(send)!,
                backendName,
                parsed.GetValue(backendAssemblies) ?? [],
                parsed.GetValue(quirks) == "real-client" ? ReportQuirks.RealClient : ReportQuirks.Spec,
                spoken,
                parsed.GetValue(pollInterval),
                parsed.GetValue(duration),
                parsed.GetValue(progress),
                parsed.GetValue(logLevel) switch
                {
                    "error" => LogLevel.Error,
                    "information" or "info" => LogLevel.Information,
                    "debug" => LogLevel.Debug,
                    "none" => LogLevel.None,
                    _ => LogLevel.Warning,
                },
                simulated);
            return await RunAsync(run, console, cancellationToken);
        });
        return command;
    }

    /// <summary>One run of the client, as the command line asks for it.</summary>
    internal sealed record AgentRun(
        Uri Receive,
        Uri Send,
        string BackendName,
        IReadOnlyList<string> BackendAssemblies,
        ReportQuirks Quirks,
        InterfaceGenerations Interface,
        int PollMs,
        double? Duration,
        double ProgressSeconds,
        LogLevel LogLevel,
        AgentSimulationOptions? Simulation);

    public static async Task<int> RunAsync(AgentRun run, CliConsole console, CancellationToken cancellationToken)
    {
        var (receive, send, backendName, backendAssemblies, quirks, spoken, pollMs, duration, progressSeconds, logLevel, simulation) = run;
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
        var options = new AgentOptions
        {
            ReceiveUrl = receive,
            SendUrl = send,
            PollInterval = TimeSpan.FromMilliseconds(pollMs),
            Quirks = quirks,
            // A mixed world says per process which generation each speaks; the agent's own is the second.
            Interface = spoken == InterfaceGenerations.V1 ? InterfaceGenerations.V1 : InterfaceGenerations.V2,
        };
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
        output.WriteLine($"wequick agent: {backendLine}, quirks {(quirks == ReportQuirks.Spec ? "spec" : "real-client")}, interface {GenerationName(spoken)}");
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

    /// <summary>The generation <c>--interface</c> names: v1, v2, or both for mixed.</summary>
    internal static InterfaceGenerations Generation(string? name) => name switch
    {
        "v1" => InterfaceGenerations.V1,
        "mixed" => InterfaceGenerations.Both,
        _ => InterfaceGenerations.V2,
    };

    internal static string GenerationName(InterfaceGenerations generation) => generation switch
    {
        InterfaceGenerations.V1 => "v1",
        InterfaceGenerations.Both => "mixed (v2 and v1)",
        _ => "v2",
    };

    private static string Rates(AgentCounters c, TimeSpan elapsed) =>
        elapsed.TotalSeconds <= 0 ? string.Empty : $"{c.Delivered / elapsed.TotalSeconds:0.0} reports/s delivered;";

    private static Option<Uri?> Url(string name, string description)
    {
        var option = CliOptions.Parsed<Uri>(name, "URL", description, text =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? (uri, null)
                : (null, $"must be an absolute http(s) URL, got '{text}'"));
        option.Required = true;
        return option;
    }
}
