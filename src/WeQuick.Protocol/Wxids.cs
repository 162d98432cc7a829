using System.Text.RegularExpressions;

namespace WeQuick.Protocol;

/// <summary>
/// The WeChat ids: what kind an id is (<see cref="IsRoom"/>, <see cref="IsPublic"/>, lenient, for what clients
/// report), and the one rule for ids a server accepts from its own users (<see cref="IsWellFormedUser"/>,
/// <see cref="IsWellFormedRoom"/>, strict, for commands and their targets).
/// </summary>
public static partial class Wxids
{
    /// <summary>What <see cref="IsWellFormedUser"/> accepts, in words.</summary>
    public const string UserRule = "1-64 letters, digits, '_' or '-', starting with a letter or digit";

    /// <summary>What <see cref="IsWellFormedRoom"/> accepts, in words.</summary>
    public const string RoomRule = "letters, digits, '_' or '-' followed by @chatroom";

    /// <summary>True for a room id (<c>…@chatroom</c>).</summary>
    public static bool IsRoom(string? wxid) => wxid is not null && wxid.EndsWith("@chatroom", StringComparison.Ordinal);

    /// <summary>True for an official account id (<c>gh_…</c>).</summary>
    public static bool IsPublic(string? wxid) => wxid is not null && wxid.StartsWith("gh_", StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="value"/> is a well-formed id of a person or official account (a friend, a stranger,
    /// <c>gh_…</c>, the account itself): 1–64 ASCII letters, digits, <c>_</c> or <c>-</c>, starting with a letter or
    /// digit. This covers <c>wxid_…</c>, chosen WeChat ids, <c>gh_…</c> and system ids such as <c>filehelper</c>.
    /// </summary>
    public static bool IsWellFormedUser(string? value) => value is not null && UserPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a well-formed room id: 1–64 of the same characters, then <c>@chatroom</c>.</summary>
    public static bool IsWellFormedRoom(string? value) => value is not null && RoomPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}@chatroom$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomPattern();
}
