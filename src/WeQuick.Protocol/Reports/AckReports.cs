using System.Text.Json;
using System.Text.Json.Serialization;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>A report that answers a command: carries its <c>sendId</c>, a result and an error reason.</summary>
public abstract record CommandResultReport : Report
{
    /// <summary>The <c>sendId</c> of the command this answers.</summary>
    public string? SendId { get; init; }

    /// <summary>The result: "1" success, "0" failure (for <c>resUploadFile</c>, the upload server's numeric reply).</summary>
    public string? SendResult { get; init; }

    /// <summary>Why the command failed; absent on success.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>True when <see cref="SendResult"/> is "1".</summary>
    public virtual bool Succeeded => SendResult == "1";

    internal override void WriteData(WireWriter w)
    {
        if (ErrorReason is null && w.RealClient && this is LogoutResultReport)
        {
            w.Json.WriteNull("errorReason");
        }
        else
        {
            w.Text("errorReason", ErrorReason);
        }

        if (SendId is not null || this is not LogoutResultReport)
        {
            w.Text("sendId", SendId);
        }

        w.Text("sendResult", SendResult);
    }

    internal static (string? SendId, string? SendResult, string? ErrorReason) ReadResult(JsonElement d) =>
        (Flex.String(d, "sendId", "sendID"), Flex.String(d, "sendResult"), Flex.String(d, "errorReason"));
}

/// <summary>
/// The generic command ack the spec shows for "send_msg 任务下发到DLL的响应": <c>action</c> empty (or any
/// <c>res…</c> this library has no own type for), <c>data</c> with <c>sendId</c>, <c>sendResult</c>, <c>errorReason</c>.
/// </summary>
public sealed record CommandAck : CommandResultReport
{
    /// <summary>The kind every generic ack has, whatever its wire action.</summary>
    public const string AckKind = "ack";

    internal override string KindName => AckKind;

    /// <summary>The wire action as received: usually empty.</summary>
    [JsonPropertyName("action")]
    public string WireAction { get; init; } = string.Empty;

    /// <inheritdoc />
    [JsonIgnore]
    public override string Action => WireAction;

    internal static CommandAck Read(ReportSource s)
    {
        var (id, result, reason) = ReadResult(s.Data);
        return new CommandAck { Account = s.Account, WireAction = s.Action, SendId = id, SendResult = result, ErrorReason = reason };
    }
}

/// <summary><c>resLogout</c>: the account logged out through the client's button or the <c>logout</c> command.</summary>
public sealed record LogoutResultReport : CommandResultReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "resLogout";

    internal override string KindName => ActionName;

    internal static LogoutResultReport Read(ReportSource s)
    {
        var (id, result, reason) = ReadResult(s.Data);
        return new LogoutResultReport { Account = s.Account, SendId = id, SendResult = result, ErrorReason = reason };
    }
}

/// <summary><c>resUploadFile</c>: the result of <c>uploadFile</c>; <see cref="CommandResultReport.SendResult"/> is the upload server's reply.</summary>
public sealed record UploadFileResultReport : CommandResultReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "resUploadFile";

    internal override string KindName => ActionName;

    /// <summary>The upload server's numeric reply, when it was a number.</summary>
    public long? ServerCode => long.TryParse(SendResult, out var code) ? code : null;

    /// <summary>An upload succeeded when the client got a numeric answer and no error.</summary>
    public override bool Succeeded => ServerCode is not null && ErrorReason is null;

    internal static UploadFileResultReport Read(ReportSource s)
    {
        var (id, result, reason) = ReadResult(s.Data);
        return new UploadFileResultReport { Account = s.Account, SendId = id, SendResult = result, ErrorReason = reason };
    }
}

/// <summary>A report whose action this library does not know; its <c>data</c> is kept as it came.</summary>
public sealed record UnknownReport : Report
{
    /// <summary>The action as received (the normalized form carries it as <c>kind</c>).</summary>
    [JsonIgnore]
    public string UnknownAction { get; init; } = string.Empty;

    internal override string KindName => UnknownAction;

    /// <summary>The envelope's <c>data</c>, verbatim; absent when the envelope had none.</summary>
    public JsonElement? Data { get; init; }

    internal static UnknownReport Read(ReportSource s) =>
        new() { Account = s.Account, UnknownAction = s.Action, Data = s.Data.ValueKind == JsonValueKind.Undefined ? null : s.Data.Clone() };

    internal override void WriteData(WireWriter w)
    {
        if (Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return;
        }

        foreach (var p in data.EnumerateObject())
        {
            p.WriteTo(w.Json);
        }
    }
}
