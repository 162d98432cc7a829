using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace WeQuick.Gateway.Queries;

/// <summary>A page of a query, in the query's stable order; <see cref="NextCursor"/> is null on the last page.</summary>
internal sealed record QueryPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a query came to: its value, or a refusal.</summary>
internal readonly record struct QueryResult<T>(T? Value, Refusal? Refusal)
{
    public static implicit operator QueryResult<T>(T value) => new(value, null);

    public static implicit operator QueryResult<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>
/// The cursors of every paged query: base64url of <c>kind</c>, a line break and a position, opaque to callers and
/// checked against the query they came from.
/// </summary>
internal static class Cursors
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static string Make(string kind, string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + "\n" + position));

    /// <summary>The position in <paramref name="cursor"/> (null when there is none), or a refusal when it is not one of <paramref name="kind"/>'s.</summary>
    public static bool TryRead(string? cursor, string kind, out string? position, out Refusal? refusal)
    {
        position = null;
        refusal = null;
        if (cursor is null)
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split > 0 && text[..split] == kind)
            {
                position = text[(split + 1)..];
                return true;
            }
        }
        catch (FormatException)
        {
        }

        refusal = Invalid();
        return false;
    }

    /// <summary>A sequence number's position: fixed-width, so the positions of older pages compare as they always have.</summary>
    public static string Seq(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    public static bool TrySeq(string position, out long seq) =>
        long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out seq) && seq > 0;

    public static Refusal Invalid() => new(RefusalKind.Invalid, "invalid-cursor", "Invalid cursor",
        "the cursor is not one this query gave out; pass nextCursor from the previous page unchanged, with the same filters' path");

    public static Refusal InvalidFilter(string title, string detail) => new(RefusalKind.Invalid, "invalid-filter", title, detail);
}
