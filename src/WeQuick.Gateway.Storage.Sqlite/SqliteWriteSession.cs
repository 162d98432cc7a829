using System.Globalization;
using Microsoft.Data.Sqlite;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>The single writer connection. Prepared statements are kept for the hot paths.</summary>
internal sealed partial class SqliteWriteSession : IGatewayWriteSession
{
    private readonly SqliteConnection _connection;
    private readonly RawStatement _appendEvent;
    private readonly SqliteCommand _getDocument;
    private readonly RawStatement _hasDocument;
    private readonly RawStatement _putDocument;
    private readonly SqliteCommand _getCommand;
    private readonly SqliteCommand _insertCommand;
    private readonly SqliteCommand _updateCommand;
    private readonly Dictionary<string, RawStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SqliteCommand> _findDue = [];
    private readonly PendingCommands _pending;
    private readonly SqliteCheckpointer? _checkpointer;
    private readonly Action? _closed;
    // Raw documents put in this transaction and not yet written: the latest of each key, written once at the
    // commit. The item undo list restores what an abandoned item replaced.
    private readonly Dictionary<(string Collection, string Account, string Key), (long Seq, byte[] Json)> _unwritten = [];
    private readonly List<((string, string, string) Key, (long Seq, byte[] Json)? Before)> _itemUnwritten = [];
    private bool _inTransaction;
    private bool _inItem;

    public long? LastAppendedSeq { get; private set; }

    /// <summary>The connection, for the other stores of this database writing inside the same transaction.</summary>
    internal SqliteConnection Connection => _connection;

    public SqliteWriteSession(SqliteConnection connection, PendingCommands? pending = null, SqliteCheckpointer? checkpointer = null, Action? closed = null)
    {
        _connection = connection;
        _checkpointer = checkpointer;
        _pending = pending ?? PendingCommands.Load(connection);
        _closed = closed;
        _appendEvent = new RawStatement(
            connection,
            "INSERT INTO events (kind, account, instance, received_at, source, content_type, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _getDocument = Prepare($"SELECT {SqliteRows.DocumentColumns} FROM projections WHERE collection = $c AND account = $a AND key = $k", "$c", "$a", "$k");
        _hasDocument = new RawStatement(connection, "SELECT 1 FROM projections WHERE collection = ?1 AND account = ?2 AND key = ?3");
        _putDocument = new RawStatement(connection, "INSERT OR REPLACE INTO projections (collection, account, key, seq, json) VALUES (?1, ?2, ?3, ?4, ?5)");
        _getCommand = Prepare($"SELECT {SqliteRows.CommandColumns} FROM commands WHERE id = $id", "$id");
        _insertCommand = Prepare(
            "INSERT INTO commands (target, api, wire, state, answer_kind, redeliverable, deliveries, delivered_to, created_at, delivered_at, last_delivered_at, "
            + "acknowledged_at, completed_at, failed_at, expired_at, send_result, error_reason, ack_seq, answer_seq, not_before) VALUES "
            + "($target, $api, $wire, $state, $answer_kind, $redeliverable, $deliveries, $delivered_to, $created_at, $delivered_at, $last_delivered_at, "
            + "$acknowledged_at, $completed_at, $failed_at, $expired_at, $send_result, $error_reason, $ack_seq, $answer_seq, $not_before) RETURNING id",
            CommandParameters);
        _updateCommand = Prepare(
            "UPDATE commands SET target = $target, api = $api, wire = $wire, state = $state, answer_kind = $answer_kind, redeliverable = $redeliverable, "
            + "deliveries = $deliveries, delivered_to = $delivered_to, created_at = $created_at, delivered_at = $delivered_at, last_delivered_at = $last_delivered_at, "
            + "acknowledged_at = $acknowledged_at, completed_at = $completed_at, failed_at = $failed_at, expired_at = $expired_at, send_result = $send_result, "
            + "error_reason = $error_reason, ack_seq = $ack_seq, answer_seq = $answer_seq, not_before = $not_before WHERE id = $id",
            [.. CommandParameters, "$id"]);
    }

    private static readonly string[] CommandParameters =
    [
        "$target", "$api", "$wire", "$state", "$answer_kind", "$redeliverable", "$deliveries", "$delivered_to", "$created_at", "$delivered_at",
        "$last_delivered_at", "$acknowledged_at", "$completed_at", "$failed_at", "$expired_at", "$send_result", "$error_reason", "$ack_seq", "$answer_seq",
        "$not_before",
    ];

    public void Begin()
    {
        // Between transactions: the only moment a checkpoint on this connection can copy the whole log.
        _checkpointer?.TopUp(_connection);
        // IMMEDIATE takes the write lock now, so a busy database is waited for here and not mid-batch.
        Execute("BEGIN IMMEDIATE");
        _inTransaction = true;
        LastAppendedSeq = null;
    }

    public void Commit()
    {
        WriteUnwritten();
        Execute("COMMIT");
        _inTransaction = false;
        _pending.Committed();
        _checkpointer?.Committed();
    }

    public void Rollback()
    {
        _unwritten.Clear();
        _itemUnwritten.Clear();
        _inItem = false;
        if (_inTransaction)
        {
            _inTransaction = false;
            _pending.RolledBack();
            // After some errors (a full disk among them) SQLite has already undone the whole transaction itself.
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                Execute("ROLLBACK");
            }
        }
    }

