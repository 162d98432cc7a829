using WeQuick.Gateway;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage.Sqlite;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick rebuild [--data DIR]</c>: re-derives every projection (accounts, contacts, rooms, messages …)
/// from the event log. Run it with the gateway stopped: the gateway's writes wait while it holds the lock.
/// </summary>
internal static class RebuildCommand
{
    public const string Summary = "re-derive the gateway's projections from its event log";

    public static async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var data = args.String("data") ?? "data";
        args.EnsureAllRead();
        if (args.Positional.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{args.Positional[0]}'; usage: wequick rebuild [--data DIR]");
        }

        if (!File.Exists(Path.Combine(data, SqliteGatewayStore.FileName)))
        {
            await console.Error.WriteLineAsync($"wequick rebuild: no gateway data in {Path.GetFullPath(data)}");
            return 2;
        }

        var store = SqliteGatewayBuilderExtensions.OpenStore(new SqliteStoreOptions { DataDirectory = data });
        var count = await ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = data }, cancellationToken);
        await console.Out.WriteLineAsync($"rebuilt the projections from {count} events in {store.Location}");
        return 0;
    }
}
