using System.Globalization;
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
        var data = args.String("data") ?? "data";
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

    /// <summary>The folder's store, schema brought up to date; null when there is no data and <paramref name="create"/> is false.</summary>
    private static async Task<IGatewayStore?> OpenAsync(string data, bool create, CancellationToken cancellationToken)
    {
        if (!create && !File.Exists(Path.Combine(data, SqliteGatewayStore.FileName)))
        {
            return null;
        }

        var store = SqliteGatewayBuilderExtensions.OpenStore(new SqliteStoreOptions { DataDirectory = data });
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}
