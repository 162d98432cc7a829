using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Auth;

/// <summary>Settings of the developer API's authentication (configuration section <c>Gateway:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// True: every <c>/api</c> request needs a key, even before any key exists. False (the default): while no
    /// key has ever been created the API answers loopback requests only; after that every request needs a key.
    /// </summary>
    public bool RequireKeys { get; set; }
}

/// <summary>Making, hashing and naming API keys, and the scope each request needs.</summary>
public static class ApiKeys
{
    /// <summary>The prefix of every key, so a leaked one is easy to recognise.</summary>
    public const string Prefix = "wqk_";

    /// <summary>How many characters of a key are kept in clear to tell keys apart.</summary>
    public const int ShownLength = 10;

    /// <summary>A new key: <c>wqk_</c> and 32 random bytes in base64url (43 characters).</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of the key's UTF-8 text: what the store keeps.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key's record to store.</summary>
    public static NewApiKey ToRecord(string key, string name, ApiScope scope, DateTimeOffset at) =>
        new(name, scope, Hash(key), key[..Math.Min(ShownLength, key.Length)], at);

    /// <summary>Parses a scope name (read, send, admin).</summary>
    public static bool TryParseScope(string? text, out ApiScope scope)
    {
        scope = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "read":
                scope = ApiScope.Read;
                return true;
            case "send":
                scope = ApiScope.Send;
                return true;
            case "admin":
                scope = ApiScope.Admin;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The scope's name as the CLI and the API show it.</summary>
    public static string Name(ApiScope scope) => scope.ToString().ToLowerInvariant();

    /// <summary>Whether a key name is acceptable: 1–64 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.All(char.IsAsciiDigit);
}
