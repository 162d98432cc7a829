using System.CommandLine;
using System.Globalization;
using WeQuick.Gateway;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage.Sqlite;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick rebuild [--data DIR] [--progress]</c>: re-derives every projection (accounts, contacts, rooms, messages …)
/// from the event log. Run it with the gateway stopped: the gateway's writes wait while it holds the lock.
/// </summary>
internal static class RebuildCommand
{
    public const string Summary = "re-derive the gateway's projections from its event log";

    public static Command Create(CliConsole console)
    {
        var command = new WequickCommand("rebuild", Summary)
        {
            Details = "Accounts, contacts, rooms, messages …: all re-derived in one transaction. Run it with the gateway stopped: its writes wait while the rebuild runs.",
            Examples = ["wequick rebuild", "wequick rebuild --data /var/lib/wequick --progress"],
            ExitCodes =
            [
                "0  the projections were rebuilt",
                "2  usage: an unknown option, or no gateway data in the folder",
            ],
        };
        var data = CliOptions.Text("--data", "DIR", "the gateway's data folder", "data");
        var progress = CliOptions.Flag("--progress", "show progress on standard error every second (shown unasked when standard error is a terminal)");
        command.Options.Add(data);
        command.Options.Add(progress);
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(parsed.GetValue(data)!, parsed.GetValue(progress) || console.ErrorIsTerminal, console, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string data, bool showProgress, CliConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(data, SqliteGatewayStore.FileName)))
        {
            await console.Error.WriteLineAsync($"wequick rebuild: no gateway data in {Path.GetFullPath(data)}");
            return CliApp.Usage;
        }

        var store = SqliteGatewayBuilderExtensions.OpenStore(new SqliteStoreOptions { DataDirectory = data });
        var events = showProgress ? await store.CountEventsAsync(cancellationToken) : 0;
        // On a thread of its own: the replay itself does not yield, and the progress lines go on beside it.
        var rebuild = Task.Run(() => ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = data }, cancellationToken), cancellationToken);
        if (showProgress)
        {
            await ShowProgressAsync(events, rebuild, console, cancellationToken);
        }

        var count = await rebuild;
        await console.Out.WriteLineAsync($"rebuilt the projections from {count} events in {store.Location}");
        return CliApp.Ok;
    }

    /// <summary>
    /// Until <paramref name="rebuild"/> ends: how many events it replays, then every second how long it has run. The
    /// rebuild counts the events it has replayed only when it ends, so the lines say the time, not a share.
    /// </summary>
    private static async Task ShowProgressAsync(long events, Task rebuild, CliConsole console, CancellationToken cancellationToken)
    {
        var time = console.Time;
        var started = time.GetTimestamp();
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wequick rebuild: replaying {events:N0} events into the projections"));
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (!rebuild.IsCompleted)
        {
            var next = tick.WaitForNextTickAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(next, rebuild) != next || !await next)
            {
                break;
            }

            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wequick rebuild: replaying {events:N0} events, {time.GetElapsedTime(started).TotalSeconds:0} s so far"));
        }
    }
}
