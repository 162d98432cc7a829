using System.Text.Json;
using System.Text.Json.Serialization;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// A report: an event the client (the agent, a real WeQuick DLL) posts to the server's
/// <c>receive_msg</c> URL. Every kind of the spec is a sealed subtype; an action this library does not
/// know becomes an <see cref="UnknownReport"/> holding its raw JSON.
/// </summary>
public abstract record Report
{
    /// <summary>The kind: the wire <c>action</c> string (for the generic command ack, <c>"ack"</c>).</summary>
    [JsonPropertyOrder(-100)]
    public string Kind => KindName;

    internal abstract string KindName { get; }

    /// <summary>The account that reports: the envelope's <c>cwxid</c>; absent before login.</summary>
    /// <remarks>Always written in the normalized form (as <c>null</c> before login), so consumers can rely on it.</remarks>
    [JsonPropertyOrder(-99)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Account { get; init; }

    /// <summary>The wire <c>action</c> this report is written with.</summary>
    [JsonIgnore]
    public virtual string Action => Kind;

    /// <summary>Writes the inner <c>data</c> object's fields (the writer is positioned inside it).</summary>
    internal abstract void WriteData(WireWriter w);
}

/// <summary>The parts of an envelope a kind's reader needs.</summary>
internal readonly record struct ReportSource(string Action, string? Account, JsonElement Data);
