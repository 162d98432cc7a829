using System.Text;
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// Decodes report bodies as any WeQuick client sends them: wrapped or bare envelopes, JSON or
/// <c>data=&lt;json&gt;</c> form bodies, trailing commas, a UTF-8 BOM, and the field quirks of
/// docs/protocol-notes.md. It never throws on input and never loses the raw body.
/// </summary>
public static class ReportDecoder
{
    /// <summary>Decodes one report body.</summary>
    /// <param name="body">The HTTP body as received.</param>
    /// <param name="contentType">The request's Content-Type, if any; form bodies are also recognised without it.</param>
    /// <param name="limits">Size and depth bounds; <see cref="DecodeLimits.Default"/> when null.</param>
    public static ReportDecodeResult Decode(ReadOnlyMemory<byte> body, string? contentType = null, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        try
        {
            return DecodeCore(body, contentType, limits);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours must not become a lost report: the caller still gets the body and a reason.
            return Fail(body, $"the decoder failed on this body: {ex.GetType().Name}: {ex.Message}", null);
        }
    }

    /// <summary>Decodes a body given as text.</summary>
    public static ReportDecodeResult Decode(string body, string? contentType = null, DecodeLimits? limits = null) =>
        Decode(Encoding.UTF8.GetBytes(body), contentType, limits);

    private static ReportDecodeResult DecodeCore(ReadOnlyMemory<byte> body, string? contentType, DecodeLimits limits)
    {
        switch (BodyText.Open(body, contentType, limits, out var doc, out var error))
        {
            case BodyText.Opened.Failed:
                return new ReportDecodeResult(body, null, error, wrapped: false);
            case BodyText.Opened.Empty:
                return Fail(body, "the body is empty: expected a JSON object with an action", 0);
        }

        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(body, $"expected a JSON object with an action, got {BodyText.Describe(root.ValueKind)}", 0);
            }

            var wrapped = false;
            var envelope = root;
            JsonDocument? inner = null;
            try
            {
                if (!root.TryGetProperty("action", out _) && root.TryGetProperty("data", out var data))
                {
                    // {"data": {"action": …}} is the spec's form; some clients double-encode it as a string.
                    if (data.ValueKind == JsonValueKind.String && BodyText.TryParseEmbedded(data.GetString()!, limits, out inner))
                    {
                        data = inner!.RootElement;
                    }

                    if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("action", out _))
                    {
                        envelope = data;
                        wrapped = true;
                    }
                }

                if (!envelope.TryGetProperty("action", out var actionElement))
                {
                    return Fail(body, "the envelope has no \"action\": expected {\"data\": {\"action\", \"cwxid\", \"data\"}} or the bare envelope", null, wrapped);
                }

                if (actionElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return Fail(body, $"\"action\" must be a string, got {BodyText.Describe(actionElement.ValueKind)}", null, wrapped);
                }

                var action = actionElement.ValueKind == JsonValueKind.String ? actionElement.GetString()!.Trim() : string.Empty;
                var account = Flex.String(envelope, "cwxid");
                var payload = envelope.TryGetProperty("data", out var p) ? p : default;
                JsonDocument? innerPayload = null;
                try
                {
                    if (payload.ValueKind == JsonValueKind.String && BodyText.TryParseEmbedded(payload.GetString()!, limits, out innerPayload))
                    {
                        payload = innerPayload!.RootElement;
                    }

                    var source = new ReportSource(action, account, payload);
                    return new ReportDecodeResult(body, Dispatch(source), null, wrapped);
                }
                finally
                {
                    innerPayload?.Dispose();
                }
            }
            finally
            {
                inner?.Dispose();
            }
        }
    }

    private static Report Dispatch(ReportSource source)
    {
        source = source with { Action = MislabelledAction(source) };
        if (ProtocolRegistry.FindReport(source.Action) is { } kind)
        {
            return kind.Read(source);
        }

        if (IsAck(source))
        {
            return CommandAck.Read(source);
        }

        return UnknownReport.Read(source);
    }

    /// <summary>
    /// The spec's ack has an empty action; clients that name it use <c>res…</c>, and some echo the
    /// command's api. Either way it is an ack when it carries a result.
    /// </summary>
    private static bool IsAck(ReportSource s)
    {
        if (s.Action.Length == 0)
        {
            return true;
        }

        var hasResult = Flex.TryGet(s.Data, "sendResult", out _) || s.Data.ValueKind == JsonValueKind.Object && s.Data.TryGetProperty("sendId", out _);
        return hasResult && (s.Action.StartsWith("res", StringComparison.Ordinal) || ProtocolRegistry.FindCommand(s.Action) is not null);
    }

    /// <summary>
    /// The second generation's document prints three examples under another kind's action: a location
    /// (msgType 48) as <c>reportCardMessage</c>, the zombie check (<c>wxid</c> and <c>status</c>, no message
    /// fields) and an unknown app message (<c>message</c>, no transfer XML) as <c>reportTransferMessage</c>.
    /// A body of that shape is read as the kind its shape belongs to, so none of its values is lost.
    /// </summary>
    private static string MislabelledAction(ReportSource s)
    {
        if (s.Data.ValueKind != JsonValueKind.Object)
        {
            return s.Action;
        }

        var m = Flex.ObjectOrSelf(s.Data, "msg");
        switch (s.Action)
        {
            case CardMessageReport.ActionName when Flex.Int(m, "msgType", "msg_type") == 48:
                return LocationMessageReport.ActionName;
            case TransferMessageReport.ActionName when !m.TryGetProperty("msgType", out _) && !m.TryGetProperty("msg_type", out _)
                && m.TryGetProperty("status", out _) && m.TryGetProperty("wxid", out _):
                return ZombieCheckMessageReport.ActionName;
            case TransferMessageReport.ActionName when m.TryGetProperty("message", out _)
                && !m.TryGetProperty("xmlmsg", out _) && !m.TryGetProperty("xmlMsg", out _) && !m.TryGetProperty("transferid", out _) && !m.TryGetProperty("transferId", out _):
                return OtherAppMessageReport.ActionName;
            default:
                return s.Action;
        }
    }

    private static ReportDecodeResult Fail(ReadOnlyMemory<byte> body, string message, long? position, bool wrapped = false) =>
        new(body, null, new DecodeError(message, position), wrapped);
}
