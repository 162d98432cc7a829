using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Http.Api;

namespace WeQuick.Gateway.Streaming;

/// <summary>The live event stream: <c>GET /api/v1/events/sse</c> (Server-Sent Events) and <c>GET /api/v1/events/ws</c> (WebSocket).</summary>
internal static partial class StreamEndpoints
{
    /// <summary>WebSocket close status "try again later": the consumer was too slow and should reconnect with its cursor.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public static RouteGroupBuilder MapEventStream(this RouteGroupBuilder api)
    {
        // Both stream for as long as the consumer stays; the document says what they carry (see docs/events.md).
        api.MapGet("/events/sse", ServeSseAsync)
            .WithName("StreamEventsSse")
            .WithTags("Events")
            .WithSummary("Live events as Server-Sent Events")
            .WithDescription("Normalized events with their seq as the SSE id: replay after ?after= (or the Last-Event-ID header), then live. Filters: ?account= and ?kind= (repeatable or comma lists). Heartbeat comments keep the connection open; a consumer that falls too far behind gets a final `event: error` with the reason and its last seq.")
            .Produces<EventView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/events/ws", ServeWebSocketAsync)
            .WithName("StreamEventsWebSocket")
            .WithTags("Events")
            .WithSummary("Live events over a WebSocket")
            .WithDescription("Upgrade to a WebSocket that carries one normalized event (with its seq) per text message: replay after ?after=, then live. Filters: ?account= and ?kind=. Heartbeats are {\"type\":\"heartbeat\"} messages; a consumer that falls too far behind is closed with status 1013 and a reason naming its last seq.")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <param name="after">Replay from the event after this seq (default 0: the whole log), then go live.</param>
    /// <param name="account">Only events of these accounts (repeat the parameter, or separate with commas).</param>
    /// <param name="kind">Only events of these kinds, for example reportTextMessage (repeat, or separate with commas).</param>
    /// <param name="lastEventId">Sent by an EventSource when it reconnects: the seq of the last event it got; wins over after.</param>
    internal static async Task ServeSseAsync(
        HttpContext http,
        StreamHub hub,
        [FromQuery(Name = "after")] string? after,
        [FromQuery(Name = "account")] string[]? account,
        [FromQuery(Name = "kind")] string[]? kind,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId)
    {
        if (!TryParseRequest(string.IsNullOrEmpty(lastEventId) ? null : lastEventId, after, account, kind, out var cursor, out var filter, out var problem))
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(http.RequestAborted);

        // Kestrel sends the headers with the first flush: flush them now, with the reconnect delay for EventSource.
        await response.BodyWriter.WriteAsync("retry: 2000\n\n"u8.ToArray(), http.RequestAborted);
        await hub.RunAsync(http, cursor, filter!, new SseSink(response));
    }

    /// <param name="after">Replay from the event after this seq (default 0: the whole log), then go live.</param>
    /// <param name="account">Only events of these accounts (repeat the parameter, or separate with commas).</param>
    /// <param name="kind">Only events of these kinds, for example reportTextMessage (repeat, or separate with commas).</param>
    internal static async Task ServeWebSocketAsync(
        HttpContext http,
        StreamHub hub,
        [FromQuery(Name = "after")] string? after,
        [FromQuery(Name = "account")] string[]? account,
        [FromQuery(Name = "kind")] string[]? kind)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiProblems.BadRequest("not-a-websocket", "Not a WebSocket request", "this endpoint speaks WebSocket: connect with a WebSocket client (ws://…/api/v1/events/ws), or use /api/v1/events/sse").ExecuteAsync(http);
            return;
        }

