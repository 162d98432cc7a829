using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WeQuick.Gateway.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection of its own, so that no commit
/// of the writer ever waits for a checkpoint. SQLite's automatic checkpoint runs inside the commit that
/// crosses its threshold, and under load that commit took 15–25 ms about twice a second, with every write
/// queued behind it. The writer turns it off and calls <see cref="Committed"/> after each commit; this loop
/// then runs a passive checkpoint (one that never waits for readers or for the writer) at most once per
/// interval while commits keep coming.
/// </summary>
internal sealed partial class SqliteCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _loop;
    private int _dirty;
    private long _checkpoints;
    private int _failuresInARow;

    public SqliteCheckpointer(SqliteConnection connection, TimeSpan interval, TimeProvider time, ILogger? log = null)
    {
        _connection = connection;
        _interval = interval;
        _time = time;
        _log = log ?? NullLogger.Instance;
        // A thread of its own, like the writer's: a checkpoint blocks for milliseconds in SQLite and the disk.
        _loop = new Thread(Loop) { IsBackground = true, Name = "wequick-checkpoint" };
        _loop.Start();
    }

    /// <summary>How many checkpoints have run (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Frames in the log and frames copied, as the last checkpoint reported them.</summary>
    public (long Log, long Copied) Last { get; private set; }

    /// <summary>Called by the writer after a commit: there is log to copy.</summary>
    public void Committed()
    {
        // Released once per clean-to-dirty change, and the loop takes it before it cleans: the count stays 0 or 1.
        if (Interlocked.Exchange(ref _dirty, 1) == 0)
        {
            _wake.Release();
        }
    }

    private void Loop()
    {
        var stop = _stop.Token;
        try
        {
            while (true)
            {
                _wake.Wait(stop);
                // Gather the commits of one interval into one checkpoint.
                Task.Delay(_interval, _time, stop).GetAwaiter().GetResult();
                Volatile.Write(ref _dirty, 0);
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                Last = (reader.GetInt64(1), reader.GetInt64(2));
            }

            Interlocked.Increment(ref _checkpoints);
            _failuresInARow = 0;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // Not let through: on this thread of its own an exception would end the process. Tried again one
            // interval later; said once per run of failures, not once per interval.
            if (_failuresInARow++ == 0)
            {
                LogCheckpointFailed(_log, ex);
            }

            Committed();
        }
    }

    /// <summary>Stops the loop, copies what is left, and closes the connection.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _loop.Join();
        Checkpoint();
        _connection.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Copying the write-ahead log into the database file failed; it is tried again each interval, and the log grows until it succeeds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
