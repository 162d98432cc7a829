using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Feed;

/// <summary>
/// One event of the log as every sink gets it: the stored event and what it says, decoded once — the client's
/// report, or the gateway's own presence event, or why the stored body could not be decoded. Sinks format it
/// for themselves (<see cref="Formatted{T}"/> keeps each format's result, so a format is made once per event
/// however many consumers take it).
/// </summary>
internal sealed class FeedEvent
{
    private (object Format, object Value)[] _formatted = [];

    public FeedEvent(StoredEvent stored, Report? report, PresenceChange? presence, string? error)
    {
        Stored = stored;
        Report = report;
        Presence = presence;
        Error = error;
    }

    public StoredEvent Stored { get; }

    public long Seq => Stored.Seq;

    public string Kind => Stored.Kind;

    public string? Account => Stored.Account;

    /// <summary>The client's report, for an event a client posted whose body decodes.</summary>
    public Report? Report { get; }

    /// <summary>The gateway's own event (an instance online, offline or bound).</summary>
    public PresenceChange? Presence { get; }

    /// <summary>Why the stored body could not be decoded; null when it could.</summary>
    public string? Error { get; }

    /// <summary>The bytes the stored body takes: what keeping this event in memory costs (0 when the body was left out).</summary>
    public int Size => Stored.Body.Length;

    /// <summary>The stored body's size when it was left out of the read (over the inline limit); null when it is here.</summary>
    public long? OmittedBodyBytes => Stored.OmittedBodyBytes;

    /// <summary>
    /// This event in the format <paramref name="format"/> names, made by <paramref name="make"/> the first time it is
    /// asked for and kept with the event after that. <paramref name="format"/> is compared by reference.
    /// </summary>
    public T Formatted<T>(object format, Func<FeedEvent, T> make)
        where T : class
    {
        foreach (var (f, value) in Volatile.Read(ref _formatted))
        {
            if (ReferenceEquals(f, format))
            {
                return (T)value;
            }
        }

        var made = make(this);
        while (true)
        {
            var current = Volatile.Read(ref _formatted);
            foreach (var (f, value) in current)
            {
                if (ReferenceEquals(f, format))
                {
                    return (T)value;
                }
            }

            if (Interlocked.CompareExchange(ref _formatted, [.. current, (format, made)], current) == current)
            {
                return made;
            }
        }
    }

    /// <summary>Decodes a stored event the way ingestion decoded it.</summary>
    public static FeedEvent Decode(StoredEvent e, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Source == EventSource.Gateway)
        {
            return new FeedEvent(e, null, GatewayEvents.Read(e), null);
        }

        if (e.BodyOmitted)
        {
            // Served by reference: nothing to decode, and nothing big held.
            return new FeedEvent(e, null, null, null);
        }

        var decoded = ReportDecoder.Decode(e.Body, e.ContentType, limits);
        return new FeedEvent(e, decoded.Report, null, decoded.Report is null ? decoded.Error?.ToString() : null);
    }
}
