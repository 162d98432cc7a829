using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class WebhookTests
{
    private static readonly string[] TextKinds = ["reportTextMessage"];

    private static TextMessageReport Text(string account, string message) =>
        new() { Account = account, MsgType = 1, WxidFrom = "wxid_friend", WxidTo = account, Message = message };

    private static void FastRetries(GatewayOptions o, int maxAttempts)
    {
        o.Webhooks.InitialBackoff = TimeSpan.FromSeconds(1);
        o.Webhooks.MaxBackoff = TimeSpan.FromSeconds(2);
        o.Webhooks.Timeout = TimeSpan.FromSeconds(20);
        o.Webhooks.MaxAttempts = maxAttempts;
    }

    private static async Task<JsonElement> CreateAsync(TestGateway gateway, object body)
    {
        using var response = await gateway.Http.PostAsJsonAsync("/api/v1/webhooks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/webhooks answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits for a condition while moving the gateway's virtual clock on, so backoffs and timeouts elapse.</summary>
    private static Task DriveAsync(TestGateway gateway, Func<Task<bool>> condition, Func<string> because) =>
        Eventually.TrueAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                gateway.Advance(TimeSpan.FromMilliseconds(250));
                return false;
            },
            because,
            TimeSpan.FromSeconds(60));

    private static async Task<List<JsonElement>> DeliveriesAsync(TestGateway gateway, long id)
    {
        var page = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries?limit=1000");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task Every_event_reaches_a_receiver_that_is_down_then_slow_then_failing_then_well_in_order_per_account_and_signed()
    {
        await using var gateway = await TestGateway.StartAsync(o => FastRetries(o, maxAttempts: 1000));
        var a = gateway.Client(pid: 1);
        var b = gateway.Client(pid: 2);
        await a.LogInAsync("wxid_a");
        await b.LogInAsync("wxid_b");
        var port = WebhookReceiver.FreePort();
        var hook = await CreateAsync(gateway, new { url = $"http://127.0.0.1:{port}/hook", kinds = TextKinds });
        var id = hook.GetProperty("id").GetInt64();
        var secret = hook.GetProperty("secret").GetString()!;

        for (var i = 0; i < 6; i++)
        {
            await a.ReportAsync(Text("wxid_a", $"a{i}"));
            await b.ReportAsync(Text("wxid_b", $"b{i}"));
        }

        var expected = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(12, expected.Count);

        // Down: nothing listens on the port.
        await DriveAsync(gateway, async () => (await DeliveriesAsync(gateway, id)).Count >= 3, () => "no failed attempts recorded while the receiver was down");
        var down = await DeliveriesAsync(gateway, id);
        Assert.All(down, d => Assert.Equal("failed", d.GetProperty("outcome").GetString()));
        Assert.All(down, d => Assert.Equal(expected[0], d.GetProperty("seq").GetInt64()));
        Assert.All(down, d => Assert.False(d.TryGetProperty("statusCode", out _)));

        // Up, but: the first two requests hang past the timeout, the next three answer 500, then all is well.
        var requests = 0;
        await using var receiver = await WebhookReceiver.StartAsync(port, secret: secret, behaviour: _ => Interlocked.Increment(ref requests) switch
        {
            <= 2 => 0,
            <= 5 => 500,
            _ => 200,
        });
        await DriveAsync(gateway, () => Task.FromResult(receiver.Delivered.Select(d => d.Seq).Distinct().Count() == expected.Count), () => $"{receiver.Delivered.Count} of {expected.Count} delivered");

        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid, $"bad signature on seq {r.Seq}"));
        Assert.All(receiver.Requests, r => Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.WebhookId));
        var delivered = receiver.Delivered;
        Assert.Equal(expected, delivered.Select(d => d.Seq).Distinct());
        foreach (var account in new[] { "wxid_a", "wxid_b" })
        {
            var messages = delivered.Where(d => d.Account == account).Select(d => d.Event.GetProperty("data").GetProperty("message").GetString()).Distinct().ToList();
            Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{account[^1]}{i}"), messages);
        }

        var seqs = delivered.Select(d => d.Seq).ToList();
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First <= p.Second), "deliveries out of order: " + string.Join(",", seqs));

        // The receiver sees an event before the gateway records its delivery (the writes of a page are collected at
        // its end), so the log is read once the cursor, moved by the same write, has passed the last event.
        await DriveAsync(gateway, async () => (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}")).GetProperty("cursor").GetInt64() >= expected[^1], () => "the cursor did not reach the last event");
        var log = await DeliveriesAsync(gateway, id);
        Assert.Contains(log, d => d.TryGetProperty("error", out var e) && e.GetString()!.Contains("no answer within", StringComparison.Ordinal));
        Assert.Contains(log, d => d.TryGetProperty("statusCode", out var s) && s.GetInt32() == 500);
        Assert.Equal(expected, log.Where(d => d.GetProperty("outcome").GetString() == "delivered").Select(d => d.GetProperty("seq").GetInt64()).Distinct());
        var first = log.Where(d => d.GetProperty("seq").GetInt64() == expected[0]).Select(d => d.GetProperty("attempt").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, first.Count), first);
        Assert.Empty((await gateway.GetJsonAsync($"/api/v1/webhooks/{id}/dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_slow_receiver_holds_up_only_its_own_webhook()
    {
        await using var gateway = await TestGateway.StartAsync(o => FastRetries(o, maxAttempts: 1000));
        var bot = gateway.Client(pid: 3);
        await bot.LogInAsync("wxid_s");
        await using var stuck = await WebhookReceiver.StartAsync(behaviour: _ => 0);
        await using var fine = await WebhookReceiver.StartAsync();
        stuck.Secret = (await CreateAsync(gateway, new { url = stuck.Url, kinds = TextKinds })).GetProperty("secret").GetString()!;
        fine.Secret = (await CreateAsync(gateway, new { url = fine.Url, kinds = TextKinds })).GetProperty("secret").GetString()!;
        for (var i = 0; i < 5; i++)
        {
            await bot.ReportAsync(Text("wxid_s", $"m{i}"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(fine.Delivered.Count == 5), () => $"{fine.Delivered.Count} of 5 reached the healthy receiver");
        Assert.Empty(stuck.Delivered);
        Assert.All(fine.Requests, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task An_event_is_dead_lettered_after_the_configured_tries_and_can_be_resent_and_replayed()
    {
        await using var gateway = await TestGateway.StartAsync(o => FastRetries(o, maxAttempts: 3));
        var bot = gateway.Client(pid: 5);
        await bot.LogInAsync("wxid_d");
        var failing = true;
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour = r => failing && r.Event.GetProperty("data").GetProperty("message").GetString() == "poison" ? 500 : 200;
        var hook = await CreateAsync(gateway, new { url = receiver.Url, kinds = TextKinds, accounts = new[] { "wxid_d" }, secret = "a-secret-of-enough-length" });
        Assert.Equal("a-secret-of-enough-length", hook.GetProperty("secret").GetString());
        receiver.Secret = "a-secret-of-enough-length";
        var id = hook.GetProperty("id").GetInt64();
        await bot.ReportAsync(Text("wxid_d", "poison"));
        await bot.ReportAsync(Text("wxid_d", "fine-1"));
        await bot.ReportAsync(Text("wxid_d", "fine-2"));
        var seqs = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();

        await DriveAsync(gateway, () => Task.FromResult(receiver.Delivered.Count == 2), () => $"{receiver.Delivered.Count} of the 2 good events delivered");
        // The dead letter is written after the receiver has seen the events behind it (a page's writes are collected at its end).
        await DriveAsync(gateway, async () => (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}/dead-letters")).GetProperty("items").GetArrayLength() > 0, () => "the first event was not dead-lettered");
        var dead = Assert.Single((await gateway.GetJsonAsync($"/api/v1/webhooks/{id}/dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Equal(seqs[0], dead.GetProperty("seq").GetInt64());
        Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
        Assert.Equal(500, dead.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("dead", dead.GetProperty("state").GetString());
        var tries = (await DeliveriesAsync(gateway, id)).Where(d => d.GetProperty("seq").GetInt64() == seqs[0]).ToList();
        Assert.Equal([1, 2, 3], tries.Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Equal(["failed", "failed", "deadLettered"], tries.Select(d => d.GetProperty("outcome").GetString()));
        Assert.All(tries, d => Assert.Equal(500, d.GetProperty("statusCode").GetInt32()));

        // The receiver is fixed: the dead letter is resent.
        failing = false;
        using (var resend = await gateway.Http.PostAsync($"/api/v1/webhooks/{id}/dead-letters/{dead.GetProperty("id").GetInt64()}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        await DriveAsync(gateway, async () => (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}/dead-letters")).GetProperty("items")[0].GetProperty("state").GetString() == "resent", () => "the dead letter was not resent");
        Assert.Contains(receiver.Delivered, d => d.Seq == seqs[0]);

        // Replay from before the first event: all three again, in order.
        var before = receiver.Delivered.Count;
        using (var replay = await gateway.Http.PostAsJsonAsync($"/api/v1/webhooks/{id}/replay", new { after = seqs[0] - 1 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await DriveAsync(gateway, () => Task.FromResult(receiver.Delivered.Count >= before + 3), () => "the replay did not redeliver the three events");
        Assert.Equal(seqs, receiver.Delivered.Skip(before).Select(d => d.Seq));
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        var sample = receiver.Requests.First();
        Assert.False(WebhookReceiver.Verify("another-secret-entirely", sample.Timestamp, sample.Body, sample.Signature));
        Assert.False(WebhookReceiver.Verify("a-secret-of-enough-length", sample.Timestamp, [.. sample.Body, (byte)' '], sample.Signature));
        Assert.False(WebhookReceiver.Verify("a-secret-of-enough-length", "1", sample.Body, sample.Signature));
    }

    [Fact]
    public async Task Webhooks_are_created_listed_changed_and_deleted_and_bad_input_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync();
        foreach (var (body, detail) in new (object Body, string Detail)[]
        {
            (new { kinds = TextKinds }, "is required: the receiver"),
            (new { url = "ftp://example.org/x" }, "absolute http://"),
            (new { url = "http://127.0.0.1:1/x", secret = "short" }, "must be a string of 16"),
            (new { url = "http://127.0.0.1:1/x", kinds = new object[] { 1 } }, "must be an array of at most"),
        })
        {
            using var refused = await gateway.Http.PostAsJsonAsync("/api/v1/webhooks", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(detail, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty((await gateway.GetJsonAsync("/api/v1/webhooks")).GetProperty("items").EnumerateArray());
        var created = await CreateAsync(gateway, new { url = "http://127.0.0.1:1/hook", kinds = TextKinds, description = "bot" });
        var id = created.GetProperty("id").GetInt64();
        Assert.StartsWith("wqsec_", created.GetProperty("secret").GetString(), StringComparison.Ordinal);
        var shown = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.Equal("bot", shown.GetProperty("description").GetString());
        Assert.Equal(TextKinds, shown.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        var listed = Assert.Single((await gateway.GetJsonAsync("/api/v1/webhooks")).GetProperty("items").EnumerateArray());
        Assert.False(listed.TryGetProperty("secret", out _));

        using (var patch = await gateway.Http.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = false, accounts = new[] { "wxid_x" } }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var patched = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
        Assert.False(patched.GetProperty("enabled").GetBoolean());
        Assert.Equal(["wxid_x"], patched.GetProperty("accounts").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(TextKinds, patched.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));

        using (var put = await gateway.Http.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { url = "http://127.0.0.1:2/other" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var replaced = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
        Assert.Equal("http://127.0.0.1:2/other", replaced.GetProperty("url").GetString());
        Assert.Empty(replaced.GetProperty("kinds").EnumerateArray());
        Assert.True(replaced.GetProperty("enabled").GetBoolean());
        Assert.False(replaced.TryGetProperty("description", out _));

        using (var delete = await gateway.Http.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await gateway.Http.GetAsync($"/api/v1/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var goneLog = await gateway.Http.GetAsync($"/api/v1/webhooks/{id}/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, goneLog.StatusCode);
        using var badId = await gateway.Http.GetAsync("/api/v1/webhooks/abc");
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }
}
