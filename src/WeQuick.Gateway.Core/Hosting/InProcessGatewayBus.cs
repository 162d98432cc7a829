using WeQuick.Gateway.Commands;

namespace WeQuick.Gateway;

/// <summary>The bus of a single node.</summary>
internal sealed class InProcessGatewayBus : IGatewayBus
{
    private readonly TargetIndex<Subscription> _byTarget = new();
    private readonly Lock _lock = new();
    private readonly EventSignal _events = new();
    private readonly Dictionary<long, List<FinishedSubscription>> _finishing = [];
    private readonly Lock _finishLock = new();
    private readonly Listeners<long> _webhookListeners = new();
    private readonly Listeners<string> _bindingListeners = new();
    private readonly Listeners<bool> _keyListeners = new();

    /// <summary>How many waits for a command to finish are open now (tests wait on it before moving virtual time).</summary>
    public int CommandWaiters
    {
        get
        {
            lock (_finishLock)
            {
                return _finishing.Values.Sum(l => l.Count);
            }
        }
    }

    public void AnnounceEventsAppended(long seq) => _events.Announce(seq);

    public void AnnounceCommandsFinished(IReadOnlyList<long> ids)
    {
        List<FinishedSubscription>? wake = null;
        lock (_finishLock)
        {
            foreach (var id in ids)
            {
                if (_finishing.Remove(id, out var list))
                {
                    (wake ??= []).AddRange(list);
                }
            }
        }

        foreach (var s in wake ?? [])
        {
            s.Signal();
        }
    }

    public ICommandFinishedSubscription SubscribeToCommandFinished(long id)
    {
        var subscription = new FinishedSubscription(this, id);
        lock (_finishLock)
        {
            if (!_finishing.TryGetValue(id, out var list))
            {
                _finishing[id] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    public void AnnounceWebhookChanged(long id) => _webhookListeners.Announce(id);

    public IDisposable SubscribeToWebhookChanges(Action<long> changed) => _webhookListeners.Add(changed);

    public void AnnounceApiKeysChanged() => _keyListeners.Announce(true);

    public IDisposable SubscribeToApiKeyChanges(Action changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return _keyListeners.Add(_ => changed());
    }

    public void AnnounceClientBindingReleased(string target) => _bindingListeners.Announce(target);

    public IDisposable SubscribeToClientBindingReleases(Action<string> released) => _bindingListeners.Add(released);

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

    private void Remove(FinishedSubscription subscription)
    {
        lock (_finishLock)
        {
            if (_finishing.TryGetValue(subscription.Id, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _finishing.Remove(subscription.Id);
            }
        }
    }

    private sealed class FinishedSubscription(InProcessGatewayBus bus, long id) : ICommandFinishedSubscription
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Id { get; } = id;

        public Task Finished => _finished.Task;

        public void Signal() => _finished.TrySetResult();

        public void Dispose() => bus.Remove(this);
    }

    /// <summary>Callbacks of one kind of announcement: copied on change, so an announcement reads them without a lock.</summary>
    private sealed class Listeners<T>
    {
        private readonly Lock _lock = new();
        private Action<T>[] _listeners = [];

        public void Announce(T value)
        {
            foreach (var listener in Volatile.Read(ref _listeners))
            {
                listener(value);
            }
        }

        public Unsubscriber Add(Action<T> listener)
        {
            ArgumentNullException.ThrowIfNull(listener);
            lock (_lock)
            {
                _listeners = [.. _listeners, listener];
            }

            return new Unsubscriber(() =>
            {
                lock (_lock)
                {
                    _listeners = [.. _listeners.Where(l => l != listener)];
                }
            });
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
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

