using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// Lets a request wait for one command to reach a terminal state: the store writer announces finished
/// commands after each commit, and this wakes whoever waits on them. Subscribe before reading the command,
/// so a command finishing in between is not missed.
/// </summary>
internal sealed class CommandCompletions : IDisposable
{
    private readonly Dictionary<long, List<Subscription>> _waiting = [];
    private readonly Lock _lock = new();
    private readonly StoreWriter _writer;

    public CommandCompletions(StoreWriter writer)
    {
        _writer = writer;
        _writer.CommandsFinished += OnFinished;
    }

    /// <summary>How many requests are waiting now (tests wait on it before moving virtual time).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Starts listening for <paramref name="id"/>; <see cref="Subscription.Finished"/> completes when it is announced finished.</summary>
    public Subscription Subscribe(long id)
    {
        var subscription = new Subscription(this, id);
        lock (_lock)
        {
            if (!_waiting.TryGetValue(id, out var list))
            {
                _waiting[id] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    public void Dispose() => _writer.CommandsFinished -= OnFinished;

    private void OnFinished(IReadOnlyList<StoredCommand> finished)
    {
        List<(Subscription, StoredCommand)>? wake = null;
        lock (_lock)
        {
            foreach (var c in finished)
            {
                if (_waiting.Remove(c.Id, out var list))
                {
                    (wake ??= []).AddRange(list.Select(s => (s, c)));
                }
            }
        }

        foreach (var (s, c) in wake ?? [])
        {
            s.Signal(c);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_waiting.TryGetValue(subscription.Id, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _waiting.Remove(subscription.Id);
            }
        }
    }

    /// <summary>One waiter; dispose it when done waiting.</summary>
    internal sealed class Subscription(CommandCompletions owner, long id) : IDisposable
    {
        private readonly TaskCompletionSource<StoredCommand> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Id { get; } = id;

        /// <summary>Completes with the command as it was written in its terminal state.</summary>
        public Task<StoredCommand> Finished => _finished.Task;

        public void Signal(StoredCommand command) => _finished.TrySetResult(command);

        public void Dispose() => owner.Remove(this);
    }
}
