using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// Long-polls waiting on this node, so that a command accepted for a target that has one waiting is handed
/// to it in the same transaction that stores it: the insert and the delivered state commit together, and
/// the poll answers without a second commit of its own. A poll is claimable only while it is idle
/// (<see cref="PollWaiter.Arm"/> … <see cref="PollWaiter.DisarmAsync"/>); a claimed poll waits for the
/// claiming write to commit (it gets the commands) or to fail (it goes on waiting as before).
/// </summary>
internal sealed class PollHandoff
{
    private readonly Lock _lock = new();
    private readonly TargetIndex<PollWaiter> _waiters = new();

    /// <summary>
    /// A waiter for one poll of <paramref name="targets"/> by <paramref name="instance"/>, to be handed at most
    /// <paramref name="take"/> commands; dispose it when the poll ends.
    /// </summary>
    public PollWaiter Register(IReadOnlyList<string> targets, string instance, int take = 1)
    {
        var waiter = new PollWaiter(this, targets, instance, take);
        lock (_lock)
        {
            _waiters.Add(targets, waiter);
        }

        return waiter;
    }

    /// <summary>Claims the longest-waiting idle poll of <paramref name="target"/>, if any. Called inside a write item.</summary>
    public PollWaiter? TryClaim(string target)
    {
        lock (_lock)
        {
            foreach (var w in _waiters.Of(target))
            {
                if (w.TryClaim())
                {
                    return w;
                }
            }
        }

        return null;
    }

    internal void Remove(PollWaiter waiter)
    {
        lock (_lock)
        {
            _waiters.Remove(waiter.Targets, waiter);
        }
    }
}

/// <summary>One long-poll: idle (claimable), busy (checking the queue itself), claimed by a write, or handed its commands.</summary>
internal sealed class PollWaiter : IDisposable
{
    private readonly PollHandoff _owner;
    private readonly Lock _lock = new();
    private State _state = State.Busy;
    private TaskCompletionSource _settled = NewSignal();
    private IReadOnlyList<StoredCommand>? _handed;

    internal PollWaiter(PollHandoff owner, IReadOnlyList<string> targets, string instance, int take)
    {
        _owner = owner;
        Targets = targets;
        Instance = instance;
        Take = take;
    }

    private enum State
    {
        Busy,
        Idle,
        Claimed,
        Handed,
        Closed,
    }

    public IReadOnlyList<string> Targets { get; }

    public string Instance { get; }

    /// <summary>The most commands the poll's answer holds.</summary>
    public int Take { get; }

    /// <summary>Completes when a write claimed this poll and then committed or failed: call <see cref="DisarmAsync"/> to learn which.</summary>
    public Task Settled
    {
        get
        {
            lock (_lock)
            {
                return _settled.Task;
            }
        }
    }

    /// <summary>The poll is about to wait: from now on a write may claim it.</summary>
    public void Arm()
    {
        lock (_lock)
        {
            if (_state == State.Busy)
            {
                _state = State.Idle;
                Renew();
            }
        }
    }

    /// <summary>
    /// The poll stops waiting. Returns the commands a committed write handed to it (they are already recorded as
    /// delivered to it: the poll must answer with them), or null. Waits for a write that has claimed it to settle.
    /// </summary>
    public async Task<IReadOnlyList<StoredCommand>?> DisarmAsync()
    {
        while (true)
        {
            Task settled;
            lock (_lock)
            {
                switch (_state)
                {
                    case State.Handed:
                        var handed = _handed;
                        _handed = null;
                        _state = State.Busy;
                        return handed;
                    case State.Claimed:
                        settled = _settled.Task;
                        break;
                    case State.Closed:
                        return null;
                    default:
                        _state = State.Busy;
                        return null;
                }
            }

            await settled.ConfigureAwait(false);
        }
    }

    /// <summary>The poll has ended: it can no longer be claimed.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_state is State.Busy or State.Idle)
            {
                _state = State.Closed;
            }
        }

        _owner.Remove(this);
    }

    internal bool TryClaim()
    {
        lock (_lock)
        {
            if (_state != State.Idle)
            {
                return false;
            }

            _state = State.Claimed;
            Renew();
            return true;
        }
    }

    /// <summary>The claiming write committed: these commands are delivered to this poll.</summary>
    internal void Hand(IReadOnlyList<StoredCommand> commands) => Settle(State.Handed, commands);

    /// <summary>The claiming write took nothing, or was undone: the poll is idle again.</summary>
    internal void Release() => Settle(State.Idle, null);

    private void Settle(State next, IReadOnlyList<StoredCommand>? commands)
    {
        TaskCompletionSource settled;
        lock (_lock)
        {
            if (_state != State.Claimed)
            {
                return;
            }

            _state = next;
            _handed = commands;
            settled = _settled;
        }

        settled.TrySetResult();
    }

    /// <summary>A settled signal is replaced, so that whoever takes <see cref="Settled"/> next waits for the next settlement.</summary>
    private void Renew()
    {
        if (_settled.Task.IsCompleted)
        {
            _settled = NewSignal();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