        if (!TryParseRequest(null, after, account, kind, out var cursor, out var filter, out var problem))
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await hub.RunAsync(http, cursor, filter!, new WebSocketSink(socket));
    }

    private static bool TryParseRequest(string? lastEventId, string? afterText, string[]? accountValues, string[]? kindValues, out long after, out EventFilter? filter, out ProblemHttpResult? problem)
    {
        after = 0;
        filter = null;
        problem = null;
        var cursor = lastEventId ?? afterText ?? string.Empty;
        var name = lastEventId is null ? "after" : "Last-Event-ID";
        if (cursor.Length > 0 && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            problem = ApiProblems.BadRequest("invalid-cursor", "Invalid cursor", $"{name} must be a sequence number (a whole number ≥ 0), got '{cursor}'");
            return false;
        }

        if (!EventFilter.TryParseList("account", accountValues, out var accounts, out var error)
            || !EventFilter.TryParseList("kind", kindValues, out var kinds, out error))
        {
            problem = ApiProblems.BadRequest("invalid-filter", "Invalid filter", error!);
            return false;
        }

        filter = new EventFilter(accounts, kinds);
        return true;
    }


    /// <summary>How one kind of connection writes frames.</summary>
    internal interface IStreamSink
    {
        /// <summary>Writes one event; <paramref name="flush"/> false when more frames follow at once.</summary>
        ValueTask WriteEventAsync(EventFrame frame, bool flush, CancellationToken cancellationToken);

        ValueTask WriteHeartbeatAsync(HeartbeatFrame frame, CancellationToken cancellationToken);

        /// <summary>Tells the consumer why it is being disconnected.</summary>
        ValueTask WriteCutOffAsync(string reason, long lastSeq, CancellationToken cancellationToken);

        /// <summary>Tells the consumer that its credential no longer lets it read the stream (a revoked key), and why.</summary>
        ValueTask WriteRevokedAsync(string reason, long lastSeq, CancellationToken cancellationToken);

        /// <summary>Ends the connection normally (the gateway is stopping, or the consumer left).</summary>
        ValueTask CloseAsync(bool stopping, CancellationToken cancellationToken);

        /// <summary>Completes when the consumer goes away on its own (a WebSocket close frame).</summary>
        Task Gone { get; }

        /// <summary>After the last frame: waits for the consumer to acknowledge the end (the WebSocket closing handshake).</summary>
        Task WaitForConsumerCloseAsync(CancellationToken cancellationToken);
    }

    private sealed class SseSink(HttpResponse response) : IStreamSink
    {
        private static readonly byte[] Separator = "\n\n"u8.ToArray();

        // An SSE consumer leaving shows as the request being aborted, which cancels the connection anyway.
        public Task Gone { get; } = new TaskCompletionSource().Task;

        public Task WaitForConsumerCloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async ValueTask WriteEventAsync(EventFrame frame, bool flush, CancellationToken cancellationToken)
        {
            var body = response.BodyWriter;
            Write(body, $"id: {frame.Event.Seq.ToString(CultureInfo.InvariantCulture)}\ndata: ");
            body.Write(EventView.Json(frame.Event));
            body.Write(Separator);
            if (flush)
            {
                await body.FlushAsync(cancellationToken);
            }
        }

        public async ValueTask WriteHeartbeatAsync(HeartbeatFrame frame, CancellationToken cancellationToken)
        {
            Write(response.BodyWriter, $": heartbeat {frame.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} head={frame.Head.ToString(CultureInfo.InvariantCulture)}\n\n");
            await response.BodyWriter.FlushAsync(cancellationToken);
        }

        public async ValueTask WriteCutOffAsync(string reason, long lastSeq, CancellationToken cancellationToken)
        {
            var data = JsonSerializer.Serialize(new CutOff(reason, lastSeq), GatewayJson.Options);
            Write(response.BodyWriter, $"event: error\ndata: {data}\n\n");
            await response.BodyWriter.FlushAsync(cancellationToken);
        }

        public async ValueTask WriteRevokedAsync(string reason, long lastSeq, CancellationToken cancellationToken)
        {
            var data = JsonSerializer.Serialize(new CutOff(reason, lastSeq), GatewayJson.Options);
            Write(response.BodyWriter, $"event: revoked\ndata: {data}\n\n");
            await response.BodyWriter.FlushAsync(cancellationToken);
        }

        public async ValueTask CloseAsync(bool stopping, CancellationToken cancellationToken) => await response.BodyWriter.FlushAsync(cancellationToken);

        private static void Write(System.IO.Pipelines.PipeWriter writer, string text) => writer.Write(Encoding.UTF8.GetBytes(text));
    }

    private sealed class WebSocketSink : IStreamSink
    {
        private readonly WebSocket _socket;

        public WebSocketSink(WebSocket socket)
        {
            _socket = socket;
            Gone = ReceiveUntilCloseAsync();
        }

        public Task Gone { get; }

        public Task WaitForConsumerCloseAsync(CancellationToken cancellationToken) => Gone.WaitAsync(cancellationToken);

        public ValueTask WriteEventAsync(EventFrame frame, bool flush, CancellationToken cancellationToken) =>
            _socket.SendAsync(new ReadOnlyMemory<byte>(EventView.Json(frame.Event)), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public ValueTask WriteHeartbeatAsync(HeartbeatFrame frame, CancellationToken cancellationToken) =>
            _socket.SendAsync(new ReadOnlyMemory<byte>(JsonSerializer.SerializeToUtf8Bytes(new Heartbeat("heartbeat", frame.Head, frame.At), GatewayJson.Options)), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public async ValueTask WriteCutOffAsync(string reason, long lastSeq, CancellationToken cancellationToken)
        {
            // A close reason is at most 123 bytes of UTF-8; the reason text is ASCII and kept short.
            var text = $"{reason} (last seq sent: {lastSeq.ToString(CultureInfo.InvariantCulture)})";
            if (text.Length > 123)
            {
                text = text[..123];
            }

            await CloseOutputAsync(TryAgainLater, text, cancellationToken);
        }

        public async ValueTask WriteRevokedAsync(string reason, long lastSeq, CancellationToken cancellationToken) =>
            await CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, Utf8Prefix(reason, 123), cancellationToken);

        public async ValueTask CloseAsync(bool stopping, CancellationToken cancellationToken) =>
            await CloseOutputAsync(stopping ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure, stopping ? "the gateway is stopping; reconnect with after=<last seq received>" : "bye", cancellationToken);

        /// <summary>The longest start of <paramref name="text"/> that fits <paramref name="bytes"/> bytes of UTF-8 (a close reason's limit is 123).</summary>
        private static string Utf8Prefix(string text, int bytes)
        {
            var length = text.Length;
            while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > bytes)
            {
                length--;
            }

            return text[..length];
        }

        private async Task CloseOutputAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, reason, cancellationToken);
            }
        }

        private async Task ReceiveUntilCloseAsync()
        {
            // The stream is one-way; what a consumer sends is read and dropped, until its close frame.
            var buffer = new byte[1024];
            try
            {
                while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
                {
                    var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
            }
            catch (WebSocketException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal sealed record Heartbeat(string Type, long Head, DateTimeOffset At);

    internal sealed record CutOff(string Reason, long LastSeq);
}

/// <summary>
/// Runs stream connections: a live subscription of the core's event feed per connection, its frames written out in
/// the connection's format (SSE or WebSocket), heartbeats, cut-offs.
/// </summary>
internal sealed partial class StreamHub(EventFeed feed, ApiKeyService keys, IGatewayBus bus, TimeProvider time, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime, ILogger<StreamHub> logger)
{
    private long _open;
    private long _cutOff;

    /// <summary>Connections open now.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Consumers cut off for being too slow since start.</summary>
    public long CutOffCount => Interlocked.Read(ref _cutOff);

    internal async Task RunAsync(HttpContext http, long after, EventFilter filter, StreamEndpoints.IStreamSink sink)
    {
        var o = options.Value;
        Interlocked.Increment(ref _open);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        using var stream = feed.Subscribe(after, filter);
        var cutOff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onCutOff = stream.CutOff.Register(() => cutOff.TrySetResult());
        var reading = stream.RunAsync(done.Token);
        var watch = new KeyWatch(ApiKeyAuthenticationHandler.Presented(http.Request), ApiKeyAuthenticationHandler.IsLoopback(http.Connection));
        var watching = WatchKeyAsync(watch, stream, done.Token);
        long lastSent = after;

        // A frame the consumer's socket did not take within the send timeout: it is still being written.
        Task? stalled = null;
        long? stalledSeq = null;
        var aborting = false;
        try
        {
            var reader = stream.Frames;
            try
            {
                while (!stream.CutOff.IsCancellationRequested)
                {
                    var ready = reader.WaitToReadAsync(done.Token).AsTask();
                    if (await Task.WhenAny(ready, sink.Gone, cutOff.Task) != ready || !await ready)
                    {
                        break;
                    }

                    // Writes are never cancelled by a cut-off (that would abort a WebSocket before its close frame).
                    while (!stream.CutOff.IsCancellationRequested && reader.TryRead(out var frame))
                    {
                        var write = frame switch
                        {
                            EventFrame e => sink.WriteEventAsync(e, flush: reader.Count == 0, done.Token),
                            HeartbeatFrame h => sink.WriteHeartbeatAsync(h, done.Token),
                            _ => ValueTask.CompletedTask,
                        };
                        if (write.IsCompleted)
                        {
                            await write;
                        }
                        else if (write.AsTask() is var slow && !await TakenInTimeAsync(slow, o.Stream.SendTimeout, cutOff.Task))
                        {
                            stalled = slow;
                            stalledSeq = (frame as EventFrame)?.Event.Seq;
                            await stream.CutOffAsync($"too slow: a frame was not taken within {o.Stream.SendTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; reconnect with after=<last seq received>");
                            break;
                        }

                        if (frame is EventFrame sent)
                        {
                            lastSent = sent.Event.Seq;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
            }

            if (http.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            using var closing = new CancellationTokenSource(o.Stream.CloseTimeout, time);
            aborting = true;
            var revoked = watch.Reason is { } refusal && ReferenceEquals(stream.CutOffReason, refusal);
            if (revoked && !sink.Gone.IsCompleted)
            {
                LogRevoked(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", watch.KeyName, lastSent, watch.Reason!);
            }
            else if (stream.CutOffReason is { } reason && !sink.Gone.IsCompleted)
            {
                Interlocked.Increment(ref _cutOff);
                LogCutOff(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", lastSent, reason);
            }

            if (stalled is not null)
            {
                // The stalled frame goes first: a consumer that reads again within the close timeout gets it, then the reason.
                await stalled.WaitAsync(closing.Token);
                lastSent = stalledSeq ?? lastSent;
            }

            if (sink.Gone.IsCompleted)
            {
                // The consumer closed first: answer its close frame.
                await sink.CloseAsync(stopping: false, closing.Token);
                aborting = false;
                return;
            }

            if (revoked)
            {
                await sink.WriteRevokedAsync(watch.Reason!, lastSent, closing.Token);
            }
            else if (stream.CutOffReason is { } why)
            {
                await sink.WriteCutOffAsync(why, lastSent, closing.Token);
            }
            else
            {
                await sink.CloseAsync(lifetime.ApplicationStopping.IsCancellationRequested, closing.Token);
            }

            await sink.WaitForConsumerCloseAsync(closing.Token);
            aborting = false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The consumer left, or did not take its last frames in time: the connection is dropped.
        }
        finally
        {
            if (aborting)
            {
                http.Abort();
            }

            await done.CancelAsync();
            await reading;
            await watching;
            if (stalled is not null)
            {
                // Aborted or not, the stalled write ends now; what it came to no longer matters.
                await stalled.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>
    /// Checks the stream's credential again every <see cref="StreamOptions.KeyCheckInterval"/> and at once when the bus
    /// says keys changed: a key revoked (through the API, or by <c>wequick keys revoke</c> writing the store), or open
    /// mode ended by a first key, cuts the consumer off with the reason.
    /// </summary>
    private async Task WatchKeyAsync(KeyWatch watch, FeedSubscription stream, CancellationToken cancellationToken)
    {
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        using var subscription = bus.SubscribeToApiKeyChanges(() => changed.Writer.TryWrite(true));
        try
        {
            // Who the key is, for the log; an unknown or revoked key would not have been let in.
            if (watch.Presented is not null)
            {
                var (caller, _) = await keys.AuthenticateAsync(watch.Presented, watch.Loopback, cancellationToken);
                watch.KeyName = caller?.Key?.Name;
            }

            using var timer = new PeriodicTimer(options.Value.Stream.KeyCheckInterval, time);
            var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            var signal = changed.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var cutOff = Task.Delay(Timeout.Infinite, stream.CutOff);
            while (!stream.CutOff.IsCancellationRequested)
            {
                await Task.WhenAny(tick, signal, cutOff);
                cancellationToken.ThrowIfCancellationRequested();
                if (stream.CutOff.IsCancellationRequested)
                {
                    return;
                }

                if (tick.IsCompleted)
                {
                    await tick;
                    tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                }

                if (signal.IsCompleted)
                {
                    await signal;
                    changed.Reader.TryRead(out _);
                    signal = changed.Reader.WaitToReadAsync(cancellationToken).AsTask();
                }

                var (again, failure) = await keys.AuthenticateAsync(watch.Presented, watch.Loopback, cancellationToken);
                if (again is null)
                {
                    watch.Reason = watch.Presented is null
                        ? "open mode ended: an API key now exists; reconnect with 'Authorization: Bearer <key>'"
                        : $"{failure!.Title}: {failure.Detail}";
                    await stream.CutOffAsync(watch.Reason);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The credential a stream was opened with, and why it stopped working once it did.</summary>
    private sealed class KeyWatch(string? presented, bool loopback)
    {
        public string? Presented { get; } = presented;

        public bool Loopback { get; } = loopback;

        public string? KeyName { get; set; }

        public string? Reason { get; set; }
    }

    /// <summary>Waits for a write the socket did not take at once: true when it finished within <paramref name="timeout"/> (or the consumer was cut off meanwhile, which the caller sees).</summary>
    private async Task<bool> TakenInTimeAsync(Task write, TimeSpan timeout, Task cutOff)
    {
        using var timer = new CancellationTokenSource();
        var expired = Task.Delay(timeout, time, timer.Token);
        var first = await Task.WhenAny(write, expired, cutOff);
        await timer.CancelAsync();
        if (first == write)
        {
            await write;
            return true;
        }

        return false;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Stream consumer {Remote} cut off after seq {LastSeq}: {Reason}")]
    private static partial void LogCutOff(ILogger logger, string remote, long lastSeq, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Stream of {Remote} (API key {KeyName}) closed after seq {LastSeq}: {Reason}")]
    private static partial void LogRevoked(ILogger logger, string remote, string? keyName, long lastSeq, string reason);
}
