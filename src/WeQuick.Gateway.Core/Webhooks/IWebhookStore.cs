using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// Where webhooks, their cursors, their delivery log and their dead letters are kept. Reads may run
/// concurrently; writes happen inside the gateway's single write session (<see cref="Writer"/>), in the
/// same group-commit transactions as everything else.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Every webhook, by id.</summary>
    Task<IReadOnlyList<StoredWebhook>> ReadWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>One webhook.</summary>
    Task<StoredWebhook?> ReadWebhookAsync(long id, CancellationToken cancellationToken);

    /// <summary>Delivery attempts of one webhook with an id above <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ReadDeliveriesAsync(long webhookId, long after, int limit, CancellationToken cancellationToken);

    /// <summary>Dead letters of one webhook with an id above <paramref name="after"/>, oldest first; only those in <paramref name="state"/> when given.</summary>
    Task<IReadOnlyList<WebhookDeadLetter>> ReadDeadLettersAsync(long webhookId, DeadLetterState? state, long after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// How many events after the webhook's cursor its filters take, counted up to <paramref name="cap"/> (so the
    /// answer is at most <paramref name="cap"/>).
    /// </summary>
    Task<int> CountPendingAsync(StoredWebhook webhook, int cap, CancellationToken cancellationToken);

    /// <summary>The webhook writes of the current transaction of <paramref name="session"/>.</summary>
    IWebhookWriter Writer(IGatewayWriteSession session);
}

/// <summary>Webhook writes inside the gateway's write session.</summary>
public interface IWebhookWriter
{
    /// <summary>
    /// Inserts a webhook (its <see cref="StoredWebhook.Id"/> and <see cref="StoredWebhook.Cursor"/> are ignored) and returns
    /// it as stored: its cursor is <paramref name="after"/>, or the head of the log when that is null.
    /// </summary>
    StoredWebhook InsertWebhook(StoredWebhook webhook, long? after);

    /// <summary>One webhook.</summary>
    StoredWebhook? GetWebhook(long id);

    /// <summary>Writes everything but the cursor; false when there is no such webhook.</summary>
    bool UpdateWebhook(StoredWebhook webhook);

    /// <summary>Deletes a webhook with its delivery log and dead letters; false when there is no such webhook.</summary>
    bool DeleteWebhook(long id);

    /// <summary>Moves the cursor to <paramref name="seq"/> (replay); false when there is no such webhook.</summary>
    bool SetCursor(long id, long seq);

    /// <summary>Moves the cursor from <paramref name="expected"/> to <paramref name="seq"/>; false when it was moved meanwhile or the webhook is gone.</summary>
    bool AdvanceCursor(long id, long expected, long seq);

    /// <summary>Records one delivery attempt; nothing when the webhook is gone.</summary>
    void AddDelivery(WebhookDelivery delivery);

    /// <summary>Writes how delivery to the webhook is going (receiver down since, last error, next try); nothing when it is gone.</summary>
    void SetDeliveryState(long id, WebhookDeliveryState state);

    /// <summary>Deletes up to <paramref name="limit"/> of the oldest delivery-log rows made before <paramref name="before"/>; returns how many.</summary>
    int PruneDeliveries(DateTimeOffset before, int limit);

    /// <summary>Stores a dead letter; returns its id.</summary>
    long AddDeadLetter(WebhookDeadLetter deadLetter);

    /// <summary>One dead letter of a webhook.</summary>
    WebhookDeadLetter? GetDeadLetter(long webhookId, long id);

    /// <summary>Writes the state, attempts, last result and resend time of a dead letter.</summary>
    void UpdateDeadLetter(WebhookDeadLetter deadLetter);
}

/// <summary>A webhook: where events are posted, which ones, signed with which secret, and how far it got.</summary>
public sealed record StoredWebhook
{
    /// <summary>The id.</summary>
    public long Id { get; init; }

    /// <summary>The receiver's URL (http or https).</summary>
    public required string Url { get; init; }

    /// <summary>The HMAC-SHA256 key of the signatures. Kept as given, since signing needs it.</summary>
    public required string Secret { get; init; }

    /// <summary>The event kinds delivered; empty for every kind.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>The accounts whose events are delivered; empty for every account.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>A note for people.</summary>
    public string? Description { get; init; }

    /// <summary>False: paused; nothing is delivered, the cursor stays where it is.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The sequence number of the last event done with (delivered, skipped by the filter, or dead-lettered).</summary>
    public long Cursor { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last changed through the API.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>How delivery is going: written by the webhook's delivery loop, never by an API change.</summary>
    public WebhookDeliveryState Delivery { get; init; } = WebhookDeliveryState.Healthy;
}

/// <summary>How delivery to a webhook is going.</summary>
/// <param name="DownSince">The first failed try of the current outage; null while the receiver takes events.</param>
/// <param name="LastError">The short reason of the last failed try, if any ever failed.</param>
/// <param name="NextAttemptAt">When the failing event is tried next, while it waits for a retry.</param>
public sealed record WebhookDeliveryState(DateTimeOffset? DownSince, string? LastError, DateTimeOffset? NextAttemptAt)
{
    /// <summary>Nothing failing, nothing known to have failed.</summary>
    public static WebhookDeliveryState Healthy { get; } = new(null, null, null);
}

/// <summary>What one delivery attempt came to.</summary>
public enum WebhookDeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 0,

    /// <summary>It failed and will be tried again.</summary>
    Failed = 1,

    /// <summary>It failed on the last allowed try; the event went to the dead letters.</summary>
    DeadLettered = 2,
}

/// <summary>One delivery attempt.</summary>
/// <param name="Id">Its id (the delivery log's cursor); ignored when adding.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="Seq">The event.</param>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's status code, when it answered.</param>
/// <param name="Error">Why it failed, when it did: a short reason ("HTTP 503", "connection refused", "timed out …", "refused by egress policy: …"), never the receiver's body.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Outcome">What it came to.</param>
/// <param name="DeadLetterId">The dead letter being resent, for a resend.</param>
public sealed record WebhookDelivery(long Id, long WebhookId, long Seq, int Attempt, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs, WebhookDeliveryOutcome Outcome, long? DeadLetterId);

/// <summary>Where a dead letter is.</summary>
public enum DeadLetterState
{
    /// <summary>Every try failed; waiting for someone to resend it.</summary>
    Dead = 0,

    /// <summary>A resend was asked for; the webhook's dispatcher will send it.</summary>
    Resending = 1,

    /// <summary>A resend was delivered.</summary>
    Resent = 2,
}

/// <summary>An event a webhook could not deliver after every try.</summary>
/// <param name="Id">Its id; ignored when adding.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="Seq">The event.</param>
/// <param name="Kind">The event's kind.</param>
/// <param name="Account">The event's account.</param>
/// <param name="Attempts">How many tries were made, resends included.</param>
/// <param name="LastStatusCode">The last status code, when the receiver answered.</param>
/// <param name="LastError">The last error.</param>
/// <param name="DeadAt">When it was given up on.</param>
/// <param name="State">Where it is.</param>
/// <param name="ResentAt">When a resend was delivered.</param>
public sealed record WebhookDeadLetter(long Id, long WebhookId, long Seq, string Kind, string? Account, int Attempts, int? LastStatusCode, string LastError, DateTimeOffset DeadAt, DeadLetterState State, DateTimeOffset? ResentAt);
