using System.Text;
using System.Text.Json;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http;

/// <summary>An event of the log as the API shows it: its cursor, and the normalized report.</summary>
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
internal sealed record EventPage(IReadOnlyList<EventView> Events, long Next);

/// <summary>A command record: its lifecycle, the ack's result and the answering report.</summary>
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
