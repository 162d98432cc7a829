using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Projections;

/// <summary>
/// What the projections need of messages. Messages are not copied into projection documents: the log already
/// holds each one, and a second copy of every message cost the single writer more than the append itself (see
/// docs/gateway-bench.md); a conversation keeps only a pointer to its latest message.
/// </summary>
internal static class MessageDocument
{
    /// <summary>How message and conversation documents are written: characters as they are, not escaped.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Whether a string field of the message's normalized report (the top-level fields of the document's
    /// <c>report</c>) contains <paramref name="text"/>, ignoring case. Read from the report's JSON with a
    /// reader, without building the document: a search looks at every message it scans.
    /// </summary>
    public static bool ReportContains(MessageReport m, string text)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Utf8JsonReader(NormalizedJson.Serialize(m));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return false;
    }

    /// <summary>The key of a message's conversation document: the conversation id, or empty for a message without one.</summary>
    public static string ConversationKey(string? conversation) => conversation ?? string.Empty;

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
