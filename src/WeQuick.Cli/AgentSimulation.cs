using System.CommandLine;
using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;

namespace WeQuick.Cli;

/// <summary>The options of <c>wequick agent</c> that only the simulated backend has: how the world is laid out and what drives it.</summary>
internal sealed record AgentSimulationOptions(WorldOptions World, double Rate, LoadMix Mix, Scenario? Scenario, double? AutoScan)
{
    /// <summary>How the world starts, for the first line <c>wequick agent</c> prints.</summary>
    public string Describe() =>
        $"{World.Accounts} account{(World.Accounts == 1 ? "" : "s")}{(World.LoggedOut ? " (logged out: waiting for getLoginQrCode and a scan)" : "")}, seed {World.Seed}";
}

/// <summary>The command-line options of the simulated world, added to <c>wequick agent</c> and read into <see cref="AgentSimulationOptions"/>.</summary>
internal sealed class AgentSimulationCliOptions
{
    private readonly Option<int> _accounts = CliOptions.Number("--accounts", "N", "(simulated) accounts, each in its own WeChat process", 1, 10_000, 1);
    private readonly Option<int> _seed = CliOptions.Number("--seed", "N", "(simulated) the world's seed: the same seed gives the same people, rooms and ids", 0, int.MaxValue, 1);
    private readonly Option<int?> _roomSize = CliOptions.OptionalNumber("--room-size", "N", "(simulated) members per room (default: 12, or 500 with --rate)", 3, 500);
    private readonly Option<bool> _loggedOut = CliOptions.Flag("--logged-out", "(simulated) start logged out: each process waits for getLoginQrCode and a scan");
    private readonly Option<double?> _autoScan = CliOptions.OptionalNumber("--auto-scan", "S", "(simulated) scan each QR code the server asks for after S seconds", 0.1, 3600.0);
    private readonly Option<double> _rate = CliOptions.Number("--rate", "R", "(simulated) load mode: reports per second across the accounts; 0 for none", 0.0, 1_000_000.0, 0.0);
    private readonly Option<string?> _mix = CliOptions.Text("--mix", "LIST", "(simulated) the weights of the load, kind=weight,… (docs/agent.md)", LoadMix.Default);
    private readonly Option<string?> _scenario = CliOptions.Text("--scenario", "FILE", "(simulated) a scenario file of timed steps (docs/agent.md)");

    public IEnumerable<Option> All => [_accounts, _seed, _roomSize, _loggedOut, _autoScan, _rate, _mix, _scenario];

    public async Task<AgentSimulationOptions> ReadAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var rate = parsed.GetValue(_rate);
        LoadMix mix;
        try
        {
            mix = LoadMix.Parse(parsed.GetValue(_mix)!);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"--mix: {ex.Message}");
        }

        Scenario? scenario = null;
        if (parsed.GetValue(_scenario) is { } scenarioPath)
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

        var world = new WorldOptions
        {
            Seed = parsed.GetValue(_seed),
            Accounts = parsed.GetValue(_accounts),
            LoggedOut = parsed.GetValue(_loggedOut),
            RoomSize = parsed.GetValue(_roomSize) ?? (rate > 0 ? 500 : 12),
        };
        return new AgentSimulationOptions(world, rate, mix, scenario, parsed.GetValue(_autoScan));
    }

    /// <summary>A usage error when a simulated-world option is given with another backend.</summary>
    public void RejectFor(string backend, ParseResult parsed)
    {
        var given = All.Where(parsed.Given).Select(o => o.Name).ToList();
        if (given.Count > 0)
        {
            throw new CliUsageException($"{string.Join(", ", given)}: only the simulated backend has {(given.Count == 1 ? "this option" : "these options")}, and this run uses --backend {backend}");
        }
    }
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
