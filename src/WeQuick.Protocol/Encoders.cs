using System.Buffers;
using System.Net;
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>Writes reports as a client sends them: <c>{"data": {"action", "cwxid", "data"}}</c>.</summary>
public static class ReportEncoder
{
    /// <summary>The content type of a body written with <paramref name="encoding"/>.</summary>
    public static string ContentType(BodyEncoding encoding) =>
        encoding == BodyEncoding.Form ? "application/x-www-form-urlencoded" : "application/json; charset=utf-8";

    /// <summary>Encodes one report body.</summary>
    public static byte[] Encode(Report report, ReportQuirks quirks = ReportQuirks.Spec, BodyEncoding encoding = BodyEncoding.Json) =>
        Encode(report, quirks, encoding, InterfaceGenerations.None);

    /// <summary>
    /// Encodes one report body as a client of <paramref name="generation"/> writes it. A kind both generations have is
    /// written in the second generation's shape for <see cref="InterfaceGenerations.V2"/> (a message's fields flat under
    /// <c>data</c> with <c>msgid</c>, <c>ispc</c> and <c>timestamp</c>; <c>reportLoginUser</c> with <c>phone</c>,
    /// <c>unreadmsg</c> and <c>wxdir</c>), and in the first generation's otherwise. Kinds of one generation only are
    /// written in their own shape either way.
    /// </summary>
    public static byte[] Encode(Report report, ReportQuirks quirks, BodyEncoding encoding, InterfaceGenerations generation)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireWriter.Options))
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            WriteEnvelope(json, report, quirks, generation);
            json.WriteEndObject();
        }

        if (encoding == BodyEncoding.Json)
        {
            return buffer.WrittenSpan.ToArray();
        }

        var form = WebUtility.UrlEncodeToBytes(buffer.WrittenSpan.ToArray(), 0, buffer.WrittenCount);
        return [.. "data="u8, .. form];
    }

    /// <summary>Writes the bare envelope <c>{"action", "cwxid", "data"}</c>.</summary>
    public static void WriteEnvelope(Utf8JsonWriter json, Report report, ReportQuirks quirks = ReportQuirks.Spec) =>
        WriteEnvelope(json, report, quirks, InterfaceGenerations.None);

    /// <summary>Writes the bare envelope as a client of <paramref name="generation"/> writes it (see <see cref="Encode(Report, ReportQuirks, BodyEncoding, InterfaceGenerations)"/>).</summary>
    public static void WriteEnvelope(Utf8JsonWriter json, Report report, ReportQuirks quirks, InterfaceGenerations generation)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(report);
        var w = new WireWriter(json, quirks, generation);
        json.WriteStartObject();
        json.WriteString("action", report.Action);
        if (!(w.RealClient && report is LogoutResultReport && report.Account is null))
        {
            // Real clients send resLogout with no cwxid at all when they no longer know it.
            w.NullableText("cwxid", report.Account);
        }

        json.WriteStartObject("data");
        report.WriteData(w);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>Writes commands exactly as the spec writes them: <c>[{"api", "sendId", "option"}]</c>.</summary>
public static class CommandEncoder
{
    /// <summary>Encodes a command array (the body of a <c>send_msg</c> answer or <c>receive_msg</c> response).</summary>
    public static byte[] EncodeBatch(IEnumerable<Command> commands) => EncodeBatch(commands, InterfaceGenerations.None);

    /// <summary>
    /// Encodes a command array for a client of <paramref name="generation"/> (V1 or V2): the kinds both generations
    /// spell differently are written in its shape. <see cref="InterfaceGenerations.None"/> writes each command in its
    /// own <see cref="Command.Shape"/>, or the first generation's.
    /// </summary>
    public static byte[] EncodeBatch(IEnumerable<Command> commands, InterfaceGenerations generation)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireWriter.Options))
        {
            json.WriteStartArray();
            foreach (var command in commands)
            {
                Write(json, command, generation);
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one command object, in its own <see cref="Command.Shape"/> or the first generation's.</summary>
    public static void Write(Utf8JsonWriter json, Command command) => Write(json, command, InterfaceGenerations.None);

    /// <summary>Writes one command object for a client of <paramref name="generation"/> (see <see cref="EncodeBatch(IEnumerable{Command}, InterfaceGenerations)"/>).</summary>
    public static void Write(Utf8JsonWriter json, Command command, InterfaceGenerations generation)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(command);
        json.WriteStartObject();
        json.WriteString("api", command.Kind);
        json.WriteString("sendId", command.SendId ?? string.Empty);
        json.WriteStartObject("option");
        command.WriteOption(json, command.ShapeFor(generation));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Builds a typed command from an api name and an option object — the shape developers submit
    /// (<c>{"api", "option"}</c>). Unknown apis become <see cref="UnknownCommand"/>.
    /// </summary>
    public static Command FromOption(string api, JsonElement option, string? sendId = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var opt = option.ValueKind == JsonValueKind.Object ? option : default;
        return ProtocolRegistry.FindCommand(api) is { } kind
            ? kind.Read(sendId, opt)
            : new UnknownCommand { Api = api, SendId = sendId, Option = opt.ValueKind == JsonValueKind.Undefined ? null : opt.Clone() };
    }
}
