using WeQuick.Gateway.Commands;

namespace WeQuick.Gateway;

/// <summary>
/// Signals between the parts of the gateway that may one day run on different nodes: "a command is
/// queued for this target" wakes the long-polls waiting for it. In-process now; Redis pub/sub later.
/// </summary>
public interface IGatewayBus
{
    /// <summary>Tells every waiter on <paramref name="target"/> that a command was queued for it.</summary>
    ValueTask PublishCommandQueuedAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts listening for <paramref name="targets"/>. Subscribe before checking the queue, then wait,
    /// so a command queued in between is not missed.
    /// </summary>
    ICommandSubscription SubscribeToCommands(IReadOnlyList<string> targets);

    /// <summary>
    /// Tells every listener that the event log was committed up to <paramref name="seq"/>. Called by the
    /// single writer right after a commit: it must not block (an implementation over a network queues it).
    /// </summary>
    void AnnounceEventsAppended(long seq);

    /// <summary>Starts listening for appended events (the live stream and the webhook dispatchers).</summary>
    IEventSubscription SubscribeToEvents();
}

/// <summary>
/// A listener for appended events; dispose to stop listening. Use it as "take <see cref="WhenAppended"/>,
/// read the store after the cursor, await the task only when the read came back empty", so an append
/// that commits between the read and the wait is never missed. The store stays the source of truth.
/// </summary>
public interface IEventSubscription : IDisposable
{
    /// <summary>The highest sequence number announced so far (0 before the first announcement): a hint, for lag.</summary>
    long Head { get; }

    /// <summary>A task that completes at the first announcement after this call.</summary>
    Task WhenAppended();
}

/// <summary>A listener for queued commands; dispose to stop listening.</summary>
public interface ICommandSubscription : IDisposable
{
    /// <summary>Completes when a command was queued for one of the targets since the subscription started.</summary>
    Task Signaled { get; }
}

/// <summary>The bus of a single node.</summary>
internal sealed class InProcessGatewayBus : IGatewayBus
{
    private readonly TargetIndex<Subscription> _byTarget = new();
    private readonly Lock _lock = new();
    private readonly EventSignal _events = new();

    public void AnnounceEventsAppended(long seq) => _events.Announce(seq);

    public IEventSubscription SubscribeToEvents() => new EventListener(_events);

    public ValueTask PublishCommandQueuedAsync(string target, CancellationToken cancellationToken = default)
    {
        Subscription[] waiting;
        lock (_lock)
        {
            var subscribed = _byTarget.Of(target);
            if (subscribed.Count == 0)
            {
                return ValueTask.CompletedTask;
            }

            waiting = [.. subscribed];
        }

        foreach (var s in waiting)
        {
            s.Signal();
        }

        return ValueTask.CompletedTask;
    }

    public ICommandSubscription SubscribeToCommands(IReadOnlyList<string> targets)
    {
        var subscription = new Subscription(this, targets);
        lock (_lock)
        {
            _byTarget.Add(targets, subscription);
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _byTarget.Remove(subscription.Targets, subscription);
        }
    }

    private sealed class Subscription(InProcessGatewayBus bus, IReadOnlyList<string> targets) : ICommandSubscription
    {
        private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Targets { get; } = targets;

        public Task Signaled => _signal.Task;

        public void Signal() => _signal.TrySetResult();

        public void Dispose() => bus.Remove(this);
    }
}

/// <summary>
/// One node's "the log grew" signal: the highest announced seq and a task replaced at every announcement.
/// Listeners share it; none of them is tracked, so announcing costs the same with one listener or a thousand.
/// </summary>
internal sealed class EventSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head;

    public long Head => Interlocked.Read(ref _head);

    public Task WhenAppended()
    {
        lock (_lock)
        {
            return _next.Task;
        }
    }

    public void Announce(long seq)
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            if (seq > _head)
            {
                Interlocked.Exchange(ref _head, seq);
            }

            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }
}

/// <summary>One listener of the node's <see cref="EventSignal"/>.</summary>
internal sealed class EventListener(EventSignal signal) : IEventSubscription
{
    public long Head => signal.Head;

    public Task WhenAppended() => signal.WhenAppended();

    public void Dispose()
    {
        // The signal tracks no listener: nothing to release.
    }
}

/// <summary>Counts what is refused rather than stored.</summary>
internal sealed class GatewayCounters
{
    private long _unauthorized;
    private long _quarantined;
    private long _tooLarge;
    private long _accepted;

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public long Quarantined => Interlocked.Read(ref _quarantined);

    public long TooLarge => Interlocked.Read(ref _tooLarge);

    public long Accepted => Interlocked.Read(ref _accepted);

    public void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    public void CountQuarantined() => Interlocked.Increment(ref _quarantined);

    public void CountTooLarge() => Interlocked.Increment(ref _tooLarge);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);
}
