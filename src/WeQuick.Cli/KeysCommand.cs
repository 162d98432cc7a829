using System.CommandLine;
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

    public static Command Create(CliConsole console)
    {
        var data = CliOptions.Text("--data", "DIR",
            "the gateway's data folder (default: ./data; when it has no gateway data and the demo's ./data/demo has, that one, said on standard error)");
        data.Recursive = true;
        var command = new WequickCommand("keys", Summary)
        {
            Details = "Works while the gateway runs on the same folder: each call is one short transaction.",
            Examples =
            [
                "wequick keys create --scope send --name my-bot",
                "wequick keys list --data /var/lib/wequick",
                "wequick keys revoke my-bot",
            ],
        };
        command.Options.Add(data);

        var scope = CliOptions.Choice("--scope", "what the key may do: read (queries, stream), send (also send and manage), admin (also webhooks and keys)", null, "read", "send", "admin");
        scope.Required = true;
        var name = CliOptions.Parsed("--name", "NAME", "a name to know the key by (1 to 64 letters, digits, '-', '_' or '.', not only digits)", text =>
            ApiKeys.IsValidName(text) ? (text, null) : ((string?)null, "must be 1 to 64 letters, digits, '-', '_' or '.', and not only digits"));
        name.Required = true;
        var create = new WequickCommand("create", "create a key: printed once on standard output, the rest on standard error")
        {
            Examples = ["wequick keys create --scope read --name dashboard", "export WEQUICK_KEY=$(wequick keys create --scope send --name bot)"],
            ExitCodes =
            [
                "0  created",
                "1  a key with that name exists",
                "2  usage: a missing or bad --scope or --name",
            ],
        };
        create.Options.Add(scope);
        create.Options.Add(name);
        create.SetAction((parsed, cancellationToken) =>
            CreateAsync(parsed.GetValue(data), parsed.GetValue(scope)!, parsed.GetValue(name)!, console, cancellationToken));

        var list = new WequickCommand("list", "list the keys: id, name, scope, the key's first characters, when created and revoked")
        {
            Examples = ["wequick keys list"],
            ExitCodes = ["0  listed", "2  usage: an unknown option, or no gateway data in the folder"],
        };
        list.SetAction((parsed, cancellationToken) => ListAsync(parsed.GetValue(data), console, cancellationToken));

        var which = new Argument<string>("ID|NAME") { Description = "the key's id or name, as 'wequick keys list' shows them" };
        var revoke = new WequickCommand("revoke", "revoke a key: requests with it are refused from now on")
        {
            Examples = ["wequick keys revoke 3", "wequick keys revoke my-bot"],
            ExitCodes = ["0  revoked", "1  there is no such key", "2  usage: no ID|NAME, or an unknown option"],
            ArgumentsHint = "say which one key: wequick keys revoke ID|NAME",
        };
        revoke.Arguments.Add(which);
        CliOptions.RefuseOptionLikeValues(which, revoke);
        revoke.SetAction((parsed, cancellationToken) => RevokeAsync(parsed.GetValue(data), parsed.GetValue(which)!, console, cancellationToken));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static async Task<int> CreateAsync(string? given, string scopeText, string name, CliConsole console, CancellationToken cancellationToken)
    {
        var data = ChooseFolder(given, out var note);
        if (!ApiKeys.TryParseScope(scopeText, out var scope))
        {
            throw new CliUsageException($"--scope must be read, send or admin, got '{scopeText}'");
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
            return CliApp.Failed;
        }

        await console.Out.WriteLineAsync(key);
        await console.Error.WriteLineAsync($"created API key {stored.Id} '{stored.Name}' with scope {ApiKeys.Name(stored.Scope)}. It is shown only this once: keep it now. Use it as 'Authorization: Bearer <key>'.");
        return CliApp.Ok;
    }

    private static async Task<int> ListAsync(string? given, CliConsole console, CancellationToken cancellationToken)
    {
        var data = ChooseFolder(given, out var note);
        await AnnounceAsync(console, data, note);
        var store = await OpenAsync(data, create: false, cancellationToken);
        if (store is null)
        {
            await console.Error.WriteLineAsync($"wequick keys: no gateway data in {Path.GetFullPath(data)}");
            return CliApp.Usage;
        }

        var keys = await store.ListApiKeysAsync(cancellationToken);
        await console.Out.WriteLineAsync($"{"ID",-5} {"NAME",-24} {"SCOPE",-6} {"KEY",-12} {"CREATED",-20} REVOKED");
        foreach (var k in keys)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{k.Id,-5} {k.Name,-24} {ApiKeys.Name(k.Scope),-6} {k.Prefix + "…",-12} {k.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {(k.RevokedAt is { } r ? r.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-")}"));
        }

        return CliApp.Ok;
    }

    private static async Task<int> RevokeAsync(string? given, string which, CliConsole console, CancellationToken cancellationToken)
    {
        var data = ChooseFolder(given, out var note);
        await AnnounceAsync(console, data, note);
        var store = await OpenAsync(data, create: false, cancellationToken);
        var revoked = store is null ? null : await store.RevokeApiKeyAsync(which, TimeProvider.System.GetUtcNow(), cancellationToken);
        if (revoked is null)
        {
            await console.Error.WriteLineAsync($"wequick keys: there is no API key with id or name '{which}'");
            return CliApp.Failed;
        }

        await console.Out.WriteLineAsync($"revoked API key {revoked.Id} '{revoked.Name}'");
        return CliApp.Ok;
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
