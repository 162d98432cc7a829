using System.Text;
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// Decodes command arrays as servers send them (a <c>send_msg</c> answer, a <c>receive_msg</c> response).
/// Placeholders — <c>{}</c>, <c>[]</c>, <c>null</c> — are skipped, as the vendor's demo servers send them.
/// Never throws on input.
/// </summary>
public static class CommandDecoder
{
    /// <summary>Decodes one body: a JSON array of commands (a single command object is accepted too).</summary>
    public static CommandBatchDecodeResult DecodeBatch(ReadOnlyMemory<byte> body, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        try
        {
            return DecodeCore(body, limits);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(body, $"the decoder failed on this body: {ex.GetType().Name}: {ex.Message}", null);
        }
    }

    /// <summary>Decodes a body given as text.</summary>
    public static CommandBatchDecodeResult DecodeBatch(string body, DecodeLimits? limits = null) => DecodeBatch(Encoding.UTF8.GetBytes(body), limits);

    private static CommandBatchDecodeResult DecodeCore(ReadOnlyMemory<byte> body, DecodeLimits limits)
    {
        switch (BodyText.Open(body, null, limits, out var doc, out var error))
        {
            case BodyText.Opened.Failed:
                return new CommandBatchDecodeResult(body, [], [], error);
            case BodyText.Opened.Empty:
                // An empty answer is "no commands", as much as [] is.
                return new CommandBatchDecodeResult(body, [], [], null);
        }

        using (doc)
        {
            var root = doc!.RootElement;
            var commands = new List<Command>();
            var skipped = new List<SkippedEntry>();
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var entry in root.EnumerateArray())
                    {
                        Take(entry, index++, commands, skipped);
                    }

                    break;
                case JsonValueKind.Object:
                    Take(root, 0, commands, skipped);
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return Fail(body, $"expected a JSON array of commands, got {BodyText.Describe(root.ValueKind)}", 0);
            }

            return new CommandBatchDecodeResult(body, commands, skipped, null);
        }
    }

    private static void Take(JsonElement entry, int index, List<Command> commands, List<SkippedEntry> skipped)
    {
        if (TryRead(entry, out var command, out var reason))
        {
            commands.Add(command!);
        }
        else
        {
            skipped.Add(new SkippedEntry(index, reason!));
        }
    }

    /// <summary>Reads one command object; false with a reason for placeholders and entries without an api.</summary>
    public static bool TryRead(JsonElement entry, out Command? command, out string? reason)
    {
        command = null;
        switch (entry.ValueKind)
        {
            case JsonValueKind.Null:
                reason = "a null placeholder";
                return false;
            case JsonValueKind.Array:
                reason = entry.GetArrayLength() == 0 ? "an empty [] placeholder" : "a nested array, not a command";
                return false;
            case JsonValueKind.Object:
                break;
            default:
                reason = $"{BodyText.Describe(entry.ValueKind)}, not a command";
                return false;
        }

        var api = Flex.String(entry, "api");
        if (api is null)
        {
            reason = entry.EnumerateObject().Any() ? "an object without an api" : "an empty {} placeholder";
            return false;
        }

        var sendId = Flex.String(entry, "sendId", "sendID");
        var option = entry.TryGetProperty("option", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        command = ProtocolRegistry.FindCommand(api) is { } kind
            ? kind.Read(sendId, option)
            : new UnknownCommand { Api = api, SendId = sendId, Option = option.ValueKind == JsonValueKind.Undefined ? null : option.Clone() };
        reason = null;
        return true;
    }

    private static CommandBatchDecodeResult Fail(ReadOnlyMemory<byte> body, string message, long? position) =>
        new(body, [], [], new DecodeError(message, position));
}
