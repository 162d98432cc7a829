namespace WeQuick.Gateway.Storage;

/// <summary>Who produced an event: a client's report, or the gateway itself (presence, bindings).</summary>
public enum EventSource
{
    /// <summary>A report a client posted to <c>receive_msg</c>.</summary>
    Client = 0,

    /// <summary>An event the gateway recorded (an instance came online, went offline, was bound to an account).</summary>
    Gateway = 1,
}

/// <summary>An event to append.</summary>
/// <param name="Kind">The report kind (the wire action; <c>ack</c> for the generic ack) or a gateway event kind.</param>
/// <param name="Account">The account (<c>cwxid</c>), when known.</param>
/// <param name="Instance">The instance, when known.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
/// <param name="Source">Who produced it.</param>
/// <param name="ContentType">The request's content type (needed to decode form bodies again).</param>
/// <param name="Body">The body exactly as received.</param>
public sealed record NewEvent(string Kind, string? Account, string? Instance, DateTimeOffset ReceivedAt, EventSource Source, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>An event of the log.</summary>
/// <param name="Seq">The global sequence number: the cursor of the log.</param>
/// <param name="Kind">The report kind or gateway event kind.</param>
/// <param name="Account">The account, when known.</param>
/// <param name="Instance">The instance, when known.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
/// <param name="Source">Who produced it.</param>
/// <param name="ContentType">The request's content type.</param>
/// <param name="Body">The body exactly as received.</param>
public sealed record StoredEvent(long Seq, string Kind, string? Account, string? Instance, DateTimeOffset ReceivedAt, EventSource Source, string? ContentType, byte[] Body)
{
    /// <summary>
    /// The size of the stored body when a read with <see cref="EventReadLimits"/> left it out (it was over the
    /// inline limit of its kind): then <see cref="Body"/> is empty and the body is read by reference
    /// (<see cref="IGatewayStore.OpenEventBodyAsync"/>). Null when <see cref="Body"/> holds the whole body.
    /// </summary>
    public long? OmittedBodyBytes { get; init; }

    /// <summary>True when the body was left out of this read (see <see cref="OmittedBodyBytes"/>).</summary>
    public bool BodyOmitted => OmittedBodyBytes is not null;
}

/// <summary>
/// How much of the log one read may bring into memory: a body over its kind's inline limit is left out (its size
/// kept, <see cref="StoredEvent.OmittedBodyBytes"/>), and a page of events stops once the bodies it holds reach
/// <see cref="PageBytes"/> (it always holds at least one event).
/// </summary>
/// <param name="InlineBytes">The largest body read with its event.</param>
/// <param name="ListInlineBytes">The largest body read with its event for the kinds in <paramref name="ListKinds"/> (contact and member lists, legitimately big).</param>
/// <param name="ListKinds">The kinds with the larger limit.</param>
/// <param name="PageBytes">The bytes of bodies after which a page stops early.</param>
public sealed record EventReadLimits(long InlineBytes, long ListInlineBytes, IReadOnlySet<string> ListKinds, long PageBytes)
{
    /// <summary>No limits: every body read in full, pages bounded by count only.</summary>
    public static EventReadLimits None { get; } = new(long.MaxValue, long.MaxValue, new HashSet<string>(), long.MaxValue);

    /// <summary>The largest body of <paramref name="kind"/> read with its event.</summary>
    public long InlineLimit(string kind) => ListKinds.Contains(kind) ? ListInlineBytes : InlineBytes;

    /// <summary>The event as a limited read returns it: its body left out when over its kind's limit.</summary>
    public StoredEvent Apply(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.BodyOmitted || e.Body.LongLength <= InlineLimit(e.Kind) ? e : e with { Body = [], OmittedBodyBytes = e.Body.LongLength };
    }

    /// <summary>
    /// Applies the limits to rows read in order: bodies over the limit left out, and the page cut after the row that
    /// brings the bodies it holds to <see cref="PageBytes"/>. For stores that cannot do it in their query.
    /// </summary>
    public IReadOnlyList<StoredEvent> Apply(IReadOnlyList<StoredEvent> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var page = new List<StoredEvent>(rows.Count);
        long bytes = 0;
        foreach (var row in rows)
        {
            var e = Apply(row);
            page.Add(e);
            bytes += e.Body.LongLength;
            if (bytes >= PageBytes)
            {
                break;
            }
        }

        return page;
    }
}

/// <summary>A stored body opened for reading (<see cref="IGatewayStore.OpenEventBodyAsync"/>); dispose it when done.</summary>
/// <param name="Content">The body's bytes, read as they are taken.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="ContentType">The content type the client posted it with.</param>
/// <param name="Owner">What to dispose with it (the connection it is read through), if anything.</param>
public sealed record EventBody(Stream Content, long Length, string? ContentType, IAsyncDisposable? Owner) : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        if (Owner is not null)
        {
            await Owner.DisposeAsync();
        }
    }
}

