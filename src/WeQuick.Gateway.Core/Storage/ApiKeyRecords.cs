namespace WeQuick.Gateway.Storage;

/// <summary>What an API key may do. Each scope includes the ones below it: read ⊂ send ⊂ admin.</summary>
public enum ApiScope
{
    /// <summary>GET and HEAD on the developer API.</summary>
    Read = 1,

    /// <summary>Everything read may, plus the methods that enqueue or change (POST, PUT, PATCH, DELETE).</summary>
    Send = 2,

    /// <summary>Everything, including API keys and webhooks.</summary>
    Admin = 3,
}

/// <summary>An API key to store: only its SHA-256 hash is kept, never the key itself.</summary>
/// <param name="Name">A unique name for the key's holder.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="Hash">SHA-256 of the key's UTF-8 text.</param>
/// <param name="Prefix">The first characters of the key, shown in listings so a holder can tell keys apart.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record NewApiKey(string Name, ApiScope Scope, byte[] Hash, string Prefix, DateTimeOffset CreatedAt);

/// <summary>A stored API key.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its unique name.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="Hash">SHA-256 of the key.</param>
/// <param name="Prefix">The first characters of the key.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKeyRecord(long Id, string Name, ApiScope Scope, byte[] Hash, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>True once revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>Thrown when a key name is already taken.</summary>
public sealed class DuplicateApiKeyNameException(string name) : Exception($"an API key named '{name}' already exists; choose another name or revoke it first")
{
    /// <summary>The name that is taken.</summary>
    public string Name { get; } = name;
}
