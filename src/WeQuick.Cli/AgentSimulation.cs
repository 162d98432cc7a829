using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;

namespace WeQuick.Cli;

/// <summary>The options of <c>wequick agent</c> that only the simulated backend has: how the world is laid out and what drives it.</summary>
internal sealed record AgentSimulationOptions(WorldOptions World, double Rate, LoadMix Mix, Scenario? Scenario, double? AutoScan)
{
    private static readonly string[] Names = ["accounts", "seed", "room-size", "logged-out", "auto-scan", "rate", "mix", "scenario"];

    public static async Task<AgentSimulationOptions> ReadAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var accounts = args.Int("accounts", 1, 10_000) ?? 1;
        var seed = args.Int("seed", 0) ?? 1;
        var rate = args.Double("rate", 0, 1_000_000) ?? 0;
        var roomSize = args.Int("room-size", 3, 500) ?? (rate > 0 ? 500 : 12);
        var loggedOut = args.Flag("logged-out");
        var autoScan = args.Double("auto-scan", 0.1, 3600);
        var mixText = args.String("mix") ?? LoadMix.Default;
        var scenarioPath = args.String("scenario");

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

        var world = new WorldOptions { Seed = seed, Accounts = accounts, LoggedOut = loggedOut, RoomSize = roomSize };
        return new AgentSimulationOptions(world, rate, mix, scenario, autoScan);
    }

    /// <summary>A usage error when a simulated-world option is given with another backend.</summary>
    public static void RejectFor(string backend, CliArgs args)
    {
        var given = Names.Where(args.Given).Select(n => "--" + n).ToList();
        if (given.Count > 0)
        {
            throw new CliUsageException($"{string.Join(", ", given)}: only the simulated backend has {(given.Count == 1 ? "this option" : "these options")}, and this run uses --backend {backend}");
        }
    }

    /// <summary>How the world starts, for the first line <c>wequick agent</c> prints.</summary>
    public string Describe() =>
        $"{World.Accounts} account{(World.Accounts == 1 ? "" : "s")}{(World.LoggedOut ? " (logged out: waiting for getLoginQrCode and a scan)" : "")}, seed {World.Seed}";
}

/// <summary>What drives the simulated world during one <c>wequick agent</c> run: auto-scans, load mode and the scenario.</summary>
internal sealed partial class AgentSimulation(AgentSimulationOptions options, SimulatedWeChat world, TimeProvider time, ILogger log, CancellationToken stop)
{
    private readonly LoadGenerator _load = new(world, options.Rate, options.Mix, new Random(options.World.Seed + 1), time, log);
    private Task _loadRun = Task.CompletedTask;
    private Task<(int Done, int Failed)> _scenarioRun = Task.FromResult((0, 0));
    private (int Done, int Failed) _scenarioResult;

    /// <summary>Before the agent starts: lists the processes waiting for a scan and arranges the auto-scans.</summary>
    public void Prepare(TextWriter output)
    {
        if (options.World.LoggedOut)
        {
            foreach (var pid in world.Pids)
            {
                output.WriteLine($"waiting pid {pid}");
            }
        }

        if (options.AutoScan is { } scanAfter)
        {
            // Stands in for a person scanning each QR code the server asks for with the next account's phone.
            world.QrCodeShown += pid => _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(scanAfter), time, stop);
                    world.Scan(pid);
                }
                catch (OperationCanceledException)
                {
                }
                catch (SimulationException ex)
                {
                    LogAutoScanFailed(log, pid, ex.Message);
                }
            });
        }
    }

    /// <summary>Once the agent is attached: starts load mode and the scenario, which run until the stop signal.</summary>
    public void Start()
    {
        _loadRun = Task.Run(() => _load.RunAsync(stop), CancellationToken.None);
        if (options.Scenario is { } scenario)
        {
            _scenarioRun = Task.Run(async () =>
            {
                try
                {
                    return await scenario.RunAsync(world, time, log, stop);
                }
                catch (OperationCanceledException)
                {
                    return (Done: -1, Failed: 0);
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>After the stop signal: waits for load mode and the scenario to end.</summary>
    public async Task StopAsync()
    {
        await _loadRun;
        _scenarioResult = await _scenarioRun;
    }

    /// <summary>Writes the summary lines of load mode and the scenario; returns how many scenario steps failed.</summary>
    public int WriteSummary(TextWriter output)
    {
        if (options.Rate > 0)
        {
            output.WriteLine($"  load: {_load.Events} events at {options.Rate:0.##} reports/s asked ({_load.Skipped} skipped)");
        }

        var (done, failed) = _scenarioResult;
        if (options.Scenario is not null)
        {
            output.WriteLine(done < 0
                ? "  scenario: stopped before its last step"
                : $"  scenario: {done} step{(done == 1 ? "" : "s")} done, {failed} failed");
        }

        return failed;
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "auto-scan of pid {Pid}: {Reason}")]
    private static partial void LogAutoScanFailed(ILogger logger, int pid, string reason);
}
