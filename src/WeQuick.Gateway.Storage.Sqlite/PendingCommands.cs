using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// The commands that are queued or delivered, each with the moment it is next due, kept in memory by the single write
/// session from every command it writes, so that a report or poll with nothing due for its targets (nearly all of them)
/// is answered without a query. A queued command is due at once; a delivered one that may be handed out again is due
/// once its last delivery is older than the ack timeout; a delivered one that may not is never due (the sweep ends it).
/// Without the second rule an account whose client never acks a query would send every one of its reports through the
/// sorted due query until the sweep ends the query, which halves the receive path's throughput.
/// </summary>
/// <remarks>
/// What readers see for a command is the more due of its committed state and its state in the running transaction:
/// a write that makes a command due is seen at once (a reader may then query for nothing, which is harmless), and one
/// that makes it less due, or ends it, is seen only when its transaction commits. So the index never says "nothing
/// due" while the committed store, or the writer's own transaction, has something due.
/// </remarks>
internal sealed class PendingCommands
{
    /// <summary>A queued command: due now.</summary>
    private const long DueNow = long.MinValue;

    /// <summary>A delivered command that is not handed out again: never due.</summary>
    private const long NeverDue = long.MaxValue;

    private readonly Lock _lock = new();

    // Committed: id → (target, due at in Unix milliseconds). Absent: not pending.
    private readonly Dictionary<long, Entry> _committed = [];

    // The running transaction's latest write of each command it touched (null: no longer pending).
    private readonly Dictionary<long, Entry?> _latest = [];

    // The running item's first write of each command: what _latest held before it (Untouched: the transaction had not written it).
    private readonly Dictionary<long, (bool Untouched, Entry? Before)> _itemStart = [];

    // What readers see: target → id → due at (the more due of committed and latest).
    private readonly Dictionary<string, Dictionary<long, long>> _visible = new(StringComparer.Ordinal);

    // Where each shown command is shown.
    private readonly Dictionary<long, string> _shownTarget = [];

    private readonly record struct Entry(string Target, long DueAt);

    public static PendingCommands Load(SqliteConnection connection)
    {
        var index = new PendingCommands();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id, target, state, redeliverable, last_delivered_at FROM commands WHERE state IN ({(int)CommandState.Queued}, {(int)CommandState.Delivered})";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            var entry = new Entry(
                reader.GetString(1),
                DueAt((CommandState)reader.GetInt32(2), reader.GetInt64(3) != 0, reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            index._committed[id] = entry;
            index.Show(id, entry);
        }

        return index;
    }

    /// <summary>
    /// Whether any of <paramref name="targets"/> may have a command due: queued, or delivered, redeliverable and last
    /// delivered before <paramref name="redeliverBefore"/>. A superset of what the store's due query finds. Safe from
    /// any thread.
    /// </summary>
    public bool AnyDue(IReadOnlyList<string> targets, DateTimeOffset redeliverBefore)
    {
        var before = redeliverBefore.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            foreach (var t in targets)
            {
                if (!_visible.TryGetValue(t, out var commands))
                {
                    continue;
                }

                foreach (var due in commands.Values)
                {
                    if (due < before)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A command was written inside the running transaction.</summary>
    public void Written(long id, StoredCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Entry? entry = command.State switch
        {
            CommandState.Queued or CommandState.Delivered => new Entry(
                command.Target,
                DueAt(command.State, command.Redeliverable, (command.LastDeliveredAt ?? command.DeliveredAt)?.ToUnixTimeMilliseconds())),
            _ => null,
        };
        lock (_lock)
        {
            var touched = _latest.TryGetValue(id, out var before);
            _itemStart.TryAdd(id, (!touched, before));
            _latest[id] = entry;
            Refresh(id);
        }
    }

    /// <summary>The item's writes are kept: they now stand or fall with the transaction.</summary>
    public void ItemCompleted()
    {
        lock (_lock)
        {
            _itemStart.Clear();
        }
    }

    /// <summary>The item was undone: its writes are forgotten, and what the transaction wrote before it stands.</summary>
    public void ItemAbandoned()
    {
        lock (_lock)
        {
            foreach (var (id, (untouched, before)) in _itemStart)
            {
                if (untouched)
                {
                    _latest.Remove(id);
                }
                else
                {
                    _latest[id] = before;
                }

                Refresh(id);
            }

            _itemStart.Clear();
        }
    }

    /// <summary>The transaction was undone.</summary>
    public void RolledBack()
    {
        lock (_lock)
        {
            _itemStart.Clear();
            var ids = _latest.Keys.ToList();
            _latest.Clear();
            foreach (var id in ids)
            {
                Refresh(id);
            }
        }
    }

    /// <summary>The transaction committed: what it wrote is now what the store holds.</summary>
    public void Committed()
    {
        lock (_lock)
        {
            foreach (var (id, entry) in _latest)
            {
                if (entry is { } e)
                {
                    _committed[id] = e;
                }
                else
                {
                    _committed.Remove(id);
                }
            }

            var ids = _latest.Keys.ToList();
            _latest.Clear();
            _itemStart.Clear();
            foreach (var id in ids)
            {
                Refresh(id);
            }
        }
    }

    private static long DueAt(CommandState state, bool redeliverable, long? lastDeliveredAt) => state switch
    {
        CommandState.Queued => DueNow,
        _ when !redeliverable => NeverDue,

        // The due query compares last_delivered_at; a delivered command without one is taken as due, to be safe.
        _ => lastDeliveredAt ?? DueNow,
    };

    /// <summary>Sets what readers see of command <paramref name="id"/>: the more due of its committed and latest states. Under the lock.</summary>
    private void Refresh(long id)
    {
        var committed = _committed.TryGetValue(id, out var c) ? c : (Entry?)null;
        var latest = _latest.TryGetValue(id, out var l) ? l : committed;
        Entry? shown = (committed, latest) switch
        {
            ({ } a, { } b) => a.DueAt <= b.DueAt ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };

        if (_shownTarget.Remove(id, out var target) && _visible.TryGetValue(target, out var commands))
        {
            commands.Remove(id);
            if (commands.Count == 0)
            {
                _visible.Remove(target);
            }
        }

        if (shown is { } s)
        {
            Show(id, s);
        }
    }

    private void Show(long id, Entry entry)
    {
        if (!_visible.TryGetValue(entry.Target, out var commands))
        {
            commands = [];
            _visible[entry.Target] = commands;
        }

        commands[id] = entry.DueAt;
        _shownTarget[id] = entry.Target;
    }
}
