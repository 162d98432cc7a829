namespace WeQuick.Sdk;

/// <summary>A webhook: where the gateway posts matching events, signed, in log order.</summary>
public sealed record Webhook
{
    /// <summary>The webhook's id.</summary>
    public long Id { get; init; }

    /// <summary>The receiver's URL.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>Only these kinds (empty: every kind).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Only these accounts (empty: every account).</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>A note for people.</summary>
    public string? Description { get; init; }

    /// <summary>False while paused.</summary>
    public bool Enabled { get; init; }

    /// <summary>The last seq it is done with.</summary>
    public long Cursor { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The signing secret: only in the answer of a create, or of an update that set a new one.</summary>
    public string? Secret { get; init; }

    /// <summary>How delivery is going: <c>delivering</c>, <c>receiverDown</c> (tries fail; events wait, in order) or <c>paused</c>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>While the receiver is down: when the outage's first try failed.</summary>
    public DateTimeOffset? DownSince { get; init; }

    /// <summary>The short reason of the last failed try (for example <c>HTTP 503</c> or <c>connection refused</c>).</summary>
    public string? LastError { get; init; }

    /// <summary>While an event waits for a retry: when it is due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Only from <c>GetWebhookAsync</c>: events after the cursor that the filters take, counted up to 10,000.</summary>
    public int? Pending { get; init; }
}

/// <summary>The fields of a webhook to create or change; null fields are left out of the request.</summary>
public sealed record WebhookRequest
{
    /// <summary>The receiver's absolute http(s) URL (required to create or replace).</summary>
    public Uri? Url { get; init; }

    /// <summary>Only these kinds; empty for every kind.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>Only these accounts; empty for every account.</summary>
    public IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>The signing secret (16 to 256 characters); left out, the gateway generates one on create.</summary>
    public string? Secret { get; init; }

    /// <summary>A note for people.</summary>
    public string? Description { get; init; }

    /// <summary>False to pause delivery.</summary>
    public bool? Enabled { get; init; }

    /// <summary>On create: where delivery starts (default: the current end of the log).</summary>
    public long? After { get; init; }
}

/// <summary>One delivery attempt of a webhook.</summary>
public sealed record WebhookDelivery
{
    /// <summary>The delivery's id (the delivery log's cursor).</summary>
    public long Id { get; init; }

    /// <summary>The event's seq.</summary>
    public long Seq { get; init; }

    /// <summary>1 for the first try.</summary>
    public int Attempt { get; init; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The receiver's status code, when it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>How long it took.</summary>
    public long DurationMs { get; init; }

    /// <summary><c>delivered</c>, <c>failed</c> (will be retried) or <c>deadLettered</c>.</summary>
    public string Outcome { get; init; } = string.Empty;

    /// <summary>For a resend, the dead letter being resent.</summary>
    public long? DeadLetterId { get; init; }
}

/// <summary>An event a webhook could not deliver after every try.</summary>
public sealed record WebhookDeadLetter
{
    /// <summary>The dead letter's id.</summary>
    public long Id { get; init; }

    /// <summary>The webhook.</summary>
    public long WebhookId { get; init; }

    /// <summary>The event's seq.</summary>
    public long Seq { get; init; }

    /// <summary>The event's kind.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The event's account.</summary>
    public string? Account { get; init; }

    /// <summary>How many tries were made.</summary>
    public int Attempts { get; init; }

    /// <summary>The last status code, when the receiver answered.</summary>
    public int? LastStatusCode { get; init; }

    /// <summary>The last error.</summary>
    public string LastError { get; init; } = string.Empty;

    /// <summary>When it was given up on.</summary>
    public DateTimeOffset DeadAt { get; init; }

    /// <summary><c>dead</c>, <c>resending</c> or <c>resent</c>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>When a resend was delivered.</summary>
    public DateTimeOffset? ResentAt { get; init; }
}

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record ApiKey
{
    /// <summary>The key's id.</summary>
    public long Id { get; init; }

    /// <summary>Its name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>read</c>, <c>send</c> or <c>admin</c>.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>The key's first characters, to tell keys apart.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A key just created: the only time the key itself is shown.</summary>
public sealed record CreatedApiKey
{
    /// <summary>The key's id.</summary>
    public long Id { get; init; }

    /// <summary>Its name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>read</c>, <c>send</c> or <c>admin</c>.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>The key's first characters.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The key: pass it as <see cref="WeQuickClientOptions.ApiKey"/>. It cannot be shown again.</summary>
    public string Key { get; init; } = string.Empty;
}

/// <summary>The scope of an API key; scopes nest: read ⊂ send ⊂ admin.</summary>
public enum ApiKeyScope
{
    /// <summary>GET and HEAD on the developer API.</summary>
    Read = 0,

    /// <summary>Everything but keys and webhooks.</summary>
    Send = 1,

    /// <summary>Everything.</summary>
    Admin = 2,
}

/// <summary>Which client (a client token's name, or an address when tokens are off) owns an account; another client's polls and reports for it are refused.</summary>
public sealed record AccountBinding
{
    /// <summary>The account's wxid.</summary>
    public string Account { get; init; } = string.Empty;

    /// <summary>The owning client: its token's name, or its address.</summary>
    public string Client { get; init; } = string.Empty;

    /// <summary>When the client first polled or reported with the account.</summary>
    public DateTimeOffset BoundAt { get; init; }
}
