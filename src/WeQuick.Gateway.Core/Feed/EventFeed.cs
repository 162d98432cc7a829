using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Feed;

/// <summary>
/// The event log as its consumers read it: pages after a cursor, and live subscriptions, in typed
/// <see cref="FeedEvent"/>s. Consumers that keep up with the log are served from the newest events, which are
/// read from the store and decoded once for all of them (one read per commit, whatever the number of streams
/// and webhooks); a consumer further back reads the store for itself.
/// </summary>
internal sealed class EventFeed : IDisposable
{
    private readonly IGatewayStore _store;
    private readonly IGatewayBus _bus;
    private readonly TimeProvider _time;
    private readonly GatewayOptions _options;
    private readonly DecodeLimits _limits;
    private readonly EventReadLimits _readLimits;
    private readonly IEventSubscription _head;
    private readonly RecentEvents _recent;

    public EventFeed(IGatewayStore store, IGatewayBus bus, TimeProvider time, IOptions<GatewayOptions> options)
    {
        _store = store;
        _bus = bus;
        _time = time;
        _options = options.Value;
        _limits = ReportIngestor.Limits(_options);
        _readLimits = ReadLimits(_options);
        _head = bus.SubscribeToEvents();
        _recent = new RecentEvents(_options.Stream.RecentEvents, _options.Stream.RecentBytes);
    }

    public void Dispose() => _head.Dispose();

    /// <summary>The highest committed sequence number (0 while the log is empty).</summary>
    public Task<long> HeadAsync(CancellationToken cancellationToken) => _store.LatestSeqAsync(cancellationToken);

