using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeQuick.Protocol;

/// <summary>
/// A command: an instruction the server hands the client in a <c>send_msg</c> poll answer or a
/// <c>receive_msg</c> response (<c>{"api","sendId","option"}</c>). An api this library does not know
/// becomes an <see cref="UnknownCommand"/> holding its raw option.
/// </summary>
public abstract record Command
{
    /// <summary>The kind: the wire <c>api</c> string.</summary>
    [JsonPropertyOrder(-100)]
    public string Kind => KindName;

    internal abstract string KindName { get; }

    /// <summary>The id the client echoes in its ack; allocated by the server.</summary>
    [JsonPropertyOrder(-99)]
    public string? SendId { get; init; }

    /// <summary>
    /// Who a message goes to (a contact or a room), for the commands that send one; null for every other command.
    /// Pacing reads it to tell a message to a room from a message to a person.
    /// </summary>
    [JsonIgnore]
    public virtual string? Receiver => null;

    /// <summary>Writes the <c>option</c> object's fields (the writer is positioned inside it).</summary>
    internal abstract void WriteOption(Utf8JsonWriter w);
}

/// <summary>A command whose api this library does not know; its option is kept as it came.</summary>
public sealed record UnknownCommand : Command
{
    /// <summary>The api as received (the normalized form carries it as <c>kind</c>).</summary>
    [JsonIgnore]
    public string Api { get; init; } = string.Empty;

    internal override string KindName => Api;

    /// <summary>The <c>option</c>, verbatim; absent when the command had none.</summary>
    public JsonElement? Option { get; init; }

    internal override void WriteOption(Utf8JsonWriter w)
    {
        if (Option is not { ValueKind: JsonValueKind.Object } option)
        {
            return;
        }

        foreach (var p in option.EnumerateObject())
        {
            p.WriteTo(w);
        }
    }
}

/// <summary>Writes option fields in the spec's shapes: every scalar as a string, lists as arrays.</summary>
internal static class OptionWriter
{
    public static void Text(Utf8JsonWriter w, string name, string? value) => w.WriteString(name, value ?? string.Empty);

    public static void Number(Utf8JsonWriter w, string name, int? value) =>
        w.WriteString(name, value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);

    public static void List(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        w.WriteStartArray(name);
        foreach (var v in values ?? [])
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
