using System.Text;
using System.Text.Json;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http;

/// <summary>An event of the log as the API shows it: its cursor, and the normalized report.</summary>
/// <param name="Seq">The event's sequence number: its cursor for ?after=, Last-Event-ID and webhook replays.</param>
/// <param name="Kind">The report kind (reportTextMessage, reportLoginUser, …) or a gateway event (instanceOnline, instanceOffline, instanceBound).</param>
/// <param name="Source">client (a report a client posted) or gateway (an event of the gateway itself).</param>
/// <param name="Account">The account it concerns, when known.</param>
/// <param name="Instance">The WeChat instance (client and pid) it came from, when known.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
/// <param name="Data">The normalized report: a JSON object whose fields depend on kind (docs/protocol.md, the normalized form). Left out when the stored body could not be decoded (see error).</param>
/// <param name="Error">Why the stored body could not be decoded; left out otherwise.</param>
internal sealed record EventView(
    long Seq,
    string Kind,
    EventSource Source,
    string? Account,
    string? Instance,
    DateTimeOffset ReceivedAt,
    JsonElement? Data,
    string? Error)
{
    /// <summary>True when the report's body was over the inline limit (Gateway:InlineBodyBytes) and was left out of this view: data is absent, and the body is read from bodyUrl. Left out otherwise.</summary>
    public bool? BodyOmitted { get; init; }

    /// <summary>The size in bytes of the body that was left out; given with bodyOmitted.</summary>
    public long? BodyBytes { get; init; }

    /// <summary>Where the body that was left out is read, exactly as the client posted it (GET, read scope): /api/v1/events/{seq}/body. Given with bodyOmitted.</summary>
    public string? BodyUrl { get; init; }

    /// <summary>The path of an event's stored body.</summary>
    public static string BodyPath(long seq) => "/api/v1/events/" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/body";

    /// <summary>The event as the API shows it, made once per event and shared by every page, stream and webhook that carries it.</summary>
    public static EventView From(FeedEvent e) => e.Formatted(Format, Make);

    /// <summary>The event's JSON as the API, the stream and webhooks carry it, made once per event.</summary>
    public static byte[] Json(FeedEvent e) => e.Formatted(JsonFormat, static x => JsonSerializer.SerializeToUtf8Bytes(From(x), GatewayJson.Info<EventView>()));

    private static readonly object Format = new();
    private static readonly object JsonFormat = new();

    private static EventView Make(FeedEvent e)
    {
        var s = e.Stored;
        var data = e.Presence is { } presence
            ? JsonSerializer.SerializeToElement(presence, GatewayJson.Info<PresenceChange>())
            : e.Report is { } report ? NormalizedJson.ToElement(report) : (JsonElement?)null;
        var view = new EventView(s.Seq, s.Kind, s.Source, s.Account, s.Instance, s.ReceivedAt, data, e.Error);
        return e.OmittedBodyBytes is { } bytes ? view with { BodyOmitted = true, BodyBytes = bytes, BodyUrl = BodyPath(s.Seq) } : view;
    }
}

/// <summary>A page of the event log, oldest first.</summary>
/// <param name="Items">The events, in sequence order.</param>
/// <param name="NextCursor">Pass as ?cursor= for the next page: the last event's seq (or the given cursor when the page is empty). The log grows, so it is always given; an empty page means nothing new yet. It is also a seq the live stream takes as ?after=.</param>
/// <param name="Head">The end of the log when the page was read: the highest committed seq (0 for an empty log, never below the page's last event). A consumer that wants only what comes next starts after it.</param>
internal sealed record EventPage(IReadOnlyList<EventView> Items, string NextCursor, long Head);

/// <summary>A command record: its lifecycle, the ack's result and the answering report.</summary>
/// <param name="Id">The command id.</param>
/// <param name="SendId">The sendId the client echoes in its ack and answer (the id as text).</param>
/// <param name="Target">The account wxid, or pid:N for an instance.</param>
/// <param name="Api">The WeQuick command name, for example sendTextMessage.</param>
/// <param name="State">queued, delivered, acknowledged, completed, failed or expired.</param>
/// <param name="Command">The command as normalized JSON: its api's option fields.</param>
/// <param name="Deliveries">How many times it was handed to a client.</param>
/// <param name="DeliveredTo">The instance it was last handed to.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="DeliveredAt">When it was first handed to a client.</param>
/// <param name="LastDeliveredAt">When it was last handed to a client.</param>
/// <param name="AcknowledgedAt">When the client acked it.</param>
/// <param name="CompletedAt">When it completed.</param>
/// <param name="FailedAt">When it failed.</param>
/// <param name="ExpiredAt">When it expired undelivered or unanswered.</param>
/// <param name="SendResult">The ack's sendResult (the client's own words).</param>
/// <param name="ErrorReason">Why it failed or expired.</param>
/// <param name="AnswerKind">The report kind that answered it.</param>
/// <param name="AckSeq">The seq of the ack's event.</param>
/// <param name="AnswerSeq">The seq of the answering event.</param>
/// <param name="Answer">The answering event, for a finished command read with ?wait= or GET /api/v1/commands/{id}.</param>
internal sealed record CommandView(
    long Id,
    string SendId,
    string Target,
    string Api,
    CommandState State,
    JsonElement Command,
    int Deliveries,
    string? DeliveredTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? LastDeliveredAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? ExpiredAt,
    string? SendResult,
    string? ErrorReason,
    string? AnswerKind,
    long? AckSeq,
    long? AnswerSeq,
    EventView? Answer)
{
    /// <summary>For a paced command not yet handed out, when it is expected to go.</summary>
    public DateTimeOffset? ExpectedAt { get; init; }

    /// <summary>
    /// The ids of the other commands the same request queued, when one request queues several (the contact refresh
    /// of a second-generation account: getChatRooms and getPublics beside this getContacts); left out otherwise.
    /// </summary>
    public IReadOnlyList<long>? AlsoQueued { get; init; }

    public static CommandView From(StoredCommand c, FeedEvent? answer = null)
    {
        var batch = CommandDecoder.DecodeBatch(Encoding.UTF8.GetBytes("[" + c.Wire + "]"));
        var command = batch.Commands.Count == 1 ? NormalizedJson.ToElement(batch.Commands[0]) : default;
        return new CommandView(
            c.Id,
            c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Target,
            c.Api,
            c.State,
            command,
            c.Deliveries,
            c.DeliveredTo,
            c.CreatedAt,
            c.DeliveredAt,
            c.LastDeliveredAt,
            c.AcknowledgedAt,
            c.CompletedAt,
            c.FailedAt,
            c.ExpiredAt,
            c.SendResult,
            c.ErrorReason,
            c.AnswerKind,
            c.AckSeq,
            c.AnswerSeq,
            answer is null ? null : EventView.From(answer))
        {
            ExpectedAt = c.State == CommandState.Queued ? c.NotBefore : null,
        };
    }
}
