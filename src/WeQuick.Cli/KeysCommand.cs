using System.Globalization;
using WeQuick.Cli.Gateway;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Storage.Sqlite;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick keys create|list|revoke [--data DIR]</c>: manages the developer API's keys in the gateway's data
/// folder. Works while <c>wequick serve</c> runs on the same folder: each call is one short transaction of its own.
/// </summary>
internal static class KeysCommand
{
    public const string Summary = "create, list or revoke the developer API's keys";

    private const string Usage = "usage: wequick keys create --scope read|send|admin --name NAME [--data DIR] | wequick keys list [--data DIR] | wequick keys revoke ID|NAME [--data DIR]";

    public static async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var data = ChooseFolder(args.String("data"), out var note);
        if (args.Positional.Count == 0)
        {
            throw new CliUsageException("say what to do; " + Usage);
        }

        var action = args.Positional[0];
        switch (action)
        {
            case "create":
                {
                    var scopeText = args.String("scope") ?? throw new CliUsageException("--scope is required (read, send or admin); " + Usage);
                    var name = args.String("name") ?? throw new CliUsageException("--name is required; " + Usage);
                    Done(args, 1);
                    if (!ApiKeys.TryParseScope(scopeText, out var scope))
                    {
                        throw new CliUsageException($"--scope must be read, send or admin, got '{scopeText}'");
                    }

                    if (!ApiKeys.IsValidName(name))
                    {
                        throw new CliUsageException("--name must be 1 to 64 letters, digits, '-', '_' or '.', and not only digits");
                    }

                    await AnnounceAsync(console, data, note);
                    var store = await OpenAsync(data, create: true, cancellationToken);
                    var key = ApiKeys.Generate();
                    ApiKeyRecord stored;
                    try
                    {
                        stored = await store!.CreateApiKeyAsync(ApiKeys.ToRecord(key, name, scope, TimeProvider.System.GetUtcNow()), cancellationToken);
                    }
                    catch (DuplicateApiKeyNameException ex)
                    {
                        await console.Error.WriteLineAsync($"wequick keys: {ex.Message}");
                        return 1;
                    }

                    await console.Out.WriteLineAsync(key);
                    await console.Error.WriteLineAsync($"created API key {stored.Id} '{stored.Name}' with scope {ApiKeys.Name(stored.Scope)}. It is shown only this once: keep it now. Use it as 'Authorization: Bearer <key>'.");
                    return 0;
                }

            case "list":
                {
                    Done(args, 1);
                    await AnnounceAsync(console, data, note);
                    var store = await OpenAsync(data, create: false, cancellationToken);
                    if (store is null)
                    {
                        await console.Error.WriteLineAsync($"wequick keys: no gateway data in {Path.GetFullPath(data)}");
                        return 2;
                    }

                    var keys = await store.ListApiKeysAsync(cancellationToken);
                    await console.Out.WriteLineAsync($"{"ID",-5} {"NAME",-24} {"SCOPE",-6} {"KEY",-12} {"CREATED",-20} REVOKED");
                    foreach (var k in keys)
                    {
                        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{k.Id,-5} {k.Name,-24} {ApiKeys.Name(k.Scope),-6} {k.Prefix + "…",-12} {k.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {(k.RevokedAt is { } r ? r.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-")}"));
                    }

                    return 0;
                }

            case "revoke":
                {
                    if (args.Positional.Count < 2)
                    {
                        throw new CliUsageException("say which key: wequick keys revoke ID|NAME");
                    }

                    var which = args.Positional[1];
                    Done(args, 2);
                    await AnnounceAsync(console, data, note);
                    var store = await OpenAsync(data, create: false, cancellationToken);
                    var revoked = store is null ? null : await store.RevokeApiKeyAsync(which, TimeProvider.System.GetUtcNow(), cancellationToken);
                    if (revoked is null)
                    {
                        await console.Error.WriteLineAsync($"wequick keys: there is no API key with id or name '{which}'");
                        return 1;
                    }

                    await console.Out.WriteLineAsync($"revoked API key {revoked.Id} '{revoked.Name}'");
                    return 0;
                }

            default:
                throw new CliUsageException($"unknown action '{action}'; " + Usage);
        }
    }

    private static void Done(CliArgs args, int positional)
    {
        args.EnsureAllRead();
        if (args.Positional.Count > positional)
        {
            throw new CliUsageException($"unexpected argument '{args.Positional[positional]}'; " + Usage);
        }
    }

    /// <summary>
    /// The data folder the keys go to: <c>--data</c> when given. Without it, <c>./data</c>, unless that folder has no
    /// gateway data and no running gateway while the demo's folder (<c>./data/demo</c>) has either: then the demo's
    /// folder, said in <paramref name="note"/>. Using <c>./data</c> while a gateway runs on the demo's folder is said too.
    /// </summary>
    private static string ChooseFolder(string? given, out string? note)
    {
        note = null;
        if (given is not null)
        {
            return given;
        }

        const string Default = "data";
        var demo = Path.Combine(Default, "demo");
        var defaultUsed = HasStore(Default) || DataFolderLock.FindHolder(Default) is not null;
        var demoHolder = DataFolderLock.FindHolder(demo);
        if (defaultUsed)
        {
            if (demoHolder is not null)
            {
                note = $"note: the gateway running on {demo} ({demoHolder}) does not read keys from {Default}; for it, add --data {demo}";
            }

            return Default;
        }

        if (demoHolder is not null || HasStore(demo))
        {
            note = $"no --data given and {Default} has no gateway data: using the demo's folder {demo} (give --data DIR to choose another)";
            return demo;
        }

        return Default;
    }

    /// <summary>One line on standard error: the folder used, and the gateway running there if any.</summary>
    private static async Task AnnounceAsync(CliConsole console, string data, string? note)
    {
        if (note is not null)
        {
            await console.Error.WriteLineAsync($"wequick keys: {note}");
        }

        var holder = DataFolderLock.FindHolder(data);
        await console.Error.WriteLineAsync(holder is null
            ? $"keys in {data} (no gateway is running there; a gateway started with --data {data} reads them)"
            : $"keys in {data} (the gateway running there: {holder})");
    }

    private static bool HasStore(string data) => File.Exists(Path.Combine(data, SqliteGatewayStore.FileName));

    /// <summary>The folder's store, schema brought up to date; null when there is no data and <paramref name="create"/> is false.</summary>
    private static async Task<IGatewayStore?> OpenAsync(string data, bool create, CancellationToken cancellationToken)
    {
        if (!create && !HasStore(data))
        {
            return null;
        }

        var store = SqliteGatewayBuilderExtensions.OpenStore(new SqliteStoreOptions { DataDirectory = data });
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}
