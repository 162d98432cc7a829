using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway.Storage;

/// <summary>
/// Group commit: every write of the gateway is an item queued here; one loop drains whatever is pending
/// into one transaction, commits it, and only then completes the items' tasks. Each item runs inside a
/// savepoint, so a failing item is undone alone.
/// </summary>
internal sealed partial class StoreWriter(IGatewayStore store, IGatewayBus bus, IOptions<GatewayOptions> options, ILogger<StoreWriter> logger, StoreHealth? health = null)
{
    private readonly StoreHealth _health = health ?? new StoreHealth(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<StoreHealth>.Instance);
    private readonly Channel<WriteItem> _channel = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly int _maxBatch = options.Value.MaxBatch;
    private IGatewayWriteSession? _session;
    private Task? _loop;

    /// <summary>How many transactions were committed (for the benchmark and tests).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    public void Start()
    {
        _session = store.OpenWriteSession();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = done.Task;
        // A thread of its own: it spends its time in SQLite and in the disk's flush, and on a thread-pool
        // thread that time would be taken from the requests (on 2 cores the pool starts with 2 workers).
        var thread = new Thread(() =>
        {
            try
            {
                Loop();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "wequick-writer",
        };
        thread.Start();
    }

    /// <summary>Stops taking new items, commits everything already queued, and closes the session.</summary>
    public async Task StopAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        _session?.Dispose();
        _session = null;
    }

    /// <summary>Runs <paramref name="work"/> inside the next group-commit transaction; completes after the commit.</summary>
    public Task<T> RunAsync<T>(Func<IGatewayWriteSession, T> work) => RunAsync<T>((s, _) => work(s));

    /// <summary>
    /// Runs <paramref name="work"/> inside the next group-commit transaction; completes after the commit. What the
    /// work notes in its <see cref="AfterCommit"/> is announced on the bus once the transaction commits, never
    /// when the item or the transaction is undone.
    /// </summary>
    public Task<T> RunAsync<T>(Func<IGatewayWriteSession, AfterCommit, T> work)
    {
        var item = new WriteItem<T>(work);
        if (!_channel.Writer.TryWrite(item))
        {
            throw new GatewayUnavailableException("the gateway is shutting down");
        }

        return item.Task;
    }

    private void Loop()
    {
        var batch = new List<WriteItem>(_maxBatch);
        var reader = _channel.Reader;
        // Blocking is right here: this is the writer's own thread, not the pool's.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            RunBatch(batch);
        }
    }

    private void RunBatch(List<WriteItem> batch)
    {
        var session = _session!;
        try
        {
            session.Begin();
        }
        catch (Exception ex)
        {
            var failure = Classify(ex, batch.Count);
            foreach (var item in batch)
            {
                item.Fail(failure);
            }

            return;
        }

        var done = new List<WriteItem>(batch.Count);
        var faulted = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            try
            {
                session.BeginItem();
            }
            catch (Exception ex)
            {
                FailAll(session, ex, done, batch, i);
                return;
            }

            try
            {
                item.Execute(session);
                session.CompleteItem();
                done.Add(item);
            }
            catch (Exception ex)
            {
                item.Notes.Clear();
                var fault = store.DescribeFault(ex) is { } description ? new StoreFaultException(_health.Failed(description, ex), ex) : null;
                faulted |= fault is not null;
                item.Fail(fault ?? ex);
                try
                {
                    session.AbandonItem();
                }
                catch (Exception undo)
                {
                    // After a full disk SQLite may have undone the whole transaction itself: the item's savepoint is
                    // gone with it, and the fault, not the missing savepoint, is what the other items failed of.
                    FailAll(session, fault ?? undo, done, batch, i + 1);
                    return;
                }
            }
        }

        try
        {
            session.Commit();
            Interlocked.Increment(ref _commits);
            if (!faulted)
            {
                _health.Committed();
            }
        }
        catch (Exception ex)
        {
            FailAll(session, ex, done, batch, batch.Count);
            return;
        }

        if (session.LastAppendedSeq is { } head)
        {
            // Only a signal: listeners read the committed events from the store themselves.
            bus.AnnounceEventsAppended(head);
        }

        List<long>? finished = null;
        foreach (var item in done)
        {
            if (item.Notes.FinishedCommands.Count > 0)
            {
                (finished ??= []).AddRange(item.Notes.FinishedCommands);
            }

            item.Succeed();
        }

        if (finished is not null)
        {
            AnnounceFinished(finished);
        }
    }

    private void AnnounceFinished(List<long> finished)
    {
        try
        {
            bus.AnnounceCommandsFinished(finished);
        }
        catch (Exception ex)
        {
            LogAnnounceFailed(logger, ex, finished.Count);
        }
    }

    private void FailAll(IGatewayWriteSession session, Exception ex, List<WriteItem> done, List<WriteItem> batch, int next)
    {
        var failure = Classify(ex, batch.Count);
        try
        {
            session.Rollback();
        }
        catch (Exception rollback) when (failure is not StoreFaultException)
        {
            LogBatchFailed(logger, rollback, batch.Count);
        }
        catch (Exception)
        {
            // The fault is logged once, when it starts; a rollback the store could not do either adds nothing.
        }

        foreach (var item in done)
        {
            item.Fail(failure);
        }

        for (var i = next; i < batch.Count; i++)
        {
            batch[i].Fail(failure);
        }
    }

    /// <summary>
    /// What the items of a failed batch fail with: a fault of the store (a full disk, an I/O error) becomes a
    /// <see cref="StoreFaultException"/> and is logged once per fault; anything else is logged as it comes.
    /// </summary>
    private Exception Classify(Exception ex, int count)
    {
        if (ex is StoreFaultException)
        {
            return ex;
        }

        if (store.DescribeFault(ex) is { } description)
        {
            return new StoreFaultException(_health.Failed(description, ex), ex);
        }

        LogBatchFailed(logger, ex, count);
        return ex;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "A group commit of {Count} writes failed; none of them were kept")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Announcing {Count} finished commands failed; requests waiting on them time out instead")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, int count);

    private abstract class WriteItem
    {
        public AfterCommit Notes { get; } = new();

        public abstract void Execute(IGatewayWriteSession session);

        public abstract void Succeed();

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<IGatewayWriteSession, AfterCommit, T> work) : WriteItem
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _tcs.Task;

        public override void Execute(IGatewayWriteSession session) => _result = work(session, Notes);

        public override void Succeed() => _tcs.TrySetResult(_result!);

        public override void Fail(Exception exception) => _tcs.TrySetException(exception);
    }
}

/// <summary>What one write item asks to have announced on the bus once its transaction commits.</summary>
internal sealed class AfterCommit
{
    /// <summary>The commands the item wrote in a terminal state.</summary>
    public List<long> FinishedCommands { get; } = [];

    /// <summary>Notes that <paramref name="command"/>, just written, is in a terminal state: requests waiting on it are woken after the commit.</summary>
    public void Finished(StoredCommand command) => FinishedCommands.Add(command.Id);

    public void Clear() => FinishedCommands.Clear();
}

/// <summary>The gateway cannot take the request now (it is stopping, or its store cannot write); the client should retry.</summary>
internal class GatewayUnavailableException : Exception
{
    public GatewayUnavailableException(string message)
        : base(message)
    {
    }

    public GatewayUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
