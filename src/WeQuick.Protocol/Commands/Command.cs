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

    /// <summary>
    /// For the kinds both generations of the interface have under one name but with different option keys
    /// (<c>updateChatRoomName</c>, <c>createChatRoom</c>, <c>acceptChatroomInvite</c>, <c>uploadFile</c>,
    /// <c>sendXmlMessage</c>, <c>acceptFriend</c>, <c>acceptBankTransfer</c>): the generation whose keys the command
    /// came with. The decoder sets it from the keys it saw; <see cref="InterfaceGenerations.None"/> when they did not
    /// tell. The encoder writes this shape unless it is told which generation it writes for, and the first
    /// generation's shape when neither says. Not part of the normalized form.
    /// </summary>
    [JsonIgnore]
    public InterfaceGenerations Shape { get; init; }

    /// <summary>Writes the <c>option</c> object's fields (the writer is positioned inside it).</summary>
    internal abstract void WriteOption(Utf8JsonWriter w);

    /// <summary>
    /// Writes the <c>option</c> object's fields in the shape of <paramref name="generation"/> (V1 or V2, already
    /// resolved); kinds with one shape ignore it.
    /// </summary>
    internal virtual void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation) => WriteOption(w);

    /// <summary>The shape to write: the caller's generation when it names one, else the command's own, else the first.</summary>
    internal InterfaceGenerations ShapeFor(InterfaceGenerations generation) =>
        generation is InterfaceGenerations.V1 or InterfaceGenerations.V2 ? generation
        : Shape is InterfaceGenerations.V1 or InterfaceGenerations.V2 ? Shape
        : InterfaceGenerations.V1;

    /// <summary>
    /// Which generation's keys an option carries: V2 when it has a key only the second generation uses and none only
    /// the first uses, V1 the other way round, otherwise None. Keys count when present, whatever their value.
    /// </summary>
    internal static InterfaceGenerations ShapeOf(JsonElement option, ReadOnlySpan<string> firstOnly, ReadOnlySpan<string> secondOnly)
    {
        if (option.ValueKind != JsonValueKind.Object)
        {
            return InterfaceGenerations.None;
        }

        var v1 = false;
        foreach (var key in firstOnly)
        {
            v1 |= option.TryGetProperty(key, out _);
        }

        var v2 = false;
        foreach (var key in secondOnly)
        {
            v2 |= option.TryGetProperty(key, out _);
        }

        return (v1, v2) switch
        {
            (true, false) => InterfaceGenerations.V1,
            (false, true) => InterfaceGenerations.V2,
            _ => InterfaceGenerations.None,
        };
    }
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

    /// <summary>
    /// A whole number: a JSON number when <paramref name="asNumber"/> (where the second generation's document prints
    /// one), otherwise a string; absent is <c>""</c> either way.
    /// </summary>
    public static void Number(Utf8JsonWriter w, string name, int? value, bool asNumber)
    {
        if (value is { } n && asNumber)
        {
            w.WriteNumber(name, n);
        }
        else
        {
            Number(w, name, value);
        }
    }

    /// <summary>A 0/1 switch: <c>1</c>/<c>0</c> as a number or a string as the document prints it; absent is <c>""</c>.</summary>
    public static void Flag(Utf8JsonWriter w, string name, bool? value, bool asNumber) =>
        Number(w, name, value switch { true => 1, false => 0, null => null }, asNumber);

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
