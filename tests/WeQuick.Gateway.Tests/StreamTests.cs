using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class StreamTests
{
    private static TextMessageReport Text(string account, string message) =>
        new() { Account = account, MsgType = 1, WxidFrom = "wxid_friend", WxidTo = account, Message = message };

    private static string Message(JsonElement e) => e.GetProperty("data").GetProperty("message").GetString()!;

    [Fact]
    public async Task An_sse_consumer_gets_only_its_account_and_kind_and_resumes_from_last_event_id()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = gateway.Client(pid: 1);
        var b = gateway.Client(pid: 2);
        await a.LogInAsync("wxid_a");
        await b.LogInAsync("wxid_b");

        string lastId;
        await using (var sse = await SseConsumer.OpenAsync(gateway.BaseAddress, "?account=wxid_a&kind=reportTextMessage"))
        {
            await a.ReportAsync(Text("wxid_a", "a1"));
            await b.ReportAsync(Text("wxid_b", "b1"));
            await a.ReportAsync(Text("wxid_a", "a2"));
            var first = await sse.NextEventAsync();
            var second = await sse.NextEventAsync();
            Assert.Equal(["a1", "a2"], new[] { Message(first.Json), Message(second.Json) });
            Assert.All(new[] { first, second }, f =>
            {
                Assert.Equal("wxid_a", f.Json.GetProperty("account").GetString());
                Assert.Equal("reportTextMessage", f.Json.GetProperty("kind").GetString());
                Assert.Equal(f.Json.GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), f.Id);
            });
            Assert.True(long.Parse(second.Id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(first.Id!, System.Globalization.CultureInfo.InvariantCulture));
            lastId = second.Id!;
        }

        await a.ReportAsync(Text("wxid_a", "a3"));
        await b.ReportAsync(Text("wxid_b", "b2"));
        await a.ReportAsync(Text("wxid_a", "a4"));

        // An EventSource reconnects to the same URL with Last-Event-ID: the header wins over ?after=.
        await using var again = await SseConsumer.OpenAsync(gateway.BaseAddress, "?after=0&account=wxid_a&kind=reportTextMessage", lastEventId: lastId);
        Assert.Equal("a3", Message((await again.NextEventAsync()).Json));
        Assert.Equal("a4", Message((await again.NextEventAsync()).Json));

        // The event object is the one GET /api/v1/events returns.
        var page = await gateway.GetJsonAsync($"/api/v1/events?cursor={lastId}&limit=1");
        Assert.Equal("a3", Message(page.GetProperty("items")[0]));
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_websocket_consumer_replays_after_its_cursor_then_gets_live_events_for_listed_accounts_and_kinds()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = gateway.Client(pid: 1);
        var b = gateway.Client(pid: 2);
        var c = gateway.Client(pid: 3);
        await a.LogInAsync("wxid_a");
        await b.LogInAsync("wxid_b");
        await c.LogInAsync("wxid_c");
        await a.ReportAsync(Text("wxid_a", "old-a"));
        var cursor = (await gateway.AllEventsAsync())[^1].GetProperty("seq").GetInt64();
        await b.ReportAsync(Text("wxid_b", "replayed-b"));
        await c.ReportAsync(Text("wxid_c", "not-listed"));

        await using var ws = await WsConsumer.OpenAsync(gateway.BaseAddress, $"?after={cursor}&account=wxid_a,wxid_b&kind=reportTextMessage&kind=reportPicMessage");
        Assert.Equal("replayed-b", Message((await ws.NextEventAsync())!.Value));
        await c.ReportAsync(Text("wxid_c", "still-not-listed"));
        await a.ReportAsync(new LoginStatusReport { Account = "wxid_a", Code = 1 });
        await a.ReportAsync(Text("wxid_a", "live-a"));
        await b.ReportAsync(new PicMessageReport { Account = "wxid_b", MsgType = 3, WxidFrom = "wxid_friend", WxidTo = "wxid_b", FileIndex = "C:\\p.png" });
        var live = (await ws.NextEventAsync())!.Value;
        Assert.Equal("live-a", Message(live));
        Assert.True(live.GetProperty("seq").GetInt64() > cursor);
        var pic = (await ws.NextEventAsync())!.Value;
        Assert.Equal("reportPicMessage", pic.GetProperty("kind").GetString());
        Assert.Equal("wxid_b", pic.GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_consumer_joining_during_a_burst_gets_every_event_exactly_once_in_order()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Stream.PageSize = 16);
        await gateway.Client(pid: 9).LogInAsync("wxid_seam");
        var answered = 0;
        async Task Write(int writer)
        {
            var client = gateway.Client(pid: 9, wxid: "wxid_seam");
            for (var i = 0; i < 60; i++)
            {
                await client.ReportAsync(Text("wxid_seam", $"{writer}:{i}"));
                Interlocked.Increment(ref answered);
            }
        }

        var writers = Enumerable.Range(0, 4).Select(Write).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref answered) >= 60), () => "the burst did not start");
        await using var sse = await SseConsumer.OpenAsync(gateway.BaseAddress, "?kind=reportTextMessage");
        await Task.WhenAll(writers);

        var expected = (await gateway.AllEventsAsync())
            .Where(e => e.GetProperty("kind").GetString() == "reportTextMessage")
            .Select(e => e.GetProperty("seq").GetInt64())
            .ToList();
        Assert.Equal(240, expected.Count);
        var got = new List<long>();
        while (got.Count < expected.Count)
        {
            got.Add((await sse.NextEventAsync()).Json.GetProperty("seq").GetInt64());
        }

        Assert.Equal(expected, got);
    }

    [Fact]
    public async Task A_consumer_resumes_across_a_gateway_restart_on_the_same_data_folder()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            string lastId;
            await using (var first = await TestGateway.StartAsync(dataDirectory: dir))
            {
                var bot = first.Client(pid: 4);
                await bot.LogInAsync("wxid_r");
                await using var sse = await SseConsumer.OpenAsync(first.BaseAddress, "?kind=reportTextMessage");
                await bot.ReportAsync(Text("wxid_r", "before-1"));
                await bot.ReportAsync(Text("wxid_r", "before-2"));
                Assert.Equal("before-1", Message((await sse.NextEventAsync()).Json));
                lastId = (await sse.NextEventAsync()).Id!;
                await bot.ReportAsync(Text("wxid_r", "unseen-before-stop"));
            }

            await using var second = await TestGateway.StartAsync(dataDirectory: dir);
            var again = second.Client(pid: 4, wxid: "wxid_r");
            await again.ReportAsync(Text("wxid_r", "after-restart"));
            await using var resumed = await SseConsumer.OpenAsync(second.BaseAddress, "?kind=reportTextMessage", lastEventId: lastId);
            Assert.Equal("unseen-before-stop", Message((await resumed.NextEventAsync()).Json));
            Assert.Equal("after-restart", Message((await resumed.NextEventAsync()).Json));
            await using var ws = await WsConsumer.OpenAsync(second.BaseAddress, $"?after={lastId}&kind=reportTextMessage");
            Assert.Equal("unseen-before-stop", Message((await ws.NextEventAsync())!.Value));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Idle_streams_get_heartbeats_at_the_configured_interval()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Stream.HeartbeatInterval = TimeSpan.FromSeconds(5));
        await using var sse = await SseConsumer.OpenAsync(gateway.BaseAddress, string.Empty);
        await using var ws = await WsConsumer.OpenAsync(gateway.BaseAddress, string.Empty);
        var sseBeat = sse.NextAsync(TimeSpan.FromSeconds(30));
        var wsBeat = ws.NextAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(
            () =>
            {
                gateway.Advance(TimeSpan.FromSeconds(5));
                return Task.FromResult(sseBeat.IsCompleted && wsBeat.IsCompleted);
            },
            () => "no heartbeat arrived");
        var frame = await sseBeat;
        Assert.Null(frame.Data);
        Assert.StartsWith("heartbeat", Assert.Single(frame.Comments), StringComparison.Ordinal);
        Assert.Equal("heartbeat", (await wsBeat)!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_live_consumer_whose_buffer_fills_is_cut_off_with_a_reason_while_ingestion_goes_on()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Stream.BufferSize = 4);
        var bot = gateway.Client(pid: 6);
        await bot.LogInAsync("wxid_slow");
        var options = gateway.Options;
        var head = (await gateway.AllEventsAsync())[^1].GetProperty("seq").GetInt64();

        // The reading half of a connection whose writer never drains its buffer: a consumer that stopped reading.
        using var stream = gateway.Services.GetRequiredService<EventFeed>().Subscribe(head, new EventFilter(null, ["reportTextMessage"]));
        using var stop = new CancellationTokenSource();
        var reading = stream.RunAsync(stop.Token);
        await bot.ReportAsync(Text("wxid_slow", "first"));
        await Eventually.TrueAsync(() => Task.FromResult(stream.Frames.Count == 1), () => "the first live event was not buffered");

        for (var i = 0; i < 10; i++)
        {
            await bot.ReportAsync(Text("wxid_slow", $"m{i}"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(stream.CutOff.IsCancellationRequested), () => "the consumer was not cut off");
        Assert.Contains("too slow: 4 events waiting", stream.CutOffReason, StringComparison.Ordinal);
        await reading;

        // Ingestion went on: every report was answered and stored.
        var texts = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(11, texts.Count);
        var buffered = new List<long>();
        while (stream.Frames.TryRead(out var frame))
        {
            buffered.Add(((EventFrame)frame).Event.Seq);
        }

        Assert.Equal(texts.Take(4), buffered);
    }

    /// <summary>
    /// Posts large events until the hub cuts the consumer off, moving virtual time past the send timeout after
    /// each one: once the consumer's (small) socket buffers are full, the send in progress is stalled, and the
    /// timeout ends it. Returns how many text events were posted.
    /// </summary>
    private static async Task<int> PostUntilCutOffAsync(TestGateway gateway, TestClient bot, string account)
    {
        var hub = gateway.Services.GetRequiredService<StreamHub>();
        var big = new string('x', 128 * 1024);
        var posted = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                await bot.ReportAsync(Text(account, big));
                posted++;
                gateway.Advance(gateway.Options.Stream.SendTimeout + TimeSpan.FromSeconds(1));
                return hub.CutOffCount > 0;
            },
            () => $"not cut off after {posted} events",
            TimeSpan.FromSeconds(60));
        return posted;
    }

    [Fact]
    public async Task A_websocket_consumer_that_stops_reading_is_cut_off_after_the_send_timeout_with_1013_and_resumes_with_its_cursor()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.DurableCommits = false;
            // The buffer never fills here: the stalled send is what cuts the consumer off.
            o.Stream.BufferSize = 10_000;
            o.Stream.SendTimeout = TimeSpan.FromSeconds(2);
        });
        var bot = gateway.Client(pid: 7);
        await bot.LogInAsync("wxid_burst");
        await using var ws = await WsConsumer.OpenAsync(gateway.BaseAddress, "?kind=reportTextMessage", receiveBufferBytes: 4096);
        await bot.ReportAsync(Text("wxid_burst", "first"));
        var seqs = new List<long> { (await ws.NextEventAsync())!.Value.GetProperty("seq").GetInt64() };

        // The consumer stops reading; ingestion goes on regardless (every report below is answered).
        var posted = 1 + await PostUntilCutOffAsync(gateway, bot, "wxid_burst");
        await bot.ReportAsync(Text("wxid_burst", "after the cut-off"));
        posted++;

        // Reading again within the close timeout, it gets what was on its way, then the close frame.
        while (await ws.NextEventAsync() is { } e)
        {
            seqs.Add(e.GetProperty("seq").GetInt64());
        }

        Assert.Equal((WebSocketCloseStatus)1013, ws.Socket.CloseStatus);
        Assert.Contains("too slow: a frame was not taken within 2 s", ws.Socket.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Contains($"last seq sent: {seqs[^1]}", ws.Socket.CloseStatusDescription, StringComparison.Ordinal);
        var texts = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(posted, texts.Count);
        Assert.True(seqs.Count < texts.Count, $"the consumer got all {texts.Count} events");
        Assert.Equal(texts.Take(seqs.Count), seqs);
        await using var resumed = await WsConsumer.OpenAsync(gateway.BaseAddress, $"?after={seqs[^1]}&kind=reportTextMessage");
        Assert.Equal(texts[seqs.Count], (await resumed.NextEventAsync())!.Value.GetProperty("seq").GetInt64());
        var hub = gateway.Services.GetRequiredService<StreamHub>();
        await Eventually.TrueAsync(() => Task.FromResult(hub.Open == 1), () => $"{hub.Open} connections open; the cut-off one did not end");
    }

    [Fact]
    public async Task An_sse_consumer_that_stops_reading_gets_an_error_frame_with_the_reason_and_its_last_seq()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.DurableCommits = false;
            o.Stream.BufferSize = 10_000;
            o.Stream.SendTimeout = TimeSpan.FromSeconds(2);
        });
        var bot = gateway.Client(pid: 8);
        await bot.LogInAsync("wxid_sse_slow");
        await using var sse = await SseConsumer.OpenAsync(gateway.BaseAddress, "?kind=reportTextMessage", receiveBufferBytes: 4096);
        await bot.ReportAsync(Text("wxid_sse_slow", "first"));
        var ids = new List<long> { long.Parse((await sse.NextEventAsync()).Id!, System.Globalization.CultureInfo.InvariantCulture) };

        await PostUntilCutOffAsync(gateway, bot, "wxid_sse_slow");
        SseFrame frame;
        while ((frame = await sse.NextEventAsync()).Event is null)
        {
            ids.Add(long.Parse(frame.Id!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal("error", frame.Event);
        Assert.Contains("too slow: a frame was not taken within 2 s", frame.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(ids[^1], frame.Json.GetProperty("lastSeq").GetInt64());
        var texts = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(texts.Take(ids.Count), ids);
    }

    [Fact]
    public async Task Bad_stream_requests_are_refused_with_a_problem()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var badCursor = await gateway.Http.GetAsync("/api/v1/events/sse?after=-3");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("after must be a sequence number", await badCursor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var notWs = await gateway.Http.GetAsync("/api/v1/events/ws");
        Assert.Equal(HttpStatusCode.BadRequest, notWs.StatusCode);
        using var tooMany = await gateway.Http.GetAsync("/api/v1/events/sse?kind=" + string.Join(',', Enumerable.Range(0, 101).Select(i => $"k{i}")));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }
}
