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
    private readonly Dictionary<string, HashSet<Subscription>> _byTarget = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ValueTask PublishCommandQueuedAsync(string target, CancellationToken cancellationToken = default)
    {
        Subscription[] waiting;
        lock (_lock)
        {
            if (!_byTarget.TryGetValue(target, out var set))
            {
                return ValueTask.CompletedTask;
            }

            waiting = [.. set];
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
            foreach (var t in targets)
            {
                if (!_byTarget.TryGetValue(t, out var set))
                {
                    _byTarget[t] = set = [];
                }

                set.Add(subscription);
            }
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            foreach (var t in subscription.Targets)
            {
                if (_byTarget.TryGetValue(t, out var set) && set.Remove(subscription) && set.Count == 0)
                {
                    _byTarget.Remove(t);
                }
            }
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
