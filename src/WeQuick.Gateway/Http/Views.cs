using System.Text;
using System.Text.Json;
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
    public static EventView From(StoredEvent e, DecodeLimits limits)
    {
        if (e.Source == EventSource.Gateway)
        {
            return new EventView(e.Seq, e.Kind, e.Source, e.Account, e.Instance, e.ReceivedAt, GatewayEvents.ToElement(e), null);
        }

        var decoded = ReportDecoder.Decode(e.Body, e.ContentType, limits);
        return decoded.Report is { } report
            ? new EventView(e.Seq, e.Kind, e.Source, e.Account, e.Instance, e.ReceivedAt, NormalizedJson.ToElement(report), null)
            : new EventView(e.Seq, e.Kind, e.Source, e.Account, e.Instance, e.ReceivedAt, null, decoded.Error?.ToString());
    }
}

/// <summary>A page of events; <see cref="Next"/> is the cursor to pass as <c>after</c>.</summary>
/// <param name="Events">The events, in sequence order.</param>
/// <param name="Next">The seq to pass as ?after= for the next page (the last event's, or the given after when the page is empty).</param>
/// <param name="Head">The end of the log when the page was read: the highest committed seq (0 for an empty log, never below the page's last event). A consumer that wants only what comes next starts after it.</param>
internal sealed record EventPage(IReadOnlyList<EventView> Events, long Next, long Head);

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

    public static CommandView From(StoredCommand c, EventView? answer)
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
            answer)
        {
            ExpectedAt = c.State == CommandState.Queued ? c.NotBefore : null,
        };
    }
}
