using System.Text.Json;
using System.Text.Json.Serialization;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>How a command request is sent: wait for its result, queue it for an offline target, make it idempotent.</summary>
public sealed record CommandOptions
{
    /// <summary>
    /// How long the gateway holds the request for the command to finish (0 to 60 seconds, fractions allowed).
    /// Null or zero: the gateway answers at once with the queued record.
    /// </summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>Queue the command even when its target is offline (it is delivered when the target polls again, or expires).</summary>
    public bool Queue { get; init; }

    /// <summary>
    /// An idempotency key (1 to 255 printable ASCII characters, no spaces): the same key on the same endpoint and
    /// target never enqueues twice; the first command is returned again (<see cref="CommandRecord.Replayed"/>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Waits up to <paramref name="wait"/> for the command to finish.</summary>
    /// <param name="wait">At most 60 seconds.</param>
    public static CommandOptions WaitFor(TimeSpan wait) => new() { Wait = wait };
}

/// <summary>Where a command is in its life.</summary>
public enum CommandState
{
    /// <summary>Accepted and waiting for its target to poll.</summary>
    Queued = 0,

    /// <summary>Handed to the client, no ack yet.</summary>
    Delivered = 1,

    /// <summary>The client acked it; its answering report has not arrived yet.</summary>
    Acknowledged = 2,

    /// <summary>Done: acked with success and, for a query, answered.</summary>
    Completed = 3,

    /// <summary>The client reported failure, or a query got no ack after every delivery.</summary>
    Failed = 4,

    /// <summary>Its target stayed offline past the time to live; it was never delivered.</summary>
    Expired = 5,
}

/// <summary>A command record: the command, its lifecycle timestamps, the client's ack and the answering report.</summary>
public sealed record CommandRecord
{
    /// <summary>The command's id (its <c>sendId</c> as a number).</summary>
    public long Id { get; init; }

    /// <summary>The <c>sendId</c> the client saw.</summary>
    public string SendId { get; init; } = string.Empty;

    /// <summary>An account wxid, or <c>pid:N</c> for an instance.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>The wire api, e.g. <c>sendTextMessage</c>.</summary>
    public string Api { get; init; } = string.Empty;

    /// <summary>Where the command is.</summary>
    public CommandState State { get; init; }

    /// <summary>The command in the normalized form.</summary>
    public JsonElement Command { get; init; }

    /// <summary>How many times it was handed to the client.</summary>
    public int Deliveries { get; init; }

    /// <summary>The instance it was handed to.</summary>
    public string? DeliveredTo { get; init; }

    /// <summary>When the gateway accepted it.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was first handed to the client.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When it was last handed to the client.</summary>
    public DateTimeOffset? LastDeliveredAt { get; init; }

    /// <summary>When the client acked it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When it completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When it failed.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>When it expired.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>For a paced command not yet handed out, when it is expected to go.</summary>
    public DateTimeOffset? ExpectedAt { get; init; }

    /// <summary>The ids of the other commands the same request queued (a second-generation account's contact refresh queues three); null otherwise.</summary>
    public IReadOnlyList<long>? AlsoQueued { get; init; }

    /// <summary>The ack's result: <c>"1"</c> success, <c>"0"</c> failure.</summary>
    public string? SendResult { get; init; }

    /// <summary>Why the command failed, when it did.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>The report kind that answers this command, for a query.</summary>
    public string? AnswerKind { get; init; }

    /// <summary>The seq of the ack in the event log.</summary>
    public long? AckSeq { get; init; }

    /// <summary>The seq of the answering report in the event log.</summary>
    public long? AnswerSeq { get; init; }

    /// <summary>The answering report, once there (only on single-record reads, not in lists).</summary>
    public GatewayEvent? Answer { get; init; }

    /// <summary>True when the request carried an idempotency key already used, and this is the first command's record.</summary>
    [JsonIgnore]
    public bool Replayed { get; init; }

    /// <summary>True when the request waited (<see cref="CommandOptions.Wait"/>) and the time was up before the command finished.</summary>
    [JsonIgnore]
    public bool WaitTimedOut { get; init; }

    /// <summary>True once the command is completed, failed or expired.</summary>
    [JsonIgnore]
    public bool IsFinished => State is CommandState.Completed or CommandState.Failed or CommandState.Expired;

    /// <summary>True when the command completed.</summary>
    [JsonIgnore]
    public bool Succeeded => State == CommandState.Completed;

    /// <summary>The answer's <c>data</c> (the normalized report), when there is an answer.</summary>
    [JsonIgnore]
    public JsonElement? AnswerData => Answer?.Data;

    /// <summary>The answer as a typed Protocol report, when there is one.</summary>
    [JsonIgnore]
    public Report? AnswerReport => Answer?.Report;

    /// <summary>The answer as <typeparamref name="TReport"/>, or null when there is none or it is another kind.</summary>
    /// <typeparam name="TReport">The report type expected, e.g. <see cref="ContactReport"/> for <c>getContact</c>.</typeparam>
    public TReport? AnswerAs<TReport>()
        where TReport : Report => Answer?.Report as TReport;
}