    /// <summary>The report kinds that carry contact and member lists: their bodies have the larger inline limit (<see cref="GatewayOptions.InlineListBodyBytes"/>).</summary>
    public static IReadOnlySet<string> ListKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ContactReport.ActionName,
        UsersWxidReport.ActionName,
        UsersInfoReport.ActionName,
        ChatRoomUserListsReport.ActionName,
    };

    /// <summary>How much of the log one read of the feed brings into memory, as the settings say.</summary>
    public static EventReadLimits ReadLimits(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EventReadLimits(options.InlineBodyBytes, options.InlineListBodyBytes, ListKinds, options.PageBytes);
    }

    /// <summary>The limits reads of the feed are made within.</summary>
    public EventReadLimits Limits => _readLimits;

    /// <summary>
    /// Events after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>, and fewer once their bodies
    /// reach <see cref="GatewayOptions.PageBytes"/>; bodies over the inline limit are left out (by reference).
    /// </summary>
    public async Task<IReadOnlyList<FeedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken) =>
        (await ReadPageAsync(after, limit, cancellationToken)).Events;

    /// <summary>
    /// <see cref="ReadAsync"/>, saying whether the page was full (by count or by bytes): then more may follow at once,
    /// while a page that is not full reached the end of the log as it was.
    /// </summary>
    public async Task<FeedPage> ReadPageAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var head = _head.Head;
        var (known, from, knownBytes) = _recent.Take(after, limit, head, _readLimits.PageBytes);
        if (from is null)
        {
            return new FeedPage(known, known.Count == limit || knownBytes >= _readLimits.PageBytes);
        }

        var wanted = limit - known.Count;
        var room = _readLimits.PageBytes - knownBytes;
        var page = await _store.ReadEventsAsync(from.Value, wanted, _readLimits with { PageBytes = room }, cancellationToken);
        var read = new List<FeedEvent>(page.Count);
        long bytes = 0;
        foreach (var e in page)
        {
            read.Add(Decode(e));
            bytes += e.Body.LongLength;
        }

        // A page cut by its bytes did not reach the end of the log: the window must not say it did.
        var full = page.Count == wanted || bytes >= room;
        var merged = _recent.Add(from.Value, read, reachedEnd: !full);
        return new FeedPage(known.Count == 0 ? merged : [.. known, .. merged], full);
    }

    /// <summary>One event by its sequence number, its body left out when over the inline limit.</summary>
    public async Task<FeedEvent?> ReadEventAsync(long seq, CancellationToken cancellationToken) =>
        await _store.ReadEventAsync(seq, _readLimits, cancellationToken) is { } e ? Decode(e) : null;

    /// <summary>Decodes a stored event the way ingestion decoded it.</summary>
    public FeedEvent Decode(StoredEvent e) => FeedEvent.Decode(e, _limits);

    /// <summary>Starts a live subscription after <paramref name="after"/>: replay, then every new event that <paramref name="filter"/> takes.</summary>
    public FeedSubscription Subscribe(long after, EventFilter filter) => new(this, _bus, _time, _options.Stream, filter, after);

    /// <summary>
    /// The newest events of the log, in one window of sequence numbers: every event in (<c>_after</c>, <c>_to</c>]
    /// is here, so a reader whose cursor lies in the window needs no store read unless the log grew past it.
    /// Bounded by count and by the bytes of the bodies.
    /// </summary>
    private sealed class RecentEvents(int capacity, long maxBytes)
    {
        private readonly Lock _lock = new();
        private readonly List<FeedEvent> _events = [];
        private long _after = -1;
        private long _to = -1;
        private long _bytes;

        // Whether the read that last extended the window found the end of the log: then nothing past _to was
        // committed before it, and anything committed since is announced with a head above _to.
        private bool _reachesEnd;

        /// <summary>
        /// What the window holds after <paramref name="after"/> (up to <paramref name="limit"/>), and where the store
        /// must be read from for the rest: null when the window answered in full (it held <paramref name="limit"/>
        /// events, or it reaches <paramref name="head"/>, the end of the log as announced).
        /// </summary>
        public (IReadOnlyList<FeedEvent> Known, long? ReadFrom, long KnownBytes) Take(long after, int limit, long head, long maxBytes)
        {
            lock (_lock)
            {
                if (_to < 0 || after < _after || after > _to)
                {
                    return ([], after, 0);
                }

                var first = FirstAfter(after);
                var count = 0;
                long bytes = 0;
                while (count < limit && first + count < _events.Count && bytes < maxBytes)
                {
                    bytes += _events[first + count].Size;
                    count++;
                }

                var known = count == 0 ? [] : _events.GetRange(first, count);
                return known.Count == limit || bytes >= maxBytes || (_reachesEnd && _to >= head) ? (known, null, bytes) : (known, _to, bytes);
            }
        }

        /// <summary>
        /// Takes in the events a store read found after <paramref name="from"/> (all of them, up to the last one's seq),
        /// and returns them as the window holds them, so every reader shares one instance of each event.
        /// </summary>
        public List<FeedEvent> Add(long from, List<FeedEvent> read, bool reachedEnd)
        {
            if (capacity == 0)
            {
                return read;
            }

            lock (_lock)
            {
                if (read.Count == 0)
                {
                    // Nothing after the window's end: it still reaches the end of the log.
                    _reachesEnd |= reachedEnd && from == _to;
                    return read;
                }

                var last = read[^1].Seq;
                if (_to >= 0 && from >= _after && from <= _to)
                {
                    // Overlaps the window: share what it already has, keep what lies past it.
                    for (var i = 0; i < read.Count; i++)
                    {
                        if (read[i].Seq <= _to)
                        {
                            var at = FirstAfter(read[i].Seq - 1);
                            if (at < _events.Count && _events[at].Seq == read[i].Seq)
                            {
                                read[i] = _events[at];
                            }
                        }
                        else
                        {
                            Append(read[i]);
                        }
                    }

                    if (last >= _to)
                    {
                        _to = last;
                        _reachesEnd = reachedEnd;
                    }
                }
                else if (last > _to)
                {
                    // A newer stretch of the log than the window: it becomes the window.
                    _events.Clear();
                    _bytes = 0;
                    _after = from;
                    _to = last;
                    _reachesEnd = reachedEnd;
                    foreach (var e in read)
                    {
                        Append(e);
                    }
                }

                Trim();
                return read;
            }
        }

        private void Append(FeedEvent e)
        {
            _events.Add(e);
            _bytes += e.Size;
        }

        private void Trim()
        {
            var drop = 0;
            while (drop < _events.Count && (_events.Count - drop > capacity || _bytes > maxBytes))
            {
                _bytes -= _events[drop].Size;
                _after = _events[drop].Seq;
                drop++;
            }

            if (drop > 0)
            {
                _events.RemoveRange(0, drop);
            }
        }

        /// <summary>The index of the first event with a seq above <paramref name="after"/>.</summary>
        private int FirstAfter(long after)
        {
            int lo = 0, hi = _events.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_events[mid].Seq <= after)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}

/// <summary>A page of the feed.</summary>
/// <param name="Events">The events, oldest first.</param>
/// <param name="Full">Whether the page stopped at its count or its bytes (more may follow at once) rather than at the end of the log.</param>
internal sealed record FeedPage(IReadOnlyList<FeedEvent> Events, bool Full);

/// <summary>What a live subscription yields: an event, or a heartbeat.</summary>
internal abstract record FeedFrame;