    public void BeginItem()
    {
        _itemUnwritten.Clear();
        Execute("SAVEPOINT item");
        _inItem = true;
    }

    public void CompleteItem()
    {
        Execute("RELEASE item");
        _inItem = false;
        _itemUnwritten.Clear();
        _pending.ItemCompleted();
    }

    public void AbandonItem()
    {
        for (var i = _itemUnwritten.Count - 1; i >= 0; i--)
        {
            var (key, before) = _itemUnwritten[i];
            if (before is { } kept)
            {
                _unwritten[key] = kept;
            }
            else
            {
                _unwritten.Remove(key);
            }
        }

        _itemUnwritten.Clear();
        _inItem = false;
        _pending.ItemAbandoned();
        Execute("ROLLBACK TO item");
        Execute("RELEASE item");
    }

    public long AppendEvent(NewEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var seq = _appendEvent
            .Bind(1, item.Kind)
            .Bind(2, item.Account)
            .Bind(3, item.Instance)
            .Bind(4, item.ReceivedAt.ToUnixTimeMilliseconds())
            .Bind(5, (long)item.Source)
            .Bind(6, item.ContentType)
            .Bind(7, item.Body.Span)
            .Insert();
        LastAppendedSeq = seq;
        return seq;
    }

    public long Quarantine(NewQuarantinedBody item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO quarantine (received_at, remote, content_type, body, error, byte_position) VALUES ($at, $remote, $ct, $body, $error, $pos) RETURNING id";
        cmd.Parameters.AddWithValue("$at", item.ReceivedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$remote", SqliteRows.Db(item.Remote));
        cmd.Parameters.AddWithValue("$ct", SqliteRows.Db(item.ContentType));
        cmd.Parameters.AddWithValue("$body", item.Body.ToArray());
        cmd.Parameters.AddWithValue("$error", item.Error);
        cmd.Parameters.AddWithValue("$pos", SqliteRows.Db(item.BytePosition));
        return (long)cmd.ExecuteScalar()!;
    }

    public IReadOnlyList<StoredEvent> ReadEvents(long after, int limit)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.EventColumns} FROM events WHERE seq > $after ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$limit", limit);
        return ReadAll(cmd, SqliteRows.ReadEvent);
    }

    public long InsertCommand(StoredCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Bind(_insertCommand, command);
        var id = (long)_insertCommand.ExecuteScalar()!;
        _pending.Written(id, command);
        return id;
    }

    public void UpdateCommand(StoredCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Bind(_updateCommand, command);
        _updateCommand.Parameters[20].Value = command.Id;
        if (_updateCommand.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"command {command.Id} does not exist");
        }

        _pending.Written(command.Id, command);
    }

    public StoredCommand? GetCommand(long id)
    {
        _getCommand.Parameters[0].Value = id;
        var rows = ReadAll(_getCommand, SqliteRows.ReadCommand);
        return rows.Count == 0 ? null : rows[0];
    }

    public IReadOnlyList<StoredCommand> FindDueCommands(IReadOnlyList<string> targets, DateTimeOffset redeliverBefore, int limit)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            return [];
        }

        if (!_pending.AnyDue(targets, redeliverBefore))
        {
            // Nearly every report and poll finds nothing: the in-memory index answers that without the sorted query.
            return [];
        }

        if (!_findDue.TryGetValue(targets.Count, out var cmd))
        {
            cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {SqliteRows.CommandColumns} FROM commands WHERE {SqliteRows.DueCondition(cmd, targets, redeliverBefore)} ORDER BY id LIMIT $limit";
            cmd.Parameters.AddWithValue("$limit", limit);
            _findDue[targets.Count] = cmd;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            cmd.Parameters[i].Value = targets[i];
        }

        cmd.Parameters[targets.Count].Value = redeliverBefore.ToUnixTimeMilliseconds();
        cmd.Parameters[targets.Count + 1].Value = limit;
        return ReadAll(cmd, SqliteRows.ReadCommand);
    }

    public StoredCommand? FindAwaitingAnswer(IReadOnlyList<string> apis, string? target)
    {
        ArgumentNullException.ThrowIfNull(apis);
        if (apis.Count == 0)
        {
            return null;
        }

        using var cmd = _connection.CreateCommand();
        var names = new string[apis.Count];
        for (var i = 0; i < apis.Count; i++)
        {
            names[i] = "$api" + i;
            cmd.Parameters.AddWithValue(names[i], apis[i]);
        }

        var targetCondition = target is null ? $"target LIKE '{Commands.CommandTarget.InstancePrefix}%'" : "target = $target";
        if (target is not null)
        {
            cmd.Parameters.AddWithValue("$target", target);
        }

        cmd.CommandText =
            $"SELECT {SqliteRows.CommandColumns} FROM commands WHERE api IN ({string.Join(", ", names)}) AND {targetCondition} "
            + $"AND state IN ({(int)CommandState.Delivered}, {(int)CommandState.Acknowledged}) AND answer_seq IS NULL ORDER BY id LIMIT 1";
        var rows = ReadAll(cmd, SqliteRows.ReadCommand);
        return rows.Count == 0 ? null : rows[0];
    }

    public IReadOnlyList<StoredCommand> FindCommands(CommandState state, DateTimeOffset before, long afterId, int limit)
    {
        var column = state switch
        {
            CommandState.Queued => "created_at",
            CommandState.Delivered => "last_delivered_at",
            CommandState.Acknowledged => "acknowledged_at",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "only queued, delivered and acknowledged commands are searched by age"),
        };
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.CommandColumns} FROM commands WHERE state = $state AND {column} < $before AND id > $after ORDER BY id LIMIT $limit";
        cmd.Parameters.AddWithValue("$state", (int)state);
        cmd.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$limit", limit);
        return ReadAll(cmd, SqliteRows.ReadCommand);
    }

    public ProjectionDocument? GetDocument(string collection, string account, string key)
    {
        if (_unwritten.Count > 0 && _unwritten.TryGetValue((collection, account, key), out var unwritten))
        {
            return new ProjectionDocument(collection, account, key, unwritten.Seq, System.Text.Encoding.UTF8.GetString(unwritten.Json));
        }

        var p = _getDocument.Parameters;
        p[0].Value = collection;
        p[1].Value = account;
        p[2].Value = key;
        var rows = ReadAll(_getDocument, SqliteRows.ReadDocument);
        return rows.Count == 0 ? null : rows[0];
    }

    public bool HasDocument(string collection, string account, string key)
    {
        return (_unwritten.Count > 0 && _unwritten.ContainsKey((collection, account, key))) || _hasDocument.Bind(1, collection).Bind(2, account).Bind(3, key).ScalarInt64() is not null;
    }

    public void PutDocument(ProjectionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Written now, so an unwritten earlier version of the same document must not overwrite it at the commit.
        Forget((document.Collection, document.Account, document.Key));
        _putDocument
            .Bind(1, document.Collection)
            .Bind(2, document.Account)
            .Bind(3, document.Key)
            .Bind(4, document.Seq)
            .Bind(5, document.Json)
            .Execute();
    }

    /// <summary>
    /// Kept until the commit, which writes only the latest version of each document: a batch of messages to one
    /// conversation moves its pointer once instead of once per message.
    /// </summary>
    public void PutDocument(string collection, string account, string key, long seq, ReadOnlySpan<byte> utf8Json)
    {
        var id = (collection, account, key);
        if (_inItem)
        {
            // Only an item can be undone alone. Outside one (a rebuild puts a whole log in one transaction)
            // there is nothing to remember, and remembering would keep every superseded version alive.
            _itemUnwritten.Add((id, _unwritten.TryGetValue(id, out var before) ? before : null));
        }

        _unwritten[id] = (seq, utf8Json.ToArray());
    }

    public void ClearProjections()
    {
        _unwritten.Clear();
        _itemUnwritten.Clear();
        Execute("DELETE FROM projections");
    }

    private void Forget((string, string, string) id)
    {
        if (_unwritten.Count > 0 && _unwritten.Remove(id, out var before) && _inItem)
        {
            _itemUnwritten.Add((id, before));
        }
    }

    private void WriteUnwritten()
    {
        foreach (var ((collection, account, key), (seq, json)) in _unwritten)
        {
            _putDocument
                .Bind(1, collection)
                .Bind(2, account)
                .Bind(3, key)
                .Bind(4, seq)
                .BindUtf8Text(5, json)
                .Execute();
        }

        _unwritten.Clear();
        _itemUnwritten.Clear();
    }

    public void Dispose()
    {
        _closed?.Invoke();
        Rollback();
        _appendEvent.Dispose();
        _getDocument.Dispose();
        _hasDocument.Dispose();
        _putDocument.Dispose();
        _getCommand.Dispose();
        _insertCommand.Dispose();
        _updateCommand.Dispose();
        foreach (var cmd in _findDue.Values)
        {
            cmd.Dispose();
        }

        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _connection.Dispose();
        _checkpointer?.Dispose();
    }

    private static void Bind(SqliteCommand cmd, StoredCommand c)
    {
        var p = cmd.Parameters;
        p[0].Value = c.Target;
        p[1].Value = c.Api;
        p[2].Value = c.Wire;
        p[3].Value = (int)c.State;
        p[4].Value = SqliteRows.Db(c.AnswerKind);
        p[5].Value = c.Redeliverable ? 1 : 0;
        p[6].Value = c.Deliveries;
        p[7].Value = SqliteRows.Db(c.DeliveredTo);
        p[8].Value = c.CreatedAt.ToUnixTimeMilliseconds();
        p[9].Value = SqliteRows.Db(c.DeliveredAt);
        p[10].Value = SqliteRows.Db(c.LastDeliveredAt);
        p[11].Value = SqliteRows.Db(c.AcknowledgedAt);
        p[12].Value = SqliteRows.Db(c.CompletedAt);
        p[13].Value = SqliteRows.Db(c.FailedAt);
        p[14].Value = SqliteRows.Db(c.ExpiredAt);
        p[15].Value = SqliteRows.Db(c.SendResult);
        p[16].Value = SqliteRows.Db(c.ErrorReason);
        p[17].Value = SqliteRows.Db(c.AckSeq);
        p[18].Value = SqliteRows.Db(c.AnswerSeq);
        p[19].Value = SqliteRows.Db(c.NotBefore);
    }

    private static List<T> ReadAll<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter(name, null));
        }

        return cmd;
    }

    private void Execute(string sql)
    {
        // The transaction and savepoint statements run several times per batch: keep them prepared.
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new RawStatement(_connection, sql);
            _statements[sql] = statement;
        }

        statement.Execute();
    }
}
