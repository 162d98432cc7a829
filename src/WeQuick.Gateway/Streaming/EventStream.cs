using System.Text.Json;
using System.Threading.Channels;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Streaming;

/// <summary>What a connection writes: an event, or a heartbeat.</summary>
internal abstract record StreamFrame;

/// <summary>One event, already serialized as the normalized event object of <c>GET /api/v1/events</c>.</summary>
internal sealed record EventFrame(long Seq, byte[] Json) : StreamFrame;

/// <summary>A heartbeat: the connection is alive, the log has reached <paramref name="Head"/>.</summary>
internal sealed record HeartbeatFrame(DateTimeOffset At, long Head) : StreamFrame;

/// <summary>
/// The reading half of one stream connection. It listens for appends first, then reads the log after its
/// cursor (replay), then keeps reading after the last event it queued whenever the log grows (live); the
/// store is the only source of events, so nothing is skipped or repeated at the seam. Events go into a
/// bounded buffer the connection's writer drains; while replaying, reading waits for room, but once live a
/// full buffer means the consumer fell behind, and it is cut off instead of being waited for.
/// </summary>
internal sealed class EventStream : IDisposable
{
    private readonly IGatewayStore _store;
    private readonly IGatewayBus _bus;
    private readonly TimeProvider _time;
    private readonly StreamOptions _options;
    private readonly DecodeLimits _limits;
    private readonly EventFilter _filter;
    private readonly Channel<StreamFrame> _frames;
    private readonly CancellationTokenSource _cutOff = new();
    private long _cursor;
    private string? _cutOffReason;

    public EventStream(IGatewayStore store, IGatewayBus bus, TimeProvider time, StreamOptions options, DecodeLimits limits, EventFilter filter, long after)
    {
        _store = store;
        _bus = bus;
        _time = time;
        _options = options;
        _limits = limits;
        _filter = filter;
        _cursor = after;
        _frames = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(options.BufferSize)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<StreamFrame> Frames => _frames.Reader;

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

    /// <summary>Reads the log into the buffer until cancelled or the consumer is cut off.</summary>
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
                var page = await _store.ReadEventsAsync(_cursor, _options.PageSize, cancellationToken);
                foreach (var e in page)
                {
                    _cursor = e.Seq;
                    if (!_filter.Matches(e))
                    {
                        continue;
                    }

                    var frame = new EventFrame(e.Seq, JsonSerializer.SerializeToUtf8Bytes(EventView.From(e, _limits), GatewayJson.Options));
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

                if (page.Count == _options.PageSize)
                {
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
