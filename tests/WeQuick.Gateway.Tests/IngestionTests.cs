using System.Net;
using System.Text;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class IngestionTests
{
    [Fact]
    public async Task The_same_emoji_sent_twice_is_two_events()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        var emoji = new GifMessageReport { Account = "wxid_me", MsgType = 47, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = "wxid_me", Url = "<msg><" };
        var body = ReportEncoder.Encode(emoji, ReportQuirks.RealClient);
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostRawAsync(body, "application/json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var events = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportGifMessage").ToList();
        Assert.Equal(2, events.Count);
        Assert.NotEqual(events[0].GetProperty("seq").GetInt64(), events[1].GetProperty("seq").GetInt64());
        var stored = await gateway.Store.ReadEventsAsync(0, 100, default);
        Assert.All(stored.Where(e => e.Kind == "reportGifMessage"), e => Assert.Equal(body, e.Body));
        Assert.Equal(2, (await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Every_report_shape_a_client_sends_is_accepted_through_both_event_urls()
    {
        await using var gateway = await TestGateway.StartAsync();
        var text = new TextMessageReport { Account = "wxid_me", MsgType = 1, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = "wxid_me", Message = "hi \uE04C [微笑]" };
        var bodies = new List<(byte[] Body, string? ContentType)>
        {
            (ReportEncoder.Encode(text), "application/json"),
            (ReportEncoder.Encode(text, ReportQuirks.RealClient, BodyEncoding.Form), "application/x-www-form-urlencoded"),
            (ReportEncoder.Encode(text, ReportQuirks.RealClient, BodyEncoding.Form), null),
            (TestGateway.Utf8("""{"action":"reportTextMessage","cwxid":"wxid_me","data":{"msg":{"msgType":1,"myMsg":"0","roomWxid":null,"wxidFrom":"wxid_friend","wxidTo":"wxid_me","message":"bare"}}}"""), "application/json"),
            (TestGateway.Utf8("\uFEFF{\"data\":{\"action\":\"reportTextMessage\",\"cwxid\":\"wxid_me\",\"data\":{\"msg\":{\"msgType\":\"1\",\"wxidFrom\":\"wxid_friend\",\"wxidTo\":\"wxid_me\",\"message\":\"bom\",}}}}"), "text/plain"),
        };
        var client = gateway.Client(pid: 1);
        foreach (var path in (string[])["/recieve_msg", "/receive_msg"])
        {
            client.ReceivePath = path;
            foreach (var (body, type) in bodies)
            {
                using var response = await client.PostRawAsync(body, type);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("[]", await response.Content.ReadAsStringAsync());
            }
        }

        var messages = (await gateway.GetJsonAsync("/api/v1/accounts/wxid_me/messages?limit=100")).GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(2 * bodies.Count, messages.Count);
        Assert.All(messages, m => Assert.Equal("wxid_friend", m.GetProperty("conversation").GetString()));
        Assert.Equal("hi \uE04C [微笑]", messages[0].GetProperty("report").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_action_is_stored_as_such_and_answered_200()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1);
        using var response = await client.PostRawAsync(TestGateway.Utf8("""{"data":{"action":"reportSomethingNew","cwxid":"wxid_me","data":{"x":1}}}"""), "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = Assert.Single(await gateway.AllEventsAsync());
        Assert.Equal("reportSomethingNew", e.GetProperty("kind").GetString());
        Assert.Equal(1, e.GetProperty("data").GetProperty("data").GetProperty("x").GetInt32());
    }

    public static TheoryData<string, byte[], string?> BadBodies() => new()
    {
        { "empty", [], "application/json" },
        { "whitespace", TestGateway.Utf8("   \r\n"), "application/json" },
        { "not json", TestGateway.Utf8("hello"), "application/json" },
        { "truncated", TestGateway.Utf8("""{"data":{"action":"reportTextMessage","cwxid":"""), "application/json" },
        { "array", TestGateway.Utf8("[1,2,3]"), "application/json" },
        { "string", TestGateway.Utf8("\"reportTextMessage\""), "application/json" },
        { "null", TestGateway.Utf8("null"), "application/json" },
        { "no action", TestGateway.Utf8("""{"data":{"cwxid":"wxid_me","data":{}}}"""), "application/json" },
        { "numeric action", TestGateway.Utf8("""{"action":5,"cwxid":"wxid_me","data":{}}"""), "application/json" },
        { "invalid utf-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], "application/json" },
        { "too deep", TestGateway.Utf8(new string('[', 200) + new string(']', 200)), "application/json" },
        { "form without data", TestGateway.Utf8("foo=bar"), "application/x-www-form-urlencoded" },
        { "form with broken json", TestGateway.Utf8("data=%7B%22action"), "application/x-www-form-urlencoded" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_quarantined_and_answered_400_and_nothing_else_changes(string shape, byte[] body, string? contentType)
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1);
        await client.LogInAsync("wxid_me");
        var id = (await gateway.PostCommandAsync("wxid_me", "sendTextMessage", new { wxid = "wxid_friend", text = "waiting" })).GetProperty("id").GetInt64();
        var eventsBefore = await gateway.Store.CountEventsAsync(default);
        var projectionsBefore = await gateway.Store.ReadAllDocumentsAsync(default);

        using var response = await client.PostRawAsync(body, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("the body could not be decoded: ", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        var quarantineId = error.GetProperty("quarantineId").GetInt64();

        var quarantined = Assert.Single(await gateway.Store.ReadQuarantineAsync(10, default));
        Assert.Equal(quarantineId, quarantined.Id);
        Assert.Equal(body, quarantined.Body);
        Assert.Equal(contentType, quarantined.ContentType);
        Assert.False(string.IsNullOrEmpty(quarantined.Error), shape);
        Assert.Equal(eventsBefore, await gateway.Store.CountEventsAsync(default));
        Assert.Equal(projectionsBefore, await gateway.Store.ReadAllDocumentsAsync(default));
        // The queued command was not handed out in the error answer.
        Assert.Equal("queued", await gateway.CommandStateAsync(id));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_413_and_not_stored()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxBodyBytes = 4096);
        var client = gateway.Client(pid: 1);
        using var response = await client.PostRawAsync(new byte[5000], "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await gateway.Store.CountEventsAsync(default));
        Assert.Empty(await gateway.Store.ReadQuarantineAsync(10, default));
        Assert.Equal(1, (await gateway.GetJsonAsync("/healthz")).GetProperty("tooLarge").GetInt64());
    }

    [Fact]
    public async Task A_poll_without_a_pid_is_refused_with_a_json_error()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Http.GetAsync("/send_msg?wxid=wxid_me");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pid", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await gateway.Store.CountEventsAsync(default));
    }

    [Fact]
    public async Task Concurrent_reports_are_all_stored_once_and_share_commits()
    {
        await using var gateway = await TestGateway.StartAsync();
        const int Clients = 16, PerClient = 25;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var client = gateway.Client(pid: 1000 + c, wxid: $"wxid_c{c}");
            for (var i = 0; i < PerClient; i++)
            {
                await client.ReportAsync(new TextMessageReport { Account = $"wxid_c{c}", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = $"wxid_c{c}", Message = $"{c}:{i}" });
            }
        }));
        var texts = (await gateway.AllEventsAsync()).Select(e => e.GetProperty("data").GetProperty("message").GetString()).ToList();
        Assert.Equal(Clients * PerClient, texts.Count);
        Assert.Equal(Clients * PerClient, texts.Distinct().Count());
        var seqs = (await gateway.Store.ReadEventsAsync(0, 10_000, default)).Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }
}
