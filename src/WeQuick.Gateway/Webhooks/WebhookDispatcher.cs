using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// Delivers the event log to webhooks: the webhook front end, over the core's event feed and webhook registrations.
/// Each webhook has its own loop, run under the webhook's lease and driven by its durable cursor: read the events
/// after it from the feed, post the ones its filter takes one at a time (so in log order, and so in order per
/// account), retry each with exponential backoff (capped) and jitter until it is delivered or the receiver has been
/// failing for longer than the retry window (then dead-letter it and go on), and move the cursor. While a receiver
/// is down nothing behind its failing event is sent, and how delivery is going (down since, last error, next try)
/// is written with the webhook. A slow or dead receiver holds up only its own loop; ingestion never waits for any
/// of them. A change to a webhook reaches its loop over the bus. Connections go only where the egress policy allows
/// (<see cref="WebhookDestinations"/>).
/// </summary>
internal sealed partial class WebhookDispatcher(
    WebhookService webhooks,
    EventFeed feed,
    IGatewayBus bus,
    IWorkLeases leases,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    WebhookDestinations destinations,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookDispatcher> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<long, HookLoop> _loops = new();
    private IDisposable? _changes;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = options.Value.Webhooks.Timeout,
        // A proxy would make the connection, to a destination the policy never saw.
        UseProxy = false,
        ConnectCallback = destinations.ConnectAsync,
    })
    {
        // The per-attempt timeout runs on the TimeProvider (see SendAsync), so it is the one that applies.
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private WebhookOptions Options => options.Value.Webhooks;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _changes = bus.SubscribeToWebhookChanges(Changed);
        foreach (var hook in await webhooks.ListAsync(cancellationToken))
        {
            Changed(hook.Id);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _changes?.Dispose();
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops.Values.Select(l => l.Task));
    }

    public void Dispose()
    {
        _changes?.Dispose();
        _stopping.Dispose();
        _http.Dispose();
    }

    /// <summary>A webhook was created, changed, replayed, deleted or had a dead letter queued for resending: its loop looks again.</summary>
    private void Changed(long id)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_loops.TryGetValue(id, out var existing) && !existing.Task.IsCompleted)
            {
                existing.Poke();
                return;
            }

            var loop = new HookLoop(id);
            _loops[id] = loop;
            loop.Task = Task.Run(() => RunAsync(loop, _stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>The lease one webhook's delivery runs under.</summary>
    internal static string Work(long id) => "webhook/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task RunAsync(HookLoop loop, CancellationToken cancellationToken)
    {
        IAsyncDisposable lease;
        try
        {
            // Delivery starts once the server listens: the egress policy's Auto mode reads where it listens.
            await WhenStartedAsync(cancellationToken);
            lease = await leases.AcquireAsync(Work(loop.Id), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await using (lease)
        {
            await DeliverAsync(loop, cancellationToken);
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task DeliverAsync(HookLoop loop, CancellationToken cancellationToken)
    {
        using var subscription = bus.SubscribeToEvents();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var changed = loop.WhenChanged();
                var appended = subscription.WhenAppended();
                var hook = await webhooks.GetAsync(loop.Id, cancellationToken);
                if (hook is null)
                {
                    lock (_lock)
                    {
                        _loops.TryRemove(new KeyValuePair<long, HookLoop>(loop.Id, loop));
                    }

                    return;
                }

                if (!hook.Enabled)
                {
                    await changed.WaitAsync(cancellationToken);
                    continue;
                }

                if (!await ResendAsync(hook, changed, cancellationToken))
                {
                    continue;
                }

                var page = await feed.ReadAsync(hook.Cursor, Options.PageSize, cancellationToken);
                if (page.Count == 0)
                {
                    await Task.WhenAny(changed, appended).WaitAsync(cancellationToken);
                    continue;
                }

                await DeliverPageAsync(hook, page, changed, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A store error (the database busy past its timeout, the writer stopping): look again shortly. A store
                // fault (a full disk) is logged once, by the writer, when it starts.
                if (ex is not StoreFaultException)
                {
                    LogLoopFailed(logger, ex, loop.Id);
                }

                try
                {
                    await Task.Delay(Options.InitialBackoff, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Delivers one page of events in order. The write that records an event's last try and moves the cursor past it
    /// is not waited for before the next event is posted: the single writer keeps the writes in order, each cursor
    /// move names the position it expects to move from, and the writes are collected at the end of the page. So a
    /// receiver that answers at once gets the next event at once, and many events share a commit.
    /// </summary>
    private async Task DeliverPageAsync(StoredWebhook hook, IReadOnlyList<FeedEvent> page, Task changed, CancellationToken cancellationToken)
    {
        var cursor = hook.Cursor;
        var skipped = cursor;
        var id = hook.Id;
        var state = hook.Delivery;
        var writes = new List<Task<bool>>();
        try
        {
            foreach (var e in page)
            {
                if (changed.IsCompleted)
                {
                    break;
                }

                if (!Matches(hook, e))
                {
                    skipped = e.Seq;
                    continue;
                }

                var result = await DeliverAsync(hook, e, deadLetter: null, state, changed, cancellationToken);
                if (result is null)
                {
                    return;
                }

                // The cursor moves past the events the filter passed over, too.
                var dead = result.Value.Delivered ? null : NewDeadLetter(hook, e, result.Value);
                writes.Add(webhooks.FinishAsync(id, cursor, e.Seq, result.Value.Last, dead, result.Value.State == state ? null : result.Value.State));
                state = result.Value.State;
                if (dead is not null)
                {
                    LogDeadLettered(logger, id, e.Seq, dead.Attempts, dead.LastError);
                }

                cursor = e.Seq;
                skipped = cursor;
            }

            if (skipped != cursor && !changed.IsCompleted)
            {
                writes.Add(webhooks.AdvanceAsync(id, cursor, skipped));
            }
        }
        finally
        {
            // Whatever happens, the writes already asked for are seen through before the loop looks again.
            await Task.WhenAll(writes).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        foreach (var write in writes)
        {
            // A cursor that moved meanwhile (a replay) or a webhook gone: the loop reloads it. A failed write throws here.
            if (!await write)
            {
                return;
            }
        }
    }

    /// <summary>Sends the dead letters queued for resending; false when the webhook changed meanwhile.</summary>
    private async Task<bool> ResendAsync(StoredWebhook hook, Task changed, CancellationToken cancellationToken)
    {
        var queued = await webhooks.ResendingAsync(hook.Id, Options.PageSize, cancellationToken);
        foreach (var letter in queued)
        {
            var e = await feed.ReadEventAsync(letter.Seq, cancellationToken);
            if (e is null)
            {
                continue;
            }

            var result = await DeliverAsync(hook, e, letter.Id, hook.Delivery, changed, cancellationToken);
            if (result is not { } r)
            {
                return false;
            }

            hook = hook with { Delivery = r.State };

            var now = time.GetUtcNow();
            var updated = r.Delivered
                ? letter with { State = DeadLetterState.Resent, ResentAt = now, Attempts = letter.Attempts + r.Attempts }
                : letter with { State = DeadLetterState.Dead, DeadAt = now, Attempts = letter.Attempts + r.Attempts, LastError = r.Error ?? "failed", LastStatusCode = r.StatusCode };
            await webhooks.ResolveAsync(updated, r.Last, r.State);
        }

        return true;
    }

    /// <summary>
    /// Tries one event until it is delivered or given up on: when the receiver has been failing (since
    /// <paramref name="state"/>'s <c>DownSince</c>, or this first failed try) for the retry window, or the event has
    /// used <see cref="WebhookOptions.MaxAttempts"/> when that is set. Null when the webhook changed (the caller
    /// reloads it). Each failed try is recorded as it happens, with the delivery state; the last one is returned for
    /// the caller to record with its outcome and the state after it.
    /// </summary>
    private async Task<Outcome?> DeliverAsync(StoredWebhook hook, FeedEvent e, long? deadLetter, WebhookDeliveryState state, Task changed, CancellationToken cancellationToken)
    {
        var body = EventView.Json(e);
        var o = Options;
        for (var attempt = 1; ; attempt++)
        {
            var at = time.GetUtcNow();
            var started = time.GetTimestamp();
            var (status, error) = await SendAsync(hook, e, body, attempt, at, cancellationToken);
            var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
            var delivered = status is >= 200 and < 300;
            if (delivered)
            {
                if (state.DownSince is { } since)
                {
                    LogReceiverBack(logger, hook.Id, time.GetUtcNow() - since);
                }

                var healthy = state.DownSince is null && state.NextAttemptAt is null ? state : state with { DownSince = null, NextAttemptAt = null };
                return new Outcome(true, attempt, status, null, new WebhookDelivery(0, hook.Id, e.Seq, attempt, at, status, null, elapsed, WebhookDeliveryOutcome.Delivered, deadLetter), healthy);
            }

            if (state.DownSince is null)
            {
                LogReceiverDown(logger, hook.Id, error ?? "?", o.RetryWindow);
            }

            var downSince = state.DownSince ?? at;
            var last = attempt >= (o.MaxAttempts ?? int.MaxValue) || time.GetUtcNow() - downSince >= o.RetryWindow;
            var outcome = last ? WebhookDeliveryOutcome.DeadLettered : WebhookDeliveryOutcome.Failed;
            var row = new WebhookDelivery(0, hook.Id, e.Seq, attempt, at, status, error, elapsed, outcome, deadLetter);
            if (last)
            {
                return new Outcome(false, attempt, status, error, row, new WebhookDeliveryState(downSince, error, null));
            }

            // The timer is set before the state that names its time is written, so whoever reads nextAttemptAt can
            // count on the try being due then.
            var backoff = Backoff(attempt);
            var wait = Task.Delay(backoff, time, cancellationToken);
            state = new WebhookDeliveryState(downSince, error, time.GetUtcNow() + backoff);
            await webhooks.RecordAttemptAsync(row, state);
            LogAttemptFailed(logger, hook.Id, e.Seq, attempt, error ?? "?");
            await Task.WhenAny(wait, changed);
            cancellationToken.ThrowIfCancellationRequested();
            if (changed.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>The wait after try <paramref name="attempt"/>: doubling from the initial backoff up to the maximum, then a random 50–100 % of it.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var o = Options;
        var nominal = o.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        nominal = Math.Min(nominal, o.MaxBackoff.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it is not a secret.
        var jitter = 0.5 + (Random.Shared.NextDouble() * 0.5);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(nominal * jitter);
    }

    private async Task<(int? Status, string? Error)> SendAsync(StoredWebhook hook, FeedEvent e, byte[] body, int attempt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var o = Options;
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var headers = request.Headers;
        headers.UserAgent.Add(new ProductInfoHeaderValue("WeQuick-Gateway", "1"));
        headers.Add(WebhookSignature.WebhookIdHeader, hook.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add(WebhookSignature.SeqHeader, e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add(WebhookSignature.KindHeader, e.Kind);
        headers.Add(WebhookSignature.AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(hook.Secret, timestamp, body));
        using var timeout = new CancellationTokenSource(o.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Only the status is kept: what a receiver answers is not the gateway's to store or show (a URL pointed
            // at some other service would otherwise read that service back through the delivery log).
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? (status, null) : (status, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"timed out: no answer within {o.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, Reason(ex));
        }
    }

    /// <summary>A short reason for a failed request, from a fixed set: never the socket's or the receiver's own text.</summary>
    internal static string Reason(HttpRequestException failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case EgressRefusedException refused:
                    return "refused by egress policy: " + refused.Message;
                case System.Net.Sockets.SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                        System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain => "name not resolved",
                        System.Net.Sockets.SocketError.TimedOut => "timed out: no connection",
                        System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted => "connection reset",
                        System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable
                            or System.Net.Sockets.SocketError.HostDown or System.Net.Sockets.SocketError.NetworkDown => "unreachable",
                        _ => "connection failed",
                    };
                case System.Security.Authentication.AuthenticationException:
                    return "TLS handshake failed";
            }
        }

        return failure.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "name not resolved",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "connection closed before an answer",
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "invalid HTTP answer",
            _ => "request failed",
        };
    }

    private static bool Matches(StoredWebhook hook, FeedEvent e) =>
        (hook.Kinds.Count == 0 || hook.Kinds.Contains(e.Kind, StringComparer.Ordinal))
        && (hook.Accounts.Count == 0 || (e.Account is not null && hook.Accounts.Contains(e.Account, StringComparer.Ordinal)));

    private WebhookDeadLetter NewDeadLetter(StoredWebhook hook, FeedEvent e, Outcome r) =>
        new(0, hook.Id, e.Seq, e.Kind, e.Account, r.Attempts, r.StatusCode, r.Error ?? "failed", time.GetUtcNow(), DeadLetterState.Dead, null);

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Webhook {Webhook}: event {Seq} try {Attempt} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long webhook, long seq, int attempt, string error);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Webhook {Webhook}: event {Seq} dead-lettered after {Attempts} tries: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, long webhook, long seq, int attempts, string error);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Webhook {Webhook}: the delivery loop failed; it looks again shortly")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, long webhook);

    [LoggerMessage(EventId = 761, Level = LogLevel.Warning, Message = "Webhook {Webhook}: the receiver is down ({Error}); its events wait, in order, and are retried for up to {Window} before they are dead-lettered")]
    private static partial void LogReceiverDown(ILogger logger, long webhook, string error, TimeSpan window);

    [LoggerMessage(EventId = 762, Level = LogLevel.Information, Message = "Webhook {Webhook}: the receiver takes events again after {Downtime} down")]
    private static partial void LogReceiverBack(ILogger logger, long webhook, TimeSpan downtime);

    /// <summary>
    /// What the tries at one event came to; <see cref="Last"/> is the last try, not yet recorded, and <see cref="State"/>
    /// how delivery is going after it.
    /// </summary>
    private readonly record struct Outcome(bool Delivered, int Attempts, int? StatusCode, string? Error, WebhookDelivery Last, WebhookDeliveryState State);

    private sealed class HookLoop(long id)
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Id { get; } = id;

        public Task Task { get; set; } = Task.CompletedTask;

        public Task WhenChanged()
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }

        public void Poke()
        {
            TaskCompletionSource fired;
            lock (_lock)
            {
                fired = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            fired.TrySetResult();
        }
    }
}
