using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Auth;

/// <summary>Who is calling the developer API: the key (null in open loopback mode) and what it may do.</summary>
internal sealed record ApiCaller(ApiKeyRecord? Key, ApiScope Scope);

/// <summary>Why a caller was not let in: a title, what to do, and the bearer error code for the challenge.</summary>
internal sealed record ApiKeyFailure(string Title, string Detail, string Error);

/// <summary>
/// API keys: who presents one, and creating, listing and revoking them. Keys are looked up by their SHA-256 hash;
/// the key itself is never stored or logged. With no key presented, the caller is let in as admin only in open
/// mode: no key was ever created, keys are not required by the settings, and the caller is on this machine.
/// </summary>
internal sealed class ApiKeyService(IGatewayStore store, IGatewayBus bus, TimeProvider time, IOptions<GatewayOptions> options)
{
    /// <summary>Creates a key; returns its record and the key itself, which is shown this once.</summary>
    public async Task<(ApiKeyRecord? Record, string? Key, Refusal? Refusal)> CreateAsync(string? name, string? scopeName, CancellationToken cancellationToken)
    {
        if (!ApiKeys.IsValidName(name))
        {
            return (null, null, new Refusal(RefusalKind.Invalid, "invalid-api-key", "Invalid name", "\"name\" must be 1 to 64 letters, digits, '-', '_' or '.', and not only digits"));
        }

        if (!ApiKeys.TryParseScope(scopeName, out var scope))
        {
            return (null, null, new Refusal(RefusalKind.Invalid, "invalid-api-key", "Invalid scope", $"\"scope\" must be read, send or admin, got '{scopeName}'"));
        }

        var key = ApiKeys.Generate();
        try
        {
            var stored = await store.CreateApiKeyAsync(ApiKeys.ToRecord(key, name!, scope, time.GetUtcNow()), cancellationToken);

            // The first key ends open mode: streams opened without a key check again.
            bus.AnnounceApiKeysChanged();
            return (stored, key, null);
        }
        catch (DuplicateApiKeyNameException ex)
        {
            return (null, null, new Refusal(RefusalKind.Conflict, "api-key-name-taken", "Name taken", ex.Message));
        }
    }

    /// <summary>Whether any key was ever created (revoked ones count): until then the API is in open mode.</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken) => store.AnyApiKeyAsync(cancellationToken);

    /// <summary>Every key, revoked ones too.</summary>
    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) => store.ListApiKeysAsync(cancellationToken);

    /// <summary>Revokes the key with this id or name; null when there is none. Streams opened with it check again at once.</summary>
    public async Task<ApiKeyRecord?> RevokeAsync(string idOrName, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeApiKeyAsync(idOrName, time.GetUtcNow(), cancellationToken);
        if (revoked is not null)
        {
            bus.AnnounceApiKeysChanged();
        }

        return revoked;
    }

    public async Task<(ApiCaller? Caller, ApiKeyFailure? Failure)> AuthenticateAsync(string? presented, bool loopback, CancellationToken cancellationToken)
    {
        if (presented is null)
        {
            if (!options.Value.Api.RequireKeys && loopback && !await AnyAsync(cancellationToken))
            {
                return (new ApiCaller(null, ApiScope.Admin), null);
            }

            return (null, new ApiKeyFailure("API key required", $"send 'Authorization: Bearer <key>'; create a key with: {CreateCommand()}", "invalid_request"));
        }

        var hash = ApiKeys.Hash(presented);
        var key = await store.FindApiKeyAsync(hash, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(hash, key.Hash) || key.IsRevoked)
        {
            return (null, new ApiKeyFailure("Invalid API key", key is { IsRevoked: true }
                ? $"this API key was revoked; create a new one with: {CreateCommand()}"
                : $"the API key is not known to this gateway (keys are read from {options.Value.DataDirectory}; create one with: {CreateCommand()})", "invalid_token"));
        }

        return (new ApiCaller(key, key.Scope), null);
    }

    /// <summary>
    /// The command that creates a key this gateway reads: it names the data folder as configured (a relative one stays
    /// relative), since a key written to another folder is one this gateway never sees.
    /// </summary>
    private string CreateCommand() =>
        $"wequick keys create --data {Quoted(options.Value.DataDirectory)} --scope read|send|admin --name NAME";

    private static string Quoted(string path) =>
        path.Length > 0 && !path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
