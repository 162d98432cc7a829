using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;

namespace WeQuick.Protocol.Wire;

/// <summary>Gets the JSON text out of a body and describes what is wrong with it when it is not JSON.</summary>
internal static class BodyText
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>What <see cref="Open"/> found in a body.</summary>
    internal enum Opened
    {
        /// <summary>A JSON document was parsed.</summary>
        Parsed,

        /// <summary>The body holds only whitespace.</summary>
        Empty,

        /// <summary>The body is over the size limit, a form without <c>data</c>, or not JSON.</summary>
        Failed,
    }

    /// <summary>
    /// The steps both decoders take before reading a kind: the size limit, form and BOM unwrapping,
    /// the text repairs, and the parse with its limits. Never throws on input.
    /// </summary>
    public static Opened Open(ReadOnlyMemory<byte> body, string? contentType, DecodeLimits limits, out JsonDocument? doc, out DecodeError? error)
    {
        doc = null;
        error = null;
        if (body.Length > limits.MaxBodyBytes)
        {
            error = new DecodeError($"the body is {body.Length} bytes, over the limit of {limits.MaxBodyBytes} bytes");
            return Opened.Failed;
        }

        if (!TryGetJson(body, contentType, out var json, out var jsonOffset, out var formError))
        {
            error = new DecodeError(formError!);
            return Opened.Failed;
        }

        json = WithPairedSurrogates(WithValidUtf8(json));
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Opened.Empty;
        }

        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions(limits));
            return Opened.Parsed;
        }
        catch (JsonException ex)
        {
            error = new DecodeError(Describe(ex), Position(json.Span, jsonOffset, ex));
            return Opened.Failed;
        }
    }

    public static JsonDocumentOptions DocumentOptions(DecodeLimits limits) => new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = limits.MaxDepth,
    };

    /// <summary>
    /// Strips a BOM and unwraps a form body (<c>data=&lt;json&gt;</c>). <paramref name="offset"/> is where the
    /// JSON text starts in the body, or null when it was URL-decoded out of a form field.
    /// </summary>
    public static bool TryGetJson(ReadOnlyMemory<byte> body, string? contentType, out ReadOnlyMemory<byte> json, out int? offset, out string? error)
    {
        error = null;
        offset = body.Span.StartsWith(Bom) ? Bom.Length : 0;
        json = body[offset.Value..];
        var isForm = contentType is not null && contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!isForm && !json.Span.StartsWith("data="u8))
        {
            return true;
        }

        // Form body: take the "data" field, URL-decode it, and decode that as the JSON body.
        var span = json.Span;
        var start = 0;
        while (start <= span.Length)
        {
            var end = span[start..].IndexOf((byte)'&');
            var pair = end < 0 ? span[start..] : span.Slice(start, end);
            if (pair.StartsWith("data="u8))
            {
                var value = pair["data=".Length..].ToArray();
                var decoded = WebUtility.UrlDecodeToBytes(value, 0, value.Length);
                json = decoded.AsSpan().StartsWith(Bom) ? decoded.AsMemory(Bom.Length) : decoded;
                offset = null;
                return true;
            }

            if (end < 0)
            {
                break;
            }

            start += end + 1;
        }

        if (isForm && span.TrimStart(" \t\r\n"u8).StartsWith("{"u8))
        {
            // Labelled as a form but actually JSON: be liberal.
            return true;
        }

        error = "the body is form-encoded but has no \"data\" field: expected data=<json>";
        return false;
    }

    /// <summary>
    /// The JSON text with every byte of an invalid UTF-8 sequence replaced by <c>?</c>. The JSON reader accepts
    /// invalid UTF-8 inside strings but every later read of such a string throws, so one bad byte would fail
    /// the whole report. Outside strings an invalid byte is a syntax error either way, and the replacement is
    /// byte for byte, so structure and error positions stay as they were.
    /// </summary>
    public static ReadOnlyMemory<byte> WithValidUtf8(ReadOnlyMemory<byte> json)
    {
        if (Utf8.IsValid(json.Span))
        {
            return json;
        }

        var copy = json.ToArray();
        var i = 0;
        while (i < copy.Length)
        {
            var status = Rune.DecodeFromUtf8(copy.AsSpan(i), out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                copy.AsSpan(i, consumed).Fill((byte)'?');
            }

            i += consumed;
        }

        return copy;
    }

    /// <summary>
    /// The JSON text with every <c>\uD800</c>–<c>\uDFFF</c> escape that is not half of a surrogate pair
    /// rewritten as <c>\uFFFD</c>. Such an escape is valid JSON but not text: reading the string (or a
    /// property name) that holds it throws, which would fail the whole report. The rewrite keeps the length,
    /// so error positions do not move.
    /// </summary>
    public static ReadOnlyMemory<byte> WithPairedSurrogates(ReadOnlyMemory<byte> json)
    {
        var span = json.Span;
        if (span.IndexOf("\\u"u8) < 0)
        {
            return json;
        }

        byte[]? copy = null;
        var i = span.IndexOf((byte)'\\');
        while (i >= 0 && i < span.Length - 1)
        {
            if (span[i + 1] != (byte)'u')
            {
                i = Next(span, i + 2);
                continue;
            }

            if (!TryHex(span, i + 2, out var unit))
            {
                i = Next(span, i + 2);
                continue;
            }

            if (char.IsHighSurrogate((char)unit) && span.Length >= i + 12 && span[i + 6] == (byte)'\\' && span[i + 7] == (byte)'u'
                && TryHex(span, i + 8, out var low) && char.IsLowSurrogate((char)low))
            {
                i = Next(span, i + 12);
                continue;
            }

            if (char.IsSurrogate((char)unit))
            {
                copy ??= json.ToArray();
                "FFFD"u8.CopyTo(copy.AsSpan(i + 2));
            }

            i = Next(span, i + 6);
        }

        return copy ?? json;

        static int Next(ReadOnlySpan<byte> span, int from)
        {
            if (from >= span.Length)
            {
                return -1;
            }

            var next = span[from..].IndexOf((byte)'\\');
            return next < 0 ? -1 : from + next;
        }

        static bool TryHex(ReadOnlySpan<byte> span, int at, out int value)
        {
            value = 0;
            return span.Length >= at + 4 && Utf8Parser.TryParse(span.Slice(at, 4), out value, out var used, 'X') && used == 4;
        }
    }

    public static bool TryParseEmbedded(string text, DecodeLimits limits, out JsonDocument? doc)
    {
        doc = null;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            return false;
        }

        try
        {
            doc = JsonDocument.Parse(text, DocumentOptions(limits));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        // Only the depth limit: a truncated body ("Expected depth to be zero at the end…") is a syntax error.
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            return "the JSON is nested deeper than the limit allows";
        }

        // System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …"; we give an absolute byte offset instead.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var core = cut > 0 ? message[..cut].TrimEnd() : message;
        return $"the body is not valid JSON: {core}";
    }

    /// <summary>The absolute offset of a parse error: in the body, or in the decoded form field when <paramref name="offset"/> is null.</summary>
    public static long? Position(ReadOnlySpan<byte> json, int? offset, JsonException ex) => Position(json, ex) + (offset ?? 0);

    public static long? Position(ReadOnlySpan<byte> json, JsonException ex)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } column)
        {
            return null;
        }

        long offset = 0;
        for (long i = 0; i < line; i++)
        {
            var next = json[(int)offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            offset += next + 1;
        }

        return Math.Min(offset + column, json.Length);
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
