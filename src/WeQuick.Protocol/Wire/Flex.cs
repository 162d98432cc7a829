using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace WeQuick.Protocol.Wire;

/// <summary>
/// The tolerant field kit: every read of a wire field goes through here. Real WeQuick traffic sends
/// numbers as strings and strings as numbers, and writes "absent" as <c>null</c>, <c>"null"</c>,
/// <c>"(null)"</c> or <c>""</c>. None of these readers throws; a value that does not fit is absent.
/// </summary>
internal static class Flex
{
    public static bool IsAbsent(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => true,
        JsonValueKind.String => IsAbsentText(value),
        _ => false,
    };

    private static bool IsAbsentText(JsonElement value)
    {
        if (TryGetPlainText(value, out var text))
        {
            // Fast path for the usual string without escapes: one look at the raw bytes instead of four compares.
            return text.Length switch
            {
                0 => true,
                4 => text.SequenceEqual("null"u8) || text.SequenceEqual("NULL"u8),
                6 => text.SequenceEqual("(null)"u8),
                _ => false,
            };
        }

        return value.ValueEquals(""u8) || value.ValueEquals("null"u8) || value.ValueEquals("(null)"u8) || value.ValueEquals("NULL"u8);
    }

    /// <summary>The UTF-8 content of a string element that has no escapes (so the raw bytes are the text).</summary>
    private static bool TryGetPlainText(JsonElement value, out ReadOnlySpan<byte> text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw.IndexOf((byte)'\\') < 0)
        {
            text = raw[1..^1];
            return true;
        }

        text = default;
        return false;
    }

    /// <summary>Finds a present (not absent-ish) field by its name or one alternate name.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value, string? alternate = null)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            if (obj.TryGetProperty(name, out value) && !IsAbsent(value))
            {
                return true;
            }

            if (alternate is not null && obj.TryGetProperty(alternate, out value) && !IsAbsent(value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Any token as text: strings as they are, numbers and other tokens verbatim (garbage is kept, not rejected).</summary>
    public static string? String(JsonElement obj, string name, string? alternate = null)
    {
        return TryGet(obj, name, out var v, alternate) ? AsString(v) : null;
    }

    /// <summary><see cref="String(JsonElement, string, string?)"/> for a value already found; absent gives null.</summary>
    public static string? String(JsonElement value) => IsAbsent(value) ? null : AsString(value);

    private static string? AsString(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        _ => v.GetRawText(),
    };

    /// <summary>The first of two values (a field and its alternate spelling) that is present; otherwise the second.</summary>
    public static JsonElement Either(JsonElement value, JsonElement alternate) => IsAbsent(value) ? alternate : value;

    /// <summary>A number given as a number or as a numeric string.</summary>
    public static long? Long(JsonElement obj, string name, string? alternate = null)
    {
        if (!TryGet(obj, name, out var v, alternate))
        {
            return null;
        }

        return AsLong(v);
    }

    public static int? Int(JsonElement obj, string name, string? alternate = null) => ToInt(Long(obj, name, alternate));

    /// <summary><see cref="Int(JsonElement, string, string?)"/> for a value already found; absent gives null.</summary>
    public static int? Int(JsonElement value) => IsAbsent(value) ? null : ToInt(AsLong(value));

    private static int? ToInt(long? value) => value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;

    internal static long? AsLong(JsonElement v)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Number:
                if (v.TryGetInt64(out var n))
                {
                    return n;
                }

                return v.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue && Math.Floor(d) == d ? (long)d : null;
            case JsonValueKind.String:
                if (TryGetPlainText(v, out var plain) && Utf8Parser.TryParse(plain, out long quick, out var used) && used == plain.Length && plain[0] != (byte)'+')
                {
                    return quick;
                }

                var text = v.GetString();
                return long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : null;
            case JsonValueKind.True:
                return 1;
            case JsonValueKind.False:
                return 0;
            default:
                return null;
        }
    }

    /// <summary>A flag given as <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c> or their string forms.</summary>
    public static bool? Bool(JsonElement obj, string name, string? alternate = null) =>
        TryGet(obj, name, out var v, alternate) ? AsBool(v) : null;

    /// <summary><see cref="Bool(JsonElement, string, string?)"/> for a value already found; absent gives null.</summary>
    public static bool? Bool(JsonElement value) => IsAbsent(value) ? null : AsBool(value);

    private static bool? AsBool(JsonElement v)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return v.TryGetInt64(out var n) ? n != 0 : null;
            case JsonValueKind.String:
                if (TryGetPlainText(v, out var plain) && plain.Length == 1 && plain[0] is (byte)'0' or (byte)'1')
                {
                    return plain[0] == (byte)'1';
                }

                var s = v.GetString()!.Trim();
                if (s is "1" or "true" or "True" or "TRUE" or "yes")
                {
                    return true;
                }

                if (s is "0" or "false" or "False" or "FALSE" or "no")
                {
                    return false;
                }

                // A numeric string reads as its number does: non-zero is true, as the number 2 is.
                return long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? number != 0
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// A list of ids: a JSON array of strings (numbers kept as text), or a single string that is itself a
    /// JSON array or a comma-separated list (the spec prints <c>createChatRoom.wxidLists</c> as a string).
    /// </summary>
    public static IReadOnlyList<string>? StringList(JsonElement obj, string name, string? alternate = null)
    {
        if (!TryGet(obj, name, out var v, alternate))
        {
            return null;
        }

        return AsStringList(v);
    }

    internal static IReadOnlyList<string>? AsStringList(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>(v.GetArrayLength());
            foreach (var item in v.EnumerateArray())
            {
                if (IsAbsent(item))
                {
                    continue;
                }

                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
            }

            return list;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            var text = v.GetString()!.Trim();
            if (text.StartsWith('['))
            {
                try
                {
                    using var inner = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 4 });
                    return AsStringList(inner.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // Not JSON after all: fall through to the comma-separated reading.
                }
            }

            return text.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return v.ValueKind == JsonValueKind.Number ? [v.GetRawText()] : null;
    }

    /// <summary>A list of objects, each read by <paramref name="read"/>; entries that are not objects are skipped.</summary>
    public static IReadOnlyList<T>? ObjectList<T>(JsonElement obj, string name, Func<JsonElement, T> read)
    {
        if (!TryGet(obj, name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<T>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                list.Add(read(item));
            }
        }

        return list;
    }

    /// <summary>The nested object <paramref name="name"/>, or the object itself when the nesting is missing.</summary>
    public static JsonElement ObjectOrSelf(JsonElement obj, string name)
    {
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.Object
            ? inner
            : obj;
    }
}
