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
/// <para>
/// SQLite starts the log over only once a checkpoint has copied all of it, and a passive checkpoint copies
/// the frames that were there when it began: under continuous load the writer has appended more by the time
/// it ends, so the log would grow for as long as the load lasts. When a pass finds a long log, it asks the
/// writer for a top-up (<see cref="TopUp"/>): between two transactions, on the writer's own connection, a
/// second passive checkpoint copies what the pass could not reach, and the writer's next commit starts the
/// log over. The top-up copies about one pass's worth of commits, which keeps it short.
/// </para>
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
    private readonly long _topUpFrames;
    private int _dirty;
    private int _topUpWanted;
    private long _topUps;
    private long _checkpoints;
    private int _failuresInARow;

    /// <summary>A pass that finds at least this many frames in the log asks for a top-up (4 MiB of 4 KiB pages).</summary>
    public const long DefaultTopUpFrames = 1024;

    public SqliteCheckpointer(SqliteConnection connection, TimeSpan interval, TimeProvider time, ILogger? log = null, long topUpFrames = DefaultTopUpFrames)
    {
        _connection = connection;
        _topUpFrames = topUpFrames;
        _interval = interval;
        _time = time;
        _log = log ?? NullLogger.Instance;
        // A thread of its own, like the writer's: a checkpoint blocks for milliseconds in SQLite and the disk.
        _loop = new Thread(Loop) { IsBackground = true, Name = "wequick-checkpoint" };
        _loop.Start();
    }

    /// <summary>How many checkpoints have run (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>How many top-ups the writer has run (for tests and diagnostics).</summary>
    public long TopUps => Interlocked.Read(ref _topUps);

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
                if (Last.Log >= _topUpFrames)
                {
                    Volatile.Write(ref _topUpWanted, 1);
                }
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

    /// <summary>
    /// Called by the writer before each transaction, on its own connection: runs the top-up a pass asked for,
    /// if any. A failure is logged and not let through; the next pass asks again.
    /// </summary>
    public void TopUp(SqliteConnection writer)
    {
        if (Volatile.Read(ref _topUpWanted) == 0 || Interlocked.Exchange(ref _topUpWanted, 0) == 0)
        {
            return;
        }

        try
        {
            using var cmd = writer.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            cmd.ExecuteNonQuery();
            Interlocked.Increment(ref _topUps);
        }
        catch (SqliteException ex)
        {
            LogTopUpFailed(_log, ex);
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

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Copying the write-ahead log into the database file failed; it is tried again each interval, and the log grows until it succeeds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The writer's top-up checkpoint failed; the write-ahead log keeps growing until one succeeds")]
    private static partial void LogTopUpFailed(ILogger logger, Exception exception);
}
