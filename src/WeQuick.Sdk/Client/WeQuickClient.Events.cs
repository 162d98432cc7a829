using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>WebSocket close status "try again later": the gateway cut the stream off because its consumer fell behind.</summary>
    internal const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>One page of the event log, in order (<c>GET /api/v1/events</c>).</summary>
    /// <param name="cursor">The previous page's <see cref="EventPage.NextCursor"/> (a seq as text); null for the start of the log.</param>
    /// <param name="limit">Page size, 1 to 1000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<EventPage> GetEventsAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/events{new QueryString().Add("cursor", cursor).Add("limit", limit)}", SdkJsonContext.Default.EventPage, cancellationToken);

    /// <summary>
    /// An event's stored body, exactly as the client posted it (<c>GET /api/v1/events/{seq}/body</c>): how to read a
    /// report whose body was over the gateway's inline limit (<see cref="GatewayEvent.BodyOmitted"/>). Decode it with
    /// <c>ReportDecoder.Decode</c>.
    /// </summary>
    /// <param name="seq">The event's seq.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<byte[]> GetEventBodyAsync(long seq, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/events/{Num(seq)}/body");
        using var response = await SendRawAsync(request, TimeSpan.Zero, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>One page of the event log after a seq you kept (a bot's cursor, a stream's last event), in order.</summary>
    /// <param name="after">Events after this seq (0 for the start of the log).</param>
    /// <param name="limit">Page size, 1 to 1000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<EventPage> GetEventsAsync(long after, int? limit = null, CancellationToken cancellationToken = default) =>
        GetEventsAsync(Num(after), limit, cancellationToken);

    /// <summary>
    /// The seq of the newest event in the log now (0 for an empty log): where a consumer that wants only new
    /// events starts. One read of the events page, whose <see cref="EventPage.Head"/> says it; from a gateway
    /// that does not, a few one-event reads (logarithmic in the log's length).
    /// </summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default)
    {
        var first = await GetEventsAsync(limit: 1, cancellationToken: cancellationToken);
        if (first.Items is not [var oldest, ..])
        {
            return 0;
        }

        if (first.Head > 0)
        {
            return first.Head;
        }

        async Task<long?> FirstAfterAsync(long seq) =>
            (await GetEventsAsync(seq, 1, cancellationToken)).Items is [var e, ..] ? e.Seq : null;

        var found = oldest.Seq;

        // lo: an event is known at or after lo; hi: nothing after hi.
        var lo = found;
        var hi = Math.Max(found * 2, 1024);
        while (await FirstAfterAsync(hi) is { } beyond)
        {
            lo = beyond;
            hi = checked(beyond * 2);
        }

        while (hi > lo)
        {
            var mid = lo + ((hi - lo) / 2);
            if (await FirstAfterAsync(mid) is { } next)
            {
                lo = next;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The live event stream over the gateway's WebSocket endpoint: the events after <see cref="EventStreamOptions.After"/>
    /// (replayed from the log), then new ones as they are appended, in log order, until cancelled. When the
    /// connection ends — the gateway cut a slow consumer off, restarted, or the network failed — the stream
    /// reconnects with backoff and resumes after the last event it yielded, so no event is skipped or yielded twice.
    /// </summary>
    /// <param name="options">Cursor, filters and reconnect backoff.</param>
    /// <param name="cancellationToken">Ends the stream (the enumeration then throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="WeQuickApiException">The gateway refused the stream (a bad filter, a missing or insufficient key); not retried.</exception>
    public IAsyncEnumerable<GatewayEvent> StreamEventsAsync(EventStreamOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamEventsAsync(options, Options.Logger, cancellationToken);

    /// <summary>The stream, logging its connections to <paramref name="logger"/> (a bot passes its own when the client has none).</summary>
    internal async IAsyncEnumerable<GatewayEvent> StreamEventsAsync(EventStreamOptions? options, ILogger? logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options ??= new EventStreamOptions();
        var last = options.After;
        var failures = 0;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string reason;
            var cutOff = false;
            var socket = new ClientWebSocket();
            try
            {
                socket.Options.CollectHttpResponseDetails = true;
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                if (Options.ApiKey is { Length: > 0 } key)
                {
                    socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
                }

                var connect = await ConnectAsync(socket, StreamUrl(options, last, webSocket: true), cancellationToken);
                if (connect is not null)
                {
                    if (socket.HttpStatusCode is var status and >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                        and not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests)
                    {
                        await ThrowStreamRefusalAsync(options, last, status, cancellationToken);
                    }

                    reason = connect;
                }
                else
                {
                    if (logger is not null)
                    {
                        LogConnected(logger, BaseUrl, last, failures > 0);
                    }

                    while (true)
                    {
                        var received = await ReceiveAsync(socket, buffer, options, cancellationToken);
                        if (received.End is { } end)
                        {
                            reason = end;
                            cutOff = received.CutOff;
                            break;
                        }

                        if (received.Event is not { } e || e.Seq <= last)
                        {
                            // A heartbeat, or an event already yielded before a reconnect.
                            continue;
                        }

                        last = e.Seq;
                        failures = 0;
                        if (logger is not null)
                        {
                            LogReceived(logger, e.Seq, e.Kind, e.Account);
                        }

                        yield return e;
                    }
                }
            }
            finally
            {
                await CloseQuietlyAsync(socket);
                socket.Dispose();
            }

            failures++;
            if (options.MaxReconnectAttempts is { } max && failures > max)
            {
                throw new WeQuickApiException($"the event stream could not be reopened after {max} attempts: {reason}");
            }

            // A cut-off means "reconnect at once with your cursor"; other failures back off exponentially.
            var delay = cutOff && failures == 1 ? TimeSpan.Zero : Backoff(options, failures);
            var reconnect = new StreamReconnect(last, reason, failures, delay);
            if (logger is not null)
            {
                LogReconnecting(logger, reason, last, (long)delay.TotalMilliseconds, failures);
            }

            Options.OnReconnect?.Invoke(reconnect);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, Options.TimeProvider, cancellationToken);
            }
        }
    }

    internal static TimeSpan Backoff(EventStreamOptions options, int failures)
    {
        var min = options.MinReconnectDelay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : options.MinReconnectDelay;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ms = Math.Min(options.MaxReconnectDelay.TotalMilliseconds, min.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(Math.Max(ms, 0));
    }

    internal Uri StreamUrl(EventStreamOptions options, long after, bool webSocket)
    {
        var q = new QueryString().Add("after", after);
        if (options.Accounts is { Count: > 0 } accounts)
        {
            q.Add("account", string.Join(',', accounts));
        }

        if (options.Kinds is { Count: > 0 } kinds)
        {
            q.Add("kind", string.Join(',', kinds));
        }

        var url = Url((webSocket ? "/api/v1/events/ws" : "/api/v1/events/sse") + q);
        if (!webSocket)
        {
            return url;
        }

        var builder = new UriBuilder(url) { Scheme = url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    private async Task<string?> ConnectAsync(ClientWebSocket socket, Uri url, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(Options.RequestTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await socket.ConnectAsync(url, linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "connecting timed out";
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            return "could not connect: " + ex.Message;
        }
    }

    private async Task ThrowStreamRefusalAsync(EventStreamOptions options, long after, HttpStatusCode status, CancellationToken cancellationToken)
    {
        // A refused upgrade carries no body the WebSocket client can read; the SSE endpoint checks the same
        // things the same way, so ask it for the problem.
        using var request = Request(HttpMethod.Get, StreamUrl(options, after, webSocket: false).PathAndQuery);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        throw new WeQuickApiException(status, null, "Stream refused", $"the gateway refused the WebSocket stream with {(int)status}");
    }

    private readonly record struct Received(GatewayEvent? Event, string? End, bool CutOff);

    private async Task<Received> ReceiveAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, EventStreamOptions options, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        using var idle = new CancellationTokenSource(options.IdleTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), linked.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = socket.CloseStatus;
                    return new Received(null, $"closed by the gateway: {(int?)status} {socket.CloseStatusDescription}".TrimEnd(), status == TryAgainLater);
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Received(null, $"nothing received for {options.IdleTimeout.TotalSeconds:0.#} s", false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return new Received(null, "connection lost: " + ex.Message, false);
        }

        try
        {
            using var doc = JsonDocument.Parse(buffer.WrittenMemory);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || doc.RootElement.TryGetProperty("type", out _))
            {
                return default;
            }

            return new Received(doc.RootElement.Deserialize(SdkJsonContext.Default.GatewayEvent), null, false);
        }
        catch (JsonException ex)
        {
            // Not something a WeQuick gateway sends: reconnecting would only read it again.
            throw new WeQuickApiException($"the event stream sent a message that is not an event object: {ex.Message}", ex);
        }
    }

    private async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), Options.TimeProvider);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Event stream disconnected ({Reason}); reconnecting after seq {LastSeq} in {Delay} ms (attempt {Attempt})")]
    private static partial void LogReconnecting(ILogger logger, string reason, long lastSeq, long delay, int attempt);

    private static void LogConnected(ILogger logger, Uri gateway, long after, bool again)
    {
        if (after <= 0)
        {
            LogConnectedFromStart(logger, gateway, again ? "reconnected" : "connected");
        }
        else
        {
            LogConnectedResuming(logger, gateway, again ? "reconnected" : "connected", after);
        }
    }

    // The SDK's ids 3030-3059: the stream 3030-3039, the bot 3040 on.
    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Event stream {State} to {Gateway} (WebSocket); reading from the start of the log")]
    private static partial void LogConnectedFromStart(ILogger logger, Uri gateway, string state);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Event stream {State} to {Gateway} (WebSocket); resuming after seq {Seq}")]
    private static partial void LogConnectedResuming(ILogger logger, Uri gateway, string state, long seq);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Debug, Message = "Event {Seq} {Kind} of {Account} received")]
    private static partial void LogReceived(ILogger logger, long seq, string kind, string? account);
}
