using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Reads use pooled connections; the one write session
/// holds its own connection and takes the write lock for each group-commit transaction, and a
/// <see cref="SqliteCheckpointer"/> beside it copies the log into the file so its commits never do.
/// </summary>
internal sealed class SqliteGatewayStore : IGatewayStore
{
    public const string FileName = "wequick.db";

    private readonly string _connectionString;
    private readonly Lock _sessions = new();
    private PendingCommands? _pending;
    private readonly TimeProvider _time;
    private readonly ILogger? _log;
    private int _openSessions;

    public SqliteGatewayStore(SqliteStoreOptions options, TimeProvider? time = null, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _log = log;
        CheckpointInterval = options.CheckpointInterval;
        DatabasePath = Path.GetFullPath(Path.Combine(options.DataDirectory, FileName));
        PrepareFiles(options.DataDirectory, DatabasePath);
        Durable = options.Durable;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Retries SQLITE_BUSY (another process holding the write lock, such as a rebuild) for this long.
            DefaultTimeout = (int)options.BusyTimeout.TotalSeconds,
        }.ToString();
        BusyTimeout = options.BusyTimeout;
        MaxDatabaseBytes = options.MaxDatabaseBytes;
    }

    public string DatabasePath { get; }

    /// <summary>
    /// The data folder and the database files hold webhook secrets and every message: on Unix a new data folder is
    /// created 0700 and a new database file 0600 (SQLite gives its -wal and -shm files the database file's mode). An
    /// existing database file and its -wal/-shm are ours by name and are tightened to 0600 at every start; an existing
    /// folder is left as it is (it may be one the operator shares, such as the current folder).
    /// </summary>
    private static void PrepareFiles(string dataDirectory, string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
            return;
        }

        if (!Directory.Exists(dataDirectory))
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(databasePath))
        {
            // An empty file is an empty database to SQLite; created here, it has the mode SQLite's files then copy.
            try
            {
                using var created = new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            }
            catch (IOException) when (File.Exists(databasePath))
            {
                // Another process created it first.
            }
        }

        foreach (var path in (string[])[databasePath, databasePath + "-wal", databasePath + "-shm"])
        {
            try
            {
                if (File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
                {
                    File.SetUnixFileMode(path, File.GetUnixFileMode(path) & OwnerOnly);
                }
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to change (another user's file we may read); the store still opens it.
            }
        }
    }

    public string Location => DatabasePath;

    internal bool Durable { get; }

    internal TimeSpan BusyTimeout { get; }

    internal TimeSpan CheckpointInterval { get; }

    internal long? MaxDatabaseBytes { get; }

    /// <summary>The open write session's checkpointer, if a session is open (for tests).</summary>
    internal SqliteCheckpointer? Checkpointer { get; private set; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        Configure(connection, writer: true);
        SqliteMigrations.Apply(connection);
    }

    public IGatewayWriteSession OpenWriteSession()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Configure(connection, writer: true);
        Cap(connection);
        var pending = PendingCommands.Load(connection);
        var side = new SqliteConnection(_connectionString);
        side.Open();
        Configure(side, writer: false);
        var checkpointer = new SqliteCheckpointer(side, CheckpointInterval, _time, _log);
        Checkpointer = checkpointer;
        lock (_sessions)
        {
            // Polls trust the index only while it sees every command write: with one session open, this one.
            _openSessions++;
            Volatile.Write(ref _pending, _openSessions == 1 ? pending : null);
        }

        return new SqliteWriteSession(connection, pending, checkpointer, () =>
        {
            lock (_sessions)
            {
                _openSessions--;
                Volatile.Write(ref _pending, null);
            }
        });
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        // Readers need no pragmas: WAL is a property of the file, and busy waits come from DefaultTimeout.
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Holds the writer's database file to <see cref="MaxDatabaseBytes"/>: a write that needs more fails as a full
    /// disk does (SQLITE_FULL), and free pages (deleted rows) are used first.
    /// </summary>
    private void Cap(SqliteConnection connection)
    {
        if (MaxDatabaseBytes is not { } max)
        {
            return;
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA page_size";
        var pageSize = (long)cmd.ExecuteScalar()!;
        cmd.CommandText = $"PRAGMA max_page_count = {Math.Max(1, max / pageSize)}";
        cmd.ExecuteNonQuery();
    }

    public string? DescribeFault(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SqliteException sqlite)
            {
                // The primary result code is the low byte; the extended codes only say more of the same.
                return (sqlite.SqliteErrorCode & 0xFF) switch
                {
                    SQLitePCL.raw.SQLITE_FULL => "the database or disk is full",
                    SQLitePCL.raw.SQLITE_IOERR => "the disk answered an I/O error",
                    SQLitePCL.raw.SQLITE_READONLY => "the database file is read-only",
                    SQLitePCL.raw.SQLITE_CANTOPEN => "the database file cannot be opened",
                    SQLitePCL.raw.SQLITE_BUSY => "the database is locked by another process",
                    _ => null,
                };
            }
        }

        return null;
    }

    private void Configure(SqliteConnection connection, bool writer)
    {
        using var cmd = connection.CreateCommand();
        var sync = Durable ? "FULL" : "NORMAL";
        cmd.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout={(long)BusyTimeout.TotalMilliseconds};"
            // The writer never checkpoints inside a commit (the checkpointer does it beside it); a log that grew
            // while readers held it is cut back to 64 MiB once it is copied.
            + (writer ? " PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;" : string.Empty);
        cmd.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long after, int limit, CancellationToken cancellationToken) =>
        ReadEventsAsync(after, limit, EventReadLimits.None, cancellationToken);

    public async Task<long> LatestSeqAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // The primary key's index: the last row, not a scan.
        cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events";
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<StoredEvent?> ReadEventAsync(long seq, CancellationToken cancellationToken) =>
        ReadEventAsync(seq, EventReadLimits.None, cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long after, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.LimitedEventColumns(cmd, limits)} FROM events WHERE seq > $after ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadBoundedAsync(cmd, limits.PageBytes, cancellationToken);
    }

    public async Task<StoredEvent?> ReadEventAsync(long seq, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.LimitedEventColumns(cmd, limits)} FROM events WHERE seq = $seq";
        cmd.Parameters.AddWithValue("$seq", seq);
        var rows = await ReadAllAsync(cmd, SqliteRows.ReadLimitedEvent, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<EventBody?> OpenEventBodyAsync(long seq, CancellationToken cancellationToken)
    {
        var reading = new BodyReading(await OpenAsync(cancellationToken));
        try
        {
            var cmd = reading.Command;
            // With the rowid among the columns, GetStream reads the blob incrementally instead of copying it whole.
            cmd.CommandText = "SELECT rowid, body, content_type, length(body) FROM events WHERE seq = $seq";
            cmd.Parameters.AddWithValue("$seq", seq);
            var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            reading.Reader = reader;
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reading.DisposeAsync();
                return null;
            }

            var length = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
            var content = reader.IsDBNull(1) ? Stream.Null : reader.GetStream(1);
            return new EventBody(content, length, reader.IsDBNull(2) ? null : reader.GetString(2), reading);
        }
        catch
        {
            await reading.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection, command and reader a body is streamed through, disposed with it.</summary>
    private sealed class BodyReading(SqliteConnection connection) : IAsyncDisposable
    {
        public SqliteCommand Command { get; } = connection.CreateCommand();

        public SqliteDataReader? Reader { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Reader is not null)
            {
                await Reader.DisposeAsync();
            }

            await Command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    public async Task<long> CountEventsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM events";
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<StoredCommand?> ReadCommandAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.CommandColumns} FROM commands WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        var rows = await ReadAllAsync(cmd, SqliteRows.ReadCommand, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> HasDueCommandsAsync(IReadOnlyList<string> targets, DateTimeOffset redeliverBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0 || (Volatile.Read(ref _pending) is { } pending && !pending.AnyDue(targets, redeliverBefore)))
        {
            // The open write session knows every command this store holds as queued or delivered, and when each is due.
            return false;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM commands WHERE {SqliteRows.DueCondition(cmd, targets, redeliverBefore)} LIMIT 1";
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<ProjectionDocument?> ReadDocumentAsync(string collection, string account, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.DocumentColumns} FROM projections WHERE collection = $c AND account = $a AND key = $k";
        cmd.Parameters.AddWithValue("$c", collection);
        cmd.Parameters.AddWithValue("$a", account);
        cmd.Parameters.AddWithValue("$k", key);
        var rows = await ReadAllAsync(cmd, SqliteRows.ReadDocument, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<ProjectionDocument>> ReadDocumentsAsync(string collection, string? account, int limit, bool newestFirst, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        var order = newestFirst ? "DESC" : "ASC";
        var where = account is null ? "collection = $c" : "collection = $c AND account = $a";
        cmd.CommandText = $"SELECT {SqliteRows.DocumentColumns} FROM projections WHERE {where} ORDER BY seq {order}, key {order} LIMIT $limit";
        cmd.Parameters.AddWithValue("$c", collection);
        if (account is not null)
        {
            cmd.Parameters.AddWithValue("$a", account);
        }

        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(cmd, SqliteRows.ReadDocument, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectionDocument>> ReadAllDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.DocumentColumns} FROM projections ORDER BY collection, account, key";
        return await ReadAllAsync(cmd, SqliteRows.ReadDocument, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountDocumentsAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT collection, COUNT(*) FROM projections WHERE account = $a GROUP BY collection";
        cmd.Parameters.AddWithValue("$a", account);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<IReadOnlyList<QuarantinedBody>> ReadQuarantineAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, received_at, remote, content_type, body, error, byte_position FROM quarantine ORDER BY id DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(cmd, SqliteRows.ReadQuarantine, cancellationToken);
    }

    public async Task<ApiKeyRecord> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SqliteApiKeys.CreateAsync(connection, key, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SqliteApiKeys.ListAsync(connection, cancellationToken);
    }

    public async Task<ApiKeyRecord?> RevokeApiKeyAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SqliteApiKeys.RevokeAsync(connection, idOrName, at, cancellationToken);
    }

    public async Task<ApiKeyRecord?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SqliteApiKeys.FindAsync(connection, hash, cancellationToken);
    }

    public async Task<bool> AnyApiKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SqliteApiKeys.AnyAsync(connection, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectionDocument>> ReadDocumentPageAsync(string collection, string account, string? afterKey, bool descending, string? keyPrefix, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        var where = "collection = $c AND account = $a";
        if (afterKey is not null)
        {
            where += descending ? " AND key < $after" : " AND key > $after";
            cmd.Parameters.AddWithValue("$after", afterKey);
        }

        if (!string.IsNullOrEmpty(keyPrefix))
        {
            // A range on the primary key rather than LIKE: keys are compared as binary text.
            where += " AND key >= $prefix AND key < $prefixEnd";
            cmd.Parameters.AddWithValue("$prefix", keyPrefix);
            cmd.Parameters.AddWithValue("$prefixEnd", keyPrefix + "\uffff");
        }

        cmd.CommandText = $"SELECT {SqliteRows.DocumentColumns} FROM projections WHERE {where} ORDER BY key {(descending ? "DESC" : "ASC")} LIMIT $limit";
        cmd.Parameters.AddWithValue("$c", collection);
        cmd.Parameters.AddWithValue("$a", account);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(cmd, SqliteRows.ReadDocument, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadConversationsAsync(string account, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        ReadConversationsAsync(account, beforeSeq, limit, EventReadLimits.None, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadMessageEventsAsync(string account, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        ReadMessageEventsAsync(account, beforeSeq, limit, EventReadLimits.None, cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> ReadConversationsAsync(string account, long? beforeSeq, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // projections_by_seq gives the conversations in the order of their latest message, without a sort; each
        // document's seq is that message, read from the log in the same query.
        cmd.CommandText = $"SELECT {SqliteRows.LimitedEventColumns(cmd, limits)} FROM events WHERE seq IN (SELECT seq FROM projections WHERE collection = $c AND account = $a"
            + BelowSeq(cmd, beforeSeq) + " ORDER BY seq DESC LIMIT $limit) ORDER BY seq DESC";
        cmd.Parameters.AddWithValue("$c", Projections.Collections.Conversation);
        cmd.Parameters.AddWithValue("$a", account);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadBoundedAsync(cmd, limits.PageBytes, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadMessageEventsAsync(string account, long? beforeSeq, int limit, EventReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteRows.LimitedEventColumns(cmd, limits)} FROM events WHERE account = $a AND {SqliteRows.IsMessageReport}"
            + BelowSeq(cmd, beforeSeq) + " ORDER BY seq DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$a", account);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadBoundedAsync(cmd, limits.PageBytes, cancellationToken);
    }

    /// <summary>The condition " AND seq &lt; $before" with its parameter bound, or nothing when there is no bound.</summary>
    private static string BelowSeq(SqliteCommand cmd, long? beforeSeq)
    {
        if (beforeSeq is not { } before)
        {
            return string.Empty;
        }

        cmd.Parameters.AddWithValue("$before", before);
        return " AND seq < $before";
    }

    public async Task<long> CountMessageEventsAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM events WHERE account = $a AND {SqliteRows.IsMessageReport}";
        cmd.Parameters.AddWithValue("$a", account);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<StoredCommand>> ReadCommandsAsync(string? target, CommandState? state, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        var conditions = new List<string>();
        if (target is not null)
        {
            conditions.Add("target = $t");
            cmd.Parameters.AddWithValue("$t", target);
        }

        if (state is not null)
        {
            conditions.Add("state = $s");
            cmd.Parameters.AddWithValue("$s", (int)state.Value);
        }

        if (beforeId is not null)
        {
            conditions.Add("id < $before");
            cmd.Parameters.AddWithValue("$before", beforeId.Value);
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        cmd.CommandText = $"SELECT {SqliteRows.CommandColumns} FROM commands{where} ORDER BY id DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(cmd, SqliteRows.ReadCommand, cancellationToken);
    }

    /// <summary>
    /// Limited events as <paramref name="cmd"/> selects them, up to and including the row that brings the bodies read
    /// to <paramref name="pageBytes"/>; the rows after it are never read.
    /// </summary>
    private static async Task<IReadOnlyList<StoredEvent>> ReadBoundedAsync(SqliteCommand cmd, long pageBytes, CancellationToken cancellationToken)
    {
        var page = new List<StoredEvent>();
        long bytes = 0;
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while ((page.Count == 0 || bytes < pageBytes) && await reader.ReadAsync(cancellationToken))
        {
            var e = SqliteRows.ReadLimitedEvent(reader);
            page.Add(e);
            bytes += e.Body.LongLength;
        }

        return page;
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }
}

/// <summary>Settings of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The data folder; the database file is created inside it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// True (the default): every commit is flushed to disk before the gateway answers (synchronous=FULL).
    /// False trades power-loss durability for speed (synchronous=NORMAL; still safe if the process crashes).
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>How long to wait for a lock another process holds before giving up.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often, while commits come, the write-ahead log is copied into the database file (on a connection
    /// of its own, beside the writer).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The most the database file may grow to, in bytes (rounded down to whole pages); null (the default) is no limit
    /// but the disk's. A write that needs more is refused as a full disk is: answered 503 until space is freed. A
    /// file already larger when the gateway starts is held at its size.
    /// </summary>
    public long? MaxDatabaseBytes { get; set; }
}
