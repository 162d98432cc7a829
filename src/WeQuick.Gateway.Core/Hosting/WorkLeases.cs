namespace WeQuick.Gateway;

/// <summary>
/// Work only one process may do at a time: the presence and command sweeps, each webhook's delivery loop. A worker
/// holds the lease of its work while it runs it and gives it up when done; a worker that cannot get the lease waits
/// for it. The in-process implementation grants each lease to one holder at a time within this process (a single
/// node owns all its work); one for several nodes grants it across them (a row with an expiry in the shared store,
/// renewed while held).
/// </summary>
internal interface IWorkLeases
{
    /// <summary>Waits until the lease of <paramref name="work"/> is free, then holds it until the returned lease is disposed.</summary>
    Task<IAsyncDisposable> AcquireAsync(string work, CancellationToken cancellationToken);
}

/// <summary>The leases of a single node: one holder per work at a time, within this process.</summary>
internal sealed class InProcessWorkLeases : IWorkLeases
{
    private readonly Dictionary<string, SemaphoreSlim> _held = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IAsyncDisposable> AcquireAsync(string work, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_lock)
        {
            if (!_held.TryGetValue(work, out gate!))
            {
                _held[work] = gate = new SemaphoreSlim(1, 1);
            }
        }

        await gate.WaitAsync(cancellationToken);
        return new Lease(gate);
    }

    private sealed class Lease(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
