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
        IProgress<long>? replayed = null;
        if (showProgress)
        {
            var events = await store.CountEventsAsync(cancellationToken);
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wequick rebuild: replaying {events:N0} events into the projections"));
            var clock = new ProgressClock(console.Time, TimeSpan.FromSeconds(1));
            var started = console.Time.GetTimestamp();
            replayed = new Lines(done =>
            {
                if (clock.Due())
                {
                    var share = events > 0 ? Math.Min(100.0, 100.0 * done / events) : 100.0;
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"wequick rebuild: {done:N0} of {events:N0} events replayed ({share:0}%), {console.Time.GetElapsedTime(started).TotalSeconds:0} s so far"));
                }
            });
        }

        // On a thread of its own: the replay does not yield, and it writes its progress lines as it goes.
        var count = await Task.Run(() => ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = data }, cancellationToken, replayed), cancellationToken);
        await console.Out.WriteLineAsync($"rebuilt the projections from {count} events in {store.Location}");
        return CliApp.Ok;
    }

    /// <summary>Hands each count the rebuild reports (after every page of events) to a line writer, on the rebuild's thread.</summary>
    private sealed class Lines(Action<long> write) : IProgress<long>
    {
        public void Report(long value) => write(value);
    }
}
