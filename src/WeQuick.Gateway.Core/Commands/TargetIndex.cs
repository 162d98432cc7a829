namespace WeQuick.Gateway.Commands;

/// <summary>
/// Waiters registered under the command targets they wait for (a wxid, <c>pid:N</c>), in registration order
/// per target; a target is dropped with its last waiter. Not thread-safe: its owner holds a lock around it.
/// </summary>
internal sealed class TargetIndex<T>
    where T : class
{
    private readonly Dictionary<string, List<T>> _byTarget = new(StringComparer.Ordinal);

    public void Add(IReadOnlyList<string> targets, T waiter)
    {
        foreach (var t in targets)
        {
            if (!_byTarget.TryGetValue(t, out var list))
            {
                _byTarget[t] = list = [];
            }

            list.Add(waiter);
        }
    }

    public void Remove(IReadOnlyList<string> targets, T waiter)
    {
        foreach (var t in targets)
        {
            if (_byTarget.TryGetValue(t, out var list) && list.Remove(waiter) && list.Count == 0)
            {
                _byTarget.Remove(t);
            }
        }
    }

    /// <summary>The waiters of <paramref name="target"/>, longest-registered first (the live list: read it under the owner's lock).</summary>
    public IReadOnlyList<T> Of(string target) => _byTarget.TryGetValue(target, out var list) ? list : [];
}