/// <summary>A body that could not be decoded.</summary>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Remote">Who sent it (instance or remote address).</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Body">The body exactly as received.</param>
/// <param name="Error">Why it could not be decoded.</param>
/// <param name="BytePosition">Where, when known.</param>
public sealed record NewQuarantinedBody(DateTimeOffset ReceivedAt, string? Remote, string? ContentType, ReadOnlyMemory<byte> Body, string Error, long? BytePosition);

/// <summary>A quarantined body.</summary>
/// <param name="Id">Its id.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Remote">Who sent it.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Body">The body exactly as received.</param>
/// <param name="Error">Why it could not be decoded.</param>
/// <param name="BytePosition">Where, when known.</param>
public sealed record QuarantinedBody(long Id, DateTimeOffset ReceivedAt, string? Remote, string? ContentType, byte[] Body, string Error, long? BytePosition);

/// <summary>Rules over <see cref="CommandState"/>.</summary>
internal static class CommandStates
{
    /// <summary>Completed, failed and expired commands change no more.</summary>
    public static bool IsTerminal(this CommandState state) => state is CommandState.Completed or CommandState.Failed or CommandState.Expired;
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

/// <summary>A command and its lifecycle.</summary>
public sealed record StoredCommand
{
    /// <summary>The id; the command's <c>sendId</c> is this number as a string.</summary>
    public long Id { get; init; }

    /// <summary>An account wxid, or <c>pid:N</c> for an instance.</summary>
    public required string Target { get; init; }

    /// <summary>The api (the typed command's kind).</summary>
    public required string Api { get; init; }

    /// <summary>The wire form <c>{"api","sendId","option"}</c>, with the sendId set.</summary>
    public required string Wire { get; init; }

    /// <summary>Where it is in its life.</summary>
    public CommandState State { get; init; }

    /// <summary>The report kind that answers it, when it expects one.</summary>
    public string? AnswerKind { get; init; }

    /// <summary>Whether it may be handed out again when no ack came (queries only).</summary>
    public bool Redeliverable { get; init; }

    /// <summary>How many times it was handed out.</summary>
    public int Deliveries { get; init; }

    /// <summary>The instance it was last handed to.</summary>
    public string? DeliveredTo { get; init; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was first handed out.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When it was last handed out.</summary>
    public DateTimeOffset? LastDeliveredAt { get; init; }

    /// <summary>When its ack arrived.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When it completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When it failed.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>When it expired.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>The ack's <c>sendResult</c>.</summary>
    public string? SendResult { get; init; }

    /// <summary>The ack's <c>errorReason</c>, or the gateway's reason for a failure or expiry.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>The sequence number of the ack event.</summary>
    public long? AckSeq { get; init; }

    /// <summary>The sequence number of the answering report.</summary>
    public long? AnswerSeq { get; init; }

    /// <summary>For a paced command, the earliest time it may be handed out (the expected send time); null when not paced.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>True in a terminal state.</summary>
    public bool IsTerminal => State.IsTerminal();
}

/// <summary>
/// One document of a projection: an account, a contact, a room, a member, a message … derived from the log.
/// </summary>
/// <param name="Collection">What it is: <c>account</c>, <c>instance</c>, <c>contact</c>, <c>room</c>, <c>member</c>, <c>public</c>, <c>message</c>, <c>friendRequest</c>, <c>transfer</c>, <c>upload</c>.</param>
/// <param name="Account">The account it belongs to (empty for instances and the accounts themselves' own key space).</param>
/// <param name="Key">Its key within the collection and account.</param>
/// <param name="Seq">The sequence number of the event that last changed it.</param>
/// <param name="Json">The document, as JSON.</param>
public sealed record ProjectionDocument(string Collection, string Account, string Key, long Seq, string Json);
