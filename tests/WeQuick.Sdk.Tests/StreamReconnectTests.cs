using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>The stream against a scripted gateway: every way a connection ends, and what the consumer sees.</summary>
public sealed class StreamReconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_cut_off_a_stop_and_a_dropped_connection_the_stream_resumes_with_no_event_missed_or_repeated()
    {
        await using var stub = await StubGateway.StartAsync(async (n, after, socket) =>
        {
            switch (n)
            {
                case 0:
                    // Replay 1-3, then the slow-consumer cut-off.
                    for (var s = after + 1; s <= 3; s++)
                    {
                        await StubGateway.SendAsync(socket, StubGateway.Event(s));
                    }

                    await socket.CloseOutputAsync((WebSocketCloseStatus)1013, "too slow: reconnect with after=3", CancellationToken.None);
                    break;
                case 1:
                    // A heartbeat, 4 and 5, then the gateway stops.
                    await StubGateway.SendAsync(socket, """{"type":"heartbeat","head":5,"at":"2026-01-01T08:00:00+00:00"}""");
                    await StubGateway.SendAsync(socket, StubGateway.Event(4));
                    await StubGateway.SendAsync(socket, StubGateway.Event(5));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "stopping", CancellationToken.None);
                    break;
                case 2:
                    // 6, then the connection drops without a close frame.
                    await StubGateway.SendAsync(socket, StubGateway.Event(6));
                    socket.Abort();
                    break;
                default:
                    // A gateway that repeats what the consumer already has must not make it yield twice.
                    await StubGateway.SendAsync(socket, StubGateway.Event(6));
                    await StubGateway.SendAsync(socket, StubGateway.Event(7));
                    await StubGateway.HoldAsync(socket);
                    break;
            }
        });
        var reconnects = new List<StreamReconnect>();
        var loggers = new CapturingLoggers();
        using var client = new WeQuickClient(new WeQuickClientOptions { BaseUrl = stub.BaseUrl, ApiKey = "wqk_test", OnReconnect = reconnects.Add, Logger = loggers.CreateLogger("WeQuick.Sdk.WeQuickClient") });
        using var cts = new CancellationTokenSource(Deadline);

        var seen = new List<GatewayEvent>();
        await foreach (var e in client.StreamEventsAsync(new EventStreamOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(5) }, cts.Token))
        {
            seen.Add(e);
            if (e.Seq == 7)
            {
                break;
            }
        }

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], seen.Select(e => e.Seq));
        // An aborted connection may lose the event in flight (6); then the next one resumes after 5 and 6 comes again, once.
        var connections = stub.Connections.ToArray();
        Assert.Equal([0L, 3, 5], connections[..3]);
        Assert.Contains(connections[3], new long[] { 5, 6 });
        Assert.Equal([3L, 5, connections[3]], reconnects.Select(r => r.LastSeq));
        Assert.Contains("1013", reconnects[0].Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, reconnects[0].Delay);
        var logged = loggers.Entries.Where(e => e.EventId.Id == 3020).Select(e => e.Message).ToList();
        Assert.Equal(reconnects.Count, logged.Count);
        Assert.Contains("reconnecting after seq 3 in 0 ms (attempt 1)", logged[0], StringComparison.Ordinal);
        // What a bot author sees: each connection at Information (where it reads from), each disconnection at
        // Warning, each event only at Debug.
        Assert.All(loggers.Entries.Where(e => e.EventId.Id == 3020), e => Assert.Equal(LogLevel.Warning, e.Level));
        var connected = loggers.Entries.Where(e => e.EventId.Id is 3030 or 3031).ToList();
        Assert.All(connected, e => Assert.Equal(LogLevel.Information, e.Level));
        // The aborted third connection may fail already in its handshake, so it may or may not have been logged as connected.
        Assert.InRange(connected.Count, 3, 4);
        Assert.Equal(3030, connected[0].EventId.Id);
        Assert.All(connected.Skip(1), e => Assert.Equal(3031, e.EventId.Id));
        Assert.Equal($"Event stream connected to {stub.BaseUrl} (WebSocket); reading from the start of the log", connected[0].Message);
        Assert.Equal($"Event stream reconnected to {stub.BaseUrl} (WebSocket); resuming after seq 3", connected[1].Message);
        var perEvent = loggers.Entries.Where(e => e.EventId.Id == 3032).ToList();
        Assert.Equal(7, perEvent.Count);
        Assert.All(perEvent, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.DoesNotContain(loggers.Entries, e => e.Level == LogLevel.Information && e.EventId.Id is not (3030 or 3031));
        Assert.All(stub.Authorizations, a => Assert.Equal("Bearer wqk_test", a));
        var text = Assert.IsType<TextMessageReport>(seen[0].Report);
        Assert.Equal("hi", text.Message);
        Assert.Equal("wxid_friend", text.ConversationId);
    }

    [Fact]
    public async Task A_refused_stream_throws_the_gateways_problem_and_is_not_retried()
    {
        var requests = 0;
        await using var stub = await StubGateway.StartAsync((_, _, _) => Task.CompletedTask, async http =>
        {
            Interlocked.Increment(ref requests);
            http.Response.StatusCode = 401;
            http.Response.ContentType = "application/problem+json";
            await http.Response.WriteAsync("""{"type":"urn:wequick:problem:unauthorized","title":"Unauthorized","status":401,"detail":"the API key is not known"}""");
        });
        using var client = new WeQuickClient(stub.BaseUrl, "wqk_wrong");
        using var cts = new CancellationTokenSource(Deadline);

        var ex = await Assert.ThrowsAsync<WeQuickApiException>(async () =>
        {
            await foreach (var _ in client.StreamEventsAsync(null, cts.Token))
            {
            }
        });

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("unauthorized", ex.Slug);
        Assert.Equal("the API key is not known", ex.Detail);
        Assert.Equal(2, requests); // the refused upgrade, and the one read of its problem
    }

    [Fact]
    public async Task A_frame_that_is_not_json_ends_the_stream_with_an_error_rather_than_a_reconnect_loop()
    {
        await using var stub = await StubGateway.StartAsync(async (_, _, socket) =>
        {
            await StubGateway.SendAsync(socket, StubGateway.Event(1));
            await StubGateway.SendAsync(socket, "{not json");
            await StubGateway.HoldAsync(socket);
        });
        using var client = new WeQuickClient(stub.BaseUrl);
        using var cts = new CancellationTokenSource(Deadline);
        var seen = new List<long>();

        var ex = await Assert.ThrowsAsync<WeQuickApiException>(async () =>
        {
            await foreach (var e in client.StreamEventsAsync(null, cts.Token))
            {
                seen.Add(e.Seq);
            }
        });

        Assert.Equal([1L], seen);
        Assert.Contains("not an event object", ex.Message, StringComparison.Ordinal);
        Assert.Single(stub.Connections);
    }

    [Fact]
    public async Task A_gateway_that_is_down_is_retried_with_growing_backoff_until_the_limit()
    {
        var port = LiveGateway.FreePort();
        var reconnects = new List<StreamReconnect>();
        using var client = new WeQuickClient(new WeQuickClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}"), OnReconnect = reconnects.Add });
        using var cts = new CancellationTokenSource(Deadline);

        var ex = await Assert.ThrowsAsync<WeQuickApiException>(async () =>
        {
            await foreach (var _ in client.StreamEventsAsync(new EventStreamOptions { After = 41, MinReconnectDelay = TimeSpan.FromMilliseconds(5), MaxReconnectDelay = TimeSpan.FromMilliseconds(20), MaxReconnectAttempts = 4 }, cts.Token))
            {
            }
        });

        Assert.Contains("after 4 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal([5.0, 10, 20, 20], reconnects.Select(r => r.Delay.TotalMilliseconds));
        Assert.All(reconnects, r => Assert.Equal(41, r.LastSeq));
    }
}
