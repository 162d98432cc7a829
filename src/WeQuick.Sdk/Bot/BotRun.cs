using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// One run of a bot: reads the stream, hands each event to its conversation's lane (one at a time per lane,
/// lanes concurrent up to a bound), and moves the cursor only past events whose every predecessor is handled.
/// </summary>
internal sealed partial class BotRun : IDisposable
{
    private readonly WeQuickBot bot;
    private readonly ICursorStore? store;
    private readonly long start;
    private readonly Lock _gate = new();
    private readonly SortedSet<long> _open = [];
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency;
    private readonly SemaphoreSlim _pending;
    private readonly SemaphoreSlim _saveSignal = new(0);
    private long _dispatched;
    private long _committed;
    private long _saved;

    public BotRun(WeQuickBot bot, ICursorStore? store, long start)
    {
        this.bot = bot;
        this.store = store;
        this.start = start;
        _concurrency = new SemaphoreSlim(bot.Options.MaxConcurrency, bot.Options.MaxConcurrency);
        _pending = new SemaphoreSlim(bot.Options.MaxPendingEvents, bot.Options.MaxPendingEvents);
        _dispatched = _committed = _saved = start;
    }

    public long Committed => Interlocked.Read(ref _committed);

    public void Dispose()
    {
        _concurrency.Dispose();
        _pending.Dispose();
        _saveSignal.Dispose();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var saving = new CancellationTokenSource();
        var saver = store is null ? Task.CompletedTask : SaveLoopAsync(saving.Token);
        try
        {
            var stream = bot.Options.Stream with
            {
                After = start,
                Accounts = bot.Options.Accounts is { Count: > 0 } accounts ? [.. accounts] : null,
            };
            await foreach (var e in bot.Client.StreamEventsAsync(stream, bot.StreamLogger, cancellationToken))
            {
                await _pending.WaitAsync(cancellationToken);
                Dispatch(e, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Task[] tails;
            lock (_gate)
            {
                tails = [.. _lanes.Values.Select(l => l.Tail)];
            }

            await Task.WhenAll(tails);
            await saving.CancelAsync();
            await saver;
            if (store is not null && Committed > _saved)
            {
                await store.SaveAsync(Committed, CancellationToken.None);
            }
        }
    }

    private void Dispatch(GatewayEvent e, CancellationToken cancellationToken)
    {
        var key = LaneOf(e);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            _open.Add(e.Seq);
            _dispatched = Math.Max(_dispatched, e.Seq);
            if (!_lanes.TryGetValue(key, out var lane))
            {
                _lanes[key] = lane = new Lane();
            }

            previous = lane.Tail;
            lane.Tail = done.Task;
            lane.Count++;
        }

        _ = RunInLaneAsync(previous, e, key, done, cancellationToken);
    }

    private async Task RunInLaneAsync(Task previous, GatewayEvent e, string key, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        var handled = false;
        try
        {
            await previous;
            if (!cancellationToken.IsCancellationRequested)
            {
                await _concurrency.WaitAsync(cancellationToken);
                try
                {
                    await HandleAsync(e, cancellationToken);
                    handled = true;
                }
                finally
                {
                    _concurrency.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping before the event was handled: it stays after the cursor, for the next run.
        }
        finally
        {
            // Semaphores first: once Complete has removed an idle lane, RunAsync no longer waits for this task.
            _pending.Release();
            Complete(e.Seq, key, handled);
            done.SetResult();
        }
    }

    private async Task HandleAsync(GatewayEvent e, CancellationToken cancellationToken)
    {
        var context = new BotContext(bot, e, new Dictionary<string, object?>(StringComparer.Ordinal), cancellationToken);
        var ran = 0;
        var started = bot.Options.TimeProvider.GetTimestamp();
        Func<Task> pipeline = async () => ran = await RunHandlersAsync(context);
        var middleware = bot.Middleware;
        for (var i = middleware.Count - 1; i >= 0; i--)
        {
            var next = pipeline;
            var step = middleware[i];
            pipeline = () => step(context, next);
        }

        try
        {
            await context.ResolveMentionAsync();
            await pipeline();
            LogEventHandled(bot.Logger, e.Seq, e.Kind, e.Account, context.ConversationId, ran, (long)bot.Options.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bot is stopping while the handler waited on it; the event counts as handled (it started).
        }
        catch (Exception ex)
        {
            LogHandlerFailed(bot.Logger, ex, e.Seq, e.Kind, context.ConversationId);
        }
    }

    /// <summary>Runs every handler that takes the event; how many did.</summary>
    private async Task<int> RunHandlersAsync(BotContext context)
    {
        List<Exception>? failures = null;
        var ran = 0;
        foreach (var handler in bot.Handlers)
        {
            try
            {
                if (await handler.TryRunAsync(context))
                {
                    ran++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
            {
                // The other handlers still run; the failures come out of the pipeline together.
                (failures ??= []).Add(new BotHandlerException(handler.Name, context.Event.Seq, ex));
            }
        }

        if (failures is [var one])
        {
            throw one;
        }

        if (failures is { Count: > 1 })
        {
            throw new AggregateException(failures);
        }

        return ran;
    }

    private void Complete(long seq, string key, bool handled)
    {
        lock (_gate)
        {
            if (_lanes.TryGetValue(key, out var lane) && --lane.Count == 0)
            {
                _lanes.Remove(key);
            }

            if (!handled)
            {
                return;
            }

            _open.Remove(seq);
            var next = _open.Count == 0 ? _dispatched : _open.Min - 1;
            if (next > _committed)
            {
                Interlocked.Exchange(ref _committed, next);
                if (store is not null)
                {
                    _saveSignal.Release();
                }
            }
        }
    }

    private async Task SaveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _saveSignal.WaitAsync(cancellationToken);
                while (_saveSignal.Wait(0, cancellationToken))
                {
                    // Coalesce: one write for every advance since the last.
                }

                var cursor = Committed;
                if (cursor > _saved)
                {
                    await store!.SaveAsync(cursor, cancellationToken);
                    _saved = cursor;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogCursorNotSaved(bot.Logger, ex);
        }
    }

    /// <summary>Events of one conversation of one account share a lane; account-level events (login, logout) one per account.</summary>
    internal static string LaneOf(GatewayEvent e)
    {
        var conversation = BotContext.ConversationOf(e.Report);
        return (e.Account ?? string.Empty) + "\n" + (conversation ?? string.Empty);
    }

    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Count { get; set; }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Handling event {Seq} ({Kind}, conversation {Conversation}) failed; the bot goes on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, long seq, string kind, string? conversation);

    [LoggerMessage(EventId = 3044, Level = LogLevel.Debug, Message = "Event {Seq} {Kind} of {Account} in {Conversation}: handlers run: {Handlers}, in {Elapsed} ms")]
    private static partial void LogEventHandled(ILogger logger, long seq, string kind, string? account, string? conversation, int handlers, long elapsed);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "The cursor could not be saved; it will be saved again on the next event and at stop")]
    private static partial void LogCursorNotSaved(ILogger logger, Exception exception);
}

/// <summary>A bot handler threw; <see cref="Exception.InnerException"/> is what it threw.</summary>
public sealed class BotHandlerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BotHandlerException()
    {
        Handler = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public BotHandlerException(string message)
        : base(message)
    {
        Handler = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">What the handler threw.</param>
    public BotHandlerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Handler = string.Empty;
    }

    internal BotHandlerException(string handler, long seq, Exception innerException)
        : base($"the {handler} handler failed on event {seq}: {innerException.Message}", innerException)
    {
        Handler = handler;
        Seq = seq;
    }

    /// <summary>What the handler was registered for.</summary>
    public string Handler { get; }

    /// <summary>The event it failed on.</summary>
    public long Seq { get; }
}
