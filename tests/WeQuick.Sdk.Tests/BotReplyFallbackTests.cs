using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>
/// A reply that mentions, against a scripted gateway: the account says it is of the second generation, but the gateway
/// refuses the mention (its client changed to a first-generation one); the reply still goes, as a plain @nick text.
/// </summary>
public sealed class BotReplyFallbackTests
{
    private const string Account = "wxid_bot";
    private const string Room = "3000@chatroom";

    [Fact]
    public async Task A_refused_mention_goes_as_an_at_nick_text_and_the_next_reply_does_not_try_again()
    {
        var bodies = new ConcurrentQueue<JsonElement>();
        await using var stub = await StubGateway.StartAsync((_, _, _) => Task.CompletedTask, async http =>
        {
            if (http.Request.Method == "GET" && http.Request.Path == $"/api/v1/accounts/{Account}")
            {
                await http.Response.WriteAsJsonAsync(new { wxid = Account, loginState = "loggedIn", loggedIn = true, @interface = "v2", profile = new { nick = "机器人" }, firstSeenAt = "2026-01-01T08:00:00+00:00" });
                return;
            }

            if (http.Request.Method == "POST" && http.Request.Path == $"/api/v1/accounts/{Account}/messages")
            {
                var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
                bodies.Enqueue(body);
                if (body.TryGetProperty("mentions", out _))
                {
                    http.Response.StatusCode = 422;
                    http.Response.ContentType = "application/problem+json";
                    await http.Response.WriteAsync($$"""{"type":"{{WeQuickApiException.ProblemTypePrefix}}generation-unsupported","title":"Command of the other interface generation","status":422}""");
                    return;
                }

                http.Response.StatusCode = 202;
                await http.Response.WriteAsJsonAsync(new { id = bodies.Count, sendId = bodies.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), target = Account, api = "sendTextMessage", state = "Queued", command = body, deliveries = 0, createdAt = "2026-01-01T08:00:00+00:00" });
                return;
            }

            http.Response.StatusCode = 404;
        });
        using var client = new WeQuickClient(stub.BaseUrl, "wqk_test");
        using var bot = new WeQuickBot(client, loggerFactory: NullLoggerFactory.Instance);
        var said = Context(bot, 1, "你好");

        var first = await said.ReplyAsync("welcome", mention: true);
        var second = await Context(bot, 2, "again").ReplyAsync("welcome back", mention: true);

        Assert.Equal("sendTextMessage", first.Api);
        Assert.Equal(
            ["mentions:wxid_member:welcome", "plain:@阿明 welcome", "plain:@阿明 welcome back"],
            bodies.Select(b => b.TryGetProperty("mentions", out var m)
                ? $"mentions:{string.Join(",", m.EnumerateArray().Select(e => e.GetString()))}:{b.GetProperty("text").GetString()}"
                : $"plain:{b.GetProperty("text").GetString()}"));
        Assert.All(bodies, b => Assert.Equal(Room, b.GetProperty("to").GetString()));
        Assert.Equal("sendTextMessage", second.Api);
    }

    [Fact]
    public async Task Outside_a_room_or_without_mention_the_reply_is_the_plain_text()
    {
        var bodies = new ConcurrentQueue<JsonElement>();
        await using var stub = await StubGateway.StartAsync((_, _, _) => Task.CompletedTask, async http =>
        {
            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            bodies.Enqueue(body);
            http.Response.StatusCode = 202;
            await http.Response.WriteAsJsonAsync(new { id = 1, sendId = "1", target = Account, api = "sendTextMessage", state = "Queued", command = body, deliveries = 0, createdAt = "2026-01-01T08:00:00+00:00" });
        });
        using var client = new WeQuickClient(stub.BaseUrl, "wqk_test");
        using var bot = new WeQuickBot(client, loggerFactory: NullLoggerFactory.Instance);
        var inPrivate = new TextMessageReport { Account = Account, MsgType = 1, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = Account, Message = "hi" };

        await new BotContext(bot, Event(1, inPrivate), new Dictionary<string, object?>(), CancellationToken.None).ReplyAsync("hello", mention: true);
        await Context(bot, 2, "hi").ReplyAsync("plain", mention: false);

        Assert.Equal(["wxid_friend:hello", $"{Room}:plain"], bodies.Select(b => $"{b.GetProperty("to").GetString()}:{b.GetProperty("text").GetString()}"));
        Assert.All(bodies, b => Assert.False(b.TryGetProperty("mentions", out _)));
    }

    [Fact]
    public async Task On_a_first_generation_account_mentioned_members_are_written_as_their_names_in_the_room()
    {
        var bodies = new ConcurrentQueue<JsonElement>();
        var memberReads = 0;
        await using var stub = await StubGateway.StartAsync((_, _, _) => Task.CompletedTask, async http =>
        {
            if (http.Request.Method == "GET" && http.Request.Path == $"/api/v1/accounts/{Account}")
            {
                await http.Response.WriteAsJsonAsync(new { wxid = Account, loginState = "loggedIn", loggedIn = true, @interface = "v1", profile = new { nick = "机器人" }, firstSeenAt = "2026-01-01T08:00:00+00:00" });
                return;
            }

            if (http.Request.Method == "GET" && http.Request.Path == $"/api/v1/accounts/{Account}/rooms/{Room}/members")
            {
                Interlocked.Increment(ref memberReads);
                await http.Response.WriteAsJsonAsync(new
                {
                    items = new object[]
                    {
                        new { room = Room, wxid = "wxid_red", nick = "小红", roomNick = "红红" },
                        new { room = Room, wxid = "wxid_blue", nick = "小蓝" },
                        new { room = Room, wxid = "wxid_green", nick = "小绿" },
                    },
                });
                return;
            }

            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            bodies.Enqueue(body);
            http.Response.StatusCode = 202;
            await http.Response.WriteAsJsonAsync(new { id = 1, sendId = "1", target = Account, api = "sendTextMessage", state = "Queued", command = body, deliveries = 0, createdAt = "2026-01-01T08:00:00+00:00" });
        });
        using var client = new WeQuickClient(stub.BaseUrl, "wqk_test");
        using var bot = new WeQuickBot(client, loggerFactory: NullLoggerFactory.Instance);

        // The sender's name comes from the message; the others' from the room's members (their room nickname first);
        // a member the gateway does not know is written as its wxid.
        await Context(bot, 1, "点名").ReplyAsync("到", mention: ["wxid_member", "wxid_red", "wxid_blue", "wxid_gone"]);

        var sent = Assert.Single(bodies);
        Assert.False(sent.TryGetProperty("mentions", out _));
        Assert.Equal("@阿明 @红红 @小蓝 @wxid_gone 到", sent.GetProperty("text").GetString());
        Assert.Equal(1, memberReads);
    }

    private static BotContext Context(WeQuickBot bot, long seq, string text) => new(
        bot,
        Event(seq, new TextMessageReport { Account = Account, MsgType = 1, MyMsg = false, RoomWxid = Room, WxidFrom = "wxid_member", WxidTo = Room, Nick = "阿明", Message = text }),
        new Dictionary<string, object?>(),
        CancellationToken.None);

    private static GatewayEvent Event(long seq, Report report) => new()
    {
        Seq = seq,
        Kind = report.Kind,
        Source = "client",
        Account = Account,
        Data = NormalizedJson.ToElement(report),
    };
}
