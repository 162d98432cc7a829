using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Projections;

/// <summary>
/// The JSON form of one message, made from its event in the log when it is read. Messages are not copied
/// into projection documents: the log already holds each one, and a second copy of every message cost the
/// single writer more than the append itself (see docs/gateway-bench.md).
/// </summary>
internal static class MessageDocument
{
    /// <summary>How message and conversation documents are written: characters as they are, not escaped.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The message's document: seq, kind, time, conversation, sender, flags, and the normalized report.</summary>
    public static byte[] Write(StoredEvent e, MessageReport m)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(m);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", e.Seq);
            json.WriteString("kind", m.Kind);
            json.WriteString("at", Time(e.ReceivedAt));
            WriteNullable(json, "conversation", m.ConversationId);
            WriteNullable(json, "sender", m.SenderWxid);
            json.WriteBoolean("isSelf", m.IsSelf);
            json.WriteBoolean("isRoom", m.IsRoom);
            if (m.MsgType is { } type)
            {
                json.WriteNumber("msgType", type);
            }
            else
            {
                json.WriteNull("msgType");
            }

            json.WritePropertyName("report");
            NormalizedJson.Write(json, m);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The message an event holds, decoded the way ingestion decoded it; null for any other event.</summary>
    public static MessageReport? Decode(StoredEvent e, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Source == EventSource.Client && ReportDecoder.Decode(e.Body, e.ContentType, limits).Report is MessageReport m ? m : null;
    }

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
