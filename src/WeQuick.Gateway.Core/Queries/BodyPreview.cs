using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Queries;

/// <summary>
/// A bounded preview of a message whose body is too big to be served with it: the same report with every text
/// field cut to a prefix. Made from the stored body one message at a time, so a page of big messages holds only
/// their previews.
/// </summary>
internal static class BodyPreview
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The message <paramref name="body"/> carries, with each string cut to <paramref name="chars"/> characters; null when
    /// the body is not a message.
    /// </summary>
    public static MessageReport? Message(byte[] body, string? contentType, int chars, DecodeLimits limits)
    {
        // A JSON body is cut as it is; anything else (a form body, or a JSON body whose cut strings held the report)
        // is decoded, written again as JSON and cut.
        if (TryCut(body, chars) is { } cut && ReportDecoder.Decode(cut, "application/json", limits).Report is MessageReport fromBody)
        {
            return fromBody;
        }

        if (ReportDecoder.Decode(body, contentType, limits).Report is not MessageReport full)
        {
            return null;
        }

        var encoded = ReportEncoder.Encode(full);
        return TryCut(encoded, chars) is { } again ? ReportDecoder.Decode(again, "application/json", limits).Report as MessageReport : null;
    }

    /// <summary>The JSON <paramref name="json"/> with every string value cut to <paramref name="chars"/> characters; null when it is not JSON.</summary>
    internal static byte[]? TryCut(ReadOnlySpan<byte> json, int chars)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(Cut(ref reader, chars));
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(Cut(ref reader, chars));
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }

            writer.Flush();
            return buffer.WrittenCount == 0 ? null : buffer.WrittenSpan.ToArray();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string Cut(ref Utf8JsonReader reader, int chars)
    {
        // A string of more bytes than 4 per character is longer than the cut whatever its characters: only its
        // prefix is decoded.
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length > (chars + 1) * 4)
        {
            var prefix = reader.ValueSpan[..((chars + 1) * 4)];
            var text = System.Text.Encoding.UTF8.GetString(prefix);
            return Prefix(text, chars);
        }

        return Prefix(reader.GetString() ?? string.Empty, chars);
    }

    private static string Prefix(string text, int chars)
    {
        if (text.Length <= chars)
        {
            return text;
        }

        var n = chars > 0 && char.IsHighSurrogate(text[chars - 1]) ? chars - 1 : chars;
        return text[..n];
    }
}