/// <summary>One event.</summary>
internal sealed record EventFrame(FeedEvent Event) : FeedFrame;

/// <summary>A heartbeat: the subscription is alive, the log has reached <paramref name="Head"/>.</summary>
internal sealed record HeartbeatFrame(DateTimeOffset At, long Head) : FeedFrame;

/// <summary>
/// The reading half of one live consumer. It listens for appends first, then reads the feed after its cursor
/// (replay), then keeps reading after the last event it queued whenever the log grows (live); the store is the
/// only source of events, so nothing is skipped or repeated at the seam. Frames go into a bounded buffer the
/// consumer drains; while replaying, reading waits for room, but once live a full buffer means the consumer fell
/// behind, and it is cut off instead of being waited for.
/// </summary>
internal sealed class FeedSubscription : IDisposable
{
    private readonly EventFeed _feed;
    private readonly IGatewayBus _bus;
    private readonly TimeProvider _time;
    private readonly StreamOptions _options;
    private readonly EventFilter _filter;
    private readonly Channel<FeedFrame> _frames;
    private readonly CancellationTokenSource _cutOff = new();
    private long _cursor;
    private string? _cutOffReason;

    internal FeedSubscription(EventFeed feed, IGatewayBus bus, TimeProvider time, StreamOptions options, EventFilter filter, long after)
    {
        _feed = feed;
        _bus = bus;
        _time = time;
        _options = options;
        _filter = filter;
        _cursor = after;
        _frames = Channel.CreateBounded<FeedFrame>(new BoundedChannelOptions(options.BufferSize)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<FeedFrame> Frames => _frames.Reader;

    /// <summary>Cancelled when the consumer is cut off.</summary>
    public CancellationToken CutOff => _cutOff.Token;

    /// <summary>Why the consumer was cut off, once it was.</summary>
    public string? CutOffReason => Volatile.Read(ref _cutOffReason);

    /// <summary>Cuts the consumer off (its buffer filled, or its writer stalled); the first reason given stays.</summary>
    public async Task CutOffAsync(string reason)
    {
        if (Interlocked.CompareExchange(ref _cutOffReason, reason, null) is null)
        {
            await _cutOff.CancelAsync();
        }
    }

    public void Dispose() => _cutOff.Dispose();

    /// <summary>Reads the feed into the buffer until cancelled or the consumer is cut off.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var subscription = _bus.SubscribeToEvents();
        var live = false;
        try
        {
            using var heartbeats = new PeriodicTimer(_options.HeartbeatInterval, _time);
            var heartbeat = heartbeats.WaitForNextTickAsync(cancellationToken).AsTask();
            while (!cancellationToken.IsCancellationRequested)
            {
                // Taken before the read: an append committed after the read completes this task.
                var appended = subscription.WhenAppended();
                var page = await _feed.ReadPageAsync(_cursor, _options.PageSize, cancellationToken);
                foreach (var e in page.Events)
                {
                    _cursor = e.Seq;
                    if (!_filter.Matches(e.Account, e.Kind))
                    {
                        continue;
                    }

                    var frame = new EventFrame(e);
                    if (!live)
                    {
                        await _frames.Writer.WriteAsync(frame, cancellationToken);
                    }
                    else if (!_frames.Writer.TryWrite(frame))
                    {
                        await CutOffAsync($"too slow: {_options.BufferSize} events waiting; reconnect with after=<last seq received>");
                        return;
                    }
                }

                if (heartbeat.IsCompleted)
                {
                    heartbeat = await BeatAsync(heartbeat, heartbeats, subscription, cancellationToken);
                }

                if (page.Full)
                {
                    // Full by count or by bytes: more may follow at once.
                    continue;
                }

                live = true;
                while (!appended.IsCompleted)
                {
                    await Task.WhenAny(appended, heartbeat).WaitAsync(cancellationToken);
                    if (heartbeat.IsCompleted)
                    {
                        heartbeat = await BeatAsync(heartbeat, heartbeats, subscription, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private async Task<Task<bool>> BeatAsync(Task<bool> heartbeat, PeriodicTimer heartbeats, IEventSubscription subscription, CancellationToken cancellationToken)
    {
        if (await heartbeat)
        {
            // A heartbeat only matters to a consumer that keeps up; a full buffer skips it.
            _frames.Writer.TryWrite(new HeartbeatFrame(_time.GetUtcNow(), Math.Max(subscription.Head, _cursor)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return heartbeats.WaitForNextTickAsync(cancellationToken).AsTask();
    }
}
