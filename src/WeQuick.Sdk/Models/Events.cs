using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// One event of the gateway's log, as the events page, the live stream and webhooks carry it: its cursor
/// (<see cref="Seq"/>), where it came from, and the normalized report as <see cref="Data"/> and typed as <see cref="Report"/>.
/// Two events are equal when they have the same seq, kind and source: the seq names one event of the log.
/// </summary>
public sealed record GatewayEvent
{
    private Report? _report;
    private bool _decoded;

    /// <summary>The event's global sequence number: the cursor of the stream and of webhooks.</summary>
    public long Seq { get; init; }

    /// <summary>The report kind (<c>reportTextMessage</c>, <c>ack</c>, …) or a gateway kind (<c>instanceOnline</c>, <c>instanceOffline</c>, <c>instanceBound</c>).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary><c>client</c> for reports, <c>gateway</c> for events the gateway records itself.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The account (cwxid) the event belongs to, when it has one.</summary>
    public string? Account { get; init; }

    /// <summary>The instance (client and pid) that posted it, when known.</summary>
    public string? Instance { get; init; }

    /// <summary>When the gateway received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The normalized report (or the gateway event's fields); undefined when the stored body no longer decodes (see <see cref="Error"/>).</summary>
    public JsonElement Data { get; init; }

    /// <summary>Why the stored body did not decode, when it did not.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// True when the report's body was over the gateway's inline limit and was left out: <see cref="Data"/> is
    /// undefined and <see cref="Report"/> null; read the body with <see cref="WeQuickClient.GetEventBodyAsync"/>.
    /// Null from a gateway that does not say.
    /// </summary>
    public bool? BodyOmitted { get; init; }

    /// <summary>The size in bytes of the body that was left out; given with <see cref="BodyOmitted"/>.</summary>
    public long? BodyBytes { get; init; }

    /// <summary>Where the body that was left out is read (<c>/api/v1/events/{seq}/body</c>); given with <see cref="BodyOmitted"/>.</summary>
    public string? BodyUrl { get; init; }

    /// <summary>True for events the client posted (reports), false for the gateway's own.</summary>
    [JsonIgnore]
    public bool IsReport => Source == "client";

    /// <summary>The report typed with the Protocol models, decoded from <see cref="Data"/>; null for gateway events and undecodable ones.</summary>
    [JsonIgnore]
    public Report? Report
    {
        get
        {
            if (!_decoded)
            {
                _report = IsReport && Data.ValueKind == JsonValueKind.Object ? NormalizedJson.ReadReport(Data) : null;
                _decoded = true;
            }

            return _report;
        }
    }

    /// <inheritdoc />
    public bool Equals(GatewayEvent? other) =>
        other is not null && Seq == other.Seq && string.Equals(Kind, other.Kind, StringComparison.Ordinal) && string.Equals(Source, other.Source, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Seq, Kind, Source);
}

/// <summary>
/// A page of the event log (<c>GET /api/v1/events</c>); pass <see cref="NextCursor"/> back as <c>cursor</c> for the
/// following page. The log grows, so there is always a cursor: an empty page means nothing new yet.
/// </summary>
public sealed record EventPage
{
    /// <summary>The events, in log order.</summary>
    public IReadOnlyList<GatewayEvent> Items { get; init; } = [];

    /// <summary>The cursor of the following page: the seq of the last event here as text (or the cursor asked with, when the page is empty).</summary>
    public string NextCursor { get; init; } = string.Empty;

    /// <summary>The end of the log when the page was read (the highest committed seq); 0 from a gateway that does not say.</summary>
    public long Head { get; init; }

    /// <summary>
    /// <see cref="NextCursor"/> as the seq it is: every event up to it has been paged through, so a live stream
    /// that goes on from here starts after it (<see cref="EventStreamOptions.After"/>).
    /// </summary>
    /// <exception cref="FormatException">The gateway's cursor is not a seq.</exception>
    [JsonIgnore]
    public long NextSeq => long.Parse(NextCursor, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="WeQuickClient.StreamEventsAsync(EventStreamOptions?, CancellationToken)"/> streams and how it reconnects.</summary>
public sealed record EventStreamOptions
{
    /// <summary>Start with the first event after this seq (0: the whole log).</summary>
    public long After { get; init; }

    /// <summary>Only these accounts; empty or null for all.</summary>
    public IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>Only these kinds; empty or null for all.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>The first wait before reconnecting after a failure; doubled on each failure in a row.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between reconnects.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection that brings nothing (not even a heartbeat) for this long is dropped and reopened. Default 45 s (the gateway's heartbeat is 15 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Give up after this many failed connection attempts in a row (null: never, until cancelled).</summary>
    public int? MaxReconnectAttempts { get; init; }
}

/// <summary>Why the event stream connection ended and was reopened; see <see cref="WeQuickClientOptions.OnReconnect"/>.</summary>
/// <param name="LastSeq">The seq of the last event yielded; the new connection resumes after it.</param>
/// <param name="Reason">What ended the connection (a close status and reason, or an error).</param>
/// <param name="Attempt">1 for the first reconnect after a working connection, then counting failures in a row.</param>
/// <param name="Delay">How long the stream waits before connecting again.</param>
public sealed record StreamReconnect(long LastSeq, string Reason, int Attempt, TimeSpan Delay);
