using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// Which targets have a command that is queued or delivered (a superset of the due ones), kept in memory by the
/// single write session from every command it writes, so that a poll with nothing pending (nearly all of them)
/// is answered without a query. A target is added as soon as a write makes a command pending (a reader may then
/// query for nothing, which is harmless) and removed only when the transaction that ended its last pending
/// command commits, so the index never says "nothing" while the committed store has something pending.
/// </summary>
internal sealed class PendingCommands
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, string> _targetById = [];
    private readonly Dictionary<string, int> _countByTarget = new(StringComparer.Ordinal);

    // Changes of the running transaction: pending ones added (undone on rollback), ended ones (applied at commit).
    private readonly List<(long Id, string Target, bool Item)> _added = [];
    private readonly List<(long Id, bool Item)> _ended = [];

    public static PendingCommands Load(SqliteConnection connection)
    {
        var index = new PendingCommands();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id, target FROM commands WHERE state IN ({(int)CommandState.Queued}, {(int)CommandState.Delivered})";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            index.Add(reader.GetInt64(0), reader.GetString(1));
        }

        return index;
    }

    /// <summary>Whether any of <paramref name="targets"/> may have a pending command. Safe from any thread.</summary>
    public bool AnyPending(IReadOnlyList<string> targets)
    {
        lock (_lock)
        {
            foreach (var t in targets)
            {
                if (_countByTarget.ContainsKey(t))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A command was written in <paramref name="state"/> inside the running transaction.</summary>
    public void Written(long id, string target, CommandState state)
    {
        var pending = state is CommandState.Queued or CommandState.Delivered;
        lock (_lock)
        {
            var known = _targetById.ContainsKey(id);
            if (pending && !known)
            {
                Add(id, target);
                _added.Add((id, target, true));
            }
            else if (!pending && known)
            {
                _ended.Add((id, true));
            }
        }
    }

    /// <summary>The item's changes are kept: they now stand or fall with the transaction.</summary>
    public void ItemCompleted()
    {
        lock (_lock)
        {
            for (var i = 0; i < _added.Count; i++)
            {
                _added[i] = _added[i] with { Item = false };
            }

            for (var i = 0; i < _ended.Count; i++)
            {
                _ended[i] = _ended[i] with { Item = false };
            }
        }
    }

    /// <summary>The item was undone.</summary>
    public void ItemAbandoned() => Undo(itemOnly: true);

    /// <summary>The transaction was undone.</summary>
    public void RolledBack() => Undo(itemOnly: false);

    /// <summary>The transaction committed: commands it ended are no longer pending.</summary>
    public void Committed()
    {
        lock (_lock)
        {
            foreach (var (id, _) in _ended)
            {
                Remove(id);
            }

            _ended.Clear();
            _added.Clear();
        }
    }

    private void Undo(bool itemOnly)
    {
        lock (_lock)
        {
            for (var i = _added.Count - 1; i >= 0; i--)
            {
                if (!itemOnly || _added[i].Item)
                {
                    Remove(_added[i].Id);
                    _added.RemoveAt(i);
                }
            }

            _ended.RemoveAll(e => !itemOnly || e.Item);
        }
    }

    private void Add(long id, string target)
    {
        _targetById[id] = target;
        _countByTarget[target] = _countByTarget.GetValueOrDefault(target) + 1;
    }

    private void Remove(long id)
    {
        if (_targetById.Remove(id, out var target))
        {
            var left = _countByTarget[target] - 1;
            if (left == 0)
            {
                _countByTarget.Remove(target);
            }
            else
            {
                _countByTarget[target] = left;
            }
        }
    }
}
