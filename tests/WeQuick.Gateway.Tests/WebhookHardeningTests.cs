using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>Where webhooks may post, what their delivery log keeps, how they ride out an outage, and how long the log is kept.</summary>
public sealed class WebhookHardeningTests
{
    private static readonly string[] TextKinds = ["reportTextMessage"];

    private static TextMessageReport Text(string account, string message) =>
        new() { Account = account, MsgType = 1, WxidFrom = "wxid_friend", WxidTo = account, Message = message };

    private static async Task<JsonElement> CreateAsync(TestGateway gateway, object body)
    {
        using var response = await gateway.Http.PostAsJsonAsync("/api/v1/webhooks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/webhooks answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:wequick:problem:webhook-destination-refused", problem.GetProperty("type").GetString());
        Assert.Contains($"points at a {reason} destination", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ItemsAsync(TestGateway gateway, string path) =>
        [.. (await gateway.GetJsonAsync(path)).GetProperty("items").EnumerateArray()];

    private static DateTimeOffset Time(JsonElement e, string name) => e.GetProperty(name).GetDateTimeOffset();

    /// <summary>
    /// Waits for <paramref name="done"/> while moving virtual time on to each retry as soon as the webhook shows it
    /// scheduled (nextAttemptAt), so an outage of hours passes in a few seconds.
    /// </summary>
    private static Task RetryUntilAsync(TestGateway gateway, long id, Func<JsonElement, Task<bool>> done, Func<string> because) =>
        Eventually.TrueAsync(
            async () =>
            {
                var hook = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
                if (await done(hook))
                {
                    return true;
                }

                var now = gateway.Time.GetUtcNow();
                if (hook.TryGetProperty("nextAttemptAt", out var next) && next.GetDateTimeOffset() is var due && due >= now)
                {
                    gateway.Advance(due - now + TimeSpan.FromMilliseconds(1));
                }

                return false;
            },
            because,
            TimeSpan.FromSeconds(120));

    [Fact]
    public async Task Link_local_metadata_and_other_never_receiver_urls_are_refused_at_creation_even_when_every_mode_allows_the_rest()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Webhooks.Egress = WebhookEgress.Any);
        foreach (var (url, reason) in new[]
        {
            ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
            ("http://2852039166/latest/meta-data/", "cloud metadata"),
            ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
            ("http://[fd00:ec2::254]/", "cloud metadata"),
            ("http://100.100.100.200/latest/meta-data/", "cloud metadata"),
            ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
            ("http://169.254.10.20:8080/hook", "link-local"),
            ("http://[fe80::1]/hook", "link-local"),
            ("http://0.0.0.0:8080/hook", "unspecified address"),
            ("http://[::]:8080/hook", "unspecified address"),
            ("http://224.0.0.1/hook", "multicast"),
            ("http://[ff02::1]/hook", "multicast"),
            ("http://255.255.255.255/hook", "broadcast"),
        })
        {
            using var refused = await gateway.Http.PostAsJsonAsync("/api/v1/webhooks", new { url, enabled = false });
            await AssertRefusedAsync(refused, reason);
        }

        Assert.Empty(await ItemsAsync(gateway, "/api/v1/webhooks"));

        // A change of url is checked the same way, and leaves the webhook as it was.
        var hook = await CreateAsync(gateway, new { url = "http://127.0.0.1:9/hook", enabled = false });
        var id = hook.GetProperty("id").GetInt64();
        using (var patch = await gateway.Http.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { url = "http://169.254.169.254/" }))
        {
            await AssertRefusedAsync(patch, "cloud metadata");
        }

        using (var put = await gateway.Http.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { url = "http://[fe80::2]:80/" }))
        {
            await AssertRefusedAsync(put, "link-local");
        }

        Assert.Equal("http://127.0.0.1:9/hook", (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}")).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Loopback_and_private_destinations_follow_the_egress_mode_and_the_allow_list_wins()
    {
        await using (var strict = await TestGateway.StartAsync(o => o.Webhooks.Egress = WebhookEgress.Public))
        {
            foreach (var (url, reason) in new[]
            {
                ("http://127.0.0.1:9/hook", "loopback"),
                ("http://localhost:9/hook", "loopback"),
                ("http://[::1]:9/hook", "loopback"),
                ("http://10.1.2.3/hook", "private address"),
                ("http://172.20.0.5/hook", "private address"),
                ("http://192.168.1.10/hook", "private address"),
                ("http://100.64.0.1/hook", "private address"),
                ("http://[fd12:3456::1]/hook", "private address"),
            })
            {
                using var refused = await strict.Http.PostAsJsonAsync("/api/v1/webhooks", new { url, enabled = false });
                await AssertRefusedAsync(refused, reason);
            }
        }

        await using (var lan = await TestGateway.StartAsync(o => o.Webhooks.Egress = WebhookEgress.PublicAndPrivate))
        {
            await CreateAsync(lan, new { url = "http://192.168.1.10/hook", enabled = false });
            using var refused = await lan.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", enabled = false });
            await AssertRefusedAsync(refused, "loopback");
        }

        await using var listed = await TestGateway.StartAsync(o =>
        {
            o.Webhooks.Egress = WebhookEgress.Public;
            o.Webhooks.AllowedDestinations = ["127.0.0.1", "10.20.0.0/16", "169.254.169.254", "Bot.Internal"];
        });
        await CreateAsync(listed, new { url = "http://127.0.0.1:9/hook", enabled = false });
        await CreateAsync(listed, new { url = "http://10.20.30.40/hook", enabled = false });
        await CreateAsync(listed, new { url = "http://169.254.169.254/hook", enabled = false });
        await CreateAsync(listed, new { url = "http://bot.internal/hook", enabled = false });
        using (var outside = await listed.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://10.21.0.1/hook", enabled = false }))
        {
            await AssertRefusedAsync(outside, "private address");
        }

        using (var other = await listed.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://169.254.169.253/hook", enabled = false }))
        {
            await AssertRefusedAsync(other, "link-local");
        }
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_refused_address_is_refused_at_delivery_without_a_connection() => await TestGateway.WithDataDirectoryAsync(async dir =>
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        long id;
        await using (var open = await TestGateway.StartAsync(o => o.Webhooks.Egress = WebhookEgress.Any, dataDirectory: dir))
        {
            id = (await CreateAsync(open, new { url = $"http://localhost:{receiver.Port}/hook", kinds = TextKinds })).GetProperty("id").GetInt64();
        }

        // The same webhook under a stricter policy: the name now resolves to a destination it refuses.
        await using var gateway = await TestGateway.StartAsync(o => o.Webhooks.Egress = WebhookEgress.PublicAndPrivate, dataDirectory: dir);
        var bot = gateway.Client(pid: 7);
        await bot.LogInAsync("wxid_e");
        await bot.ReportAsync(Text("wxid_e", "to a refused place"));

        await RetryUntilAsync(gateway, id, async _ => (await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries")).Count >= 2, () => "no refused attempts were recorded");
        var tries = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries");
        Assert.All(tries, t => Assert.Equal("refused by egress policy: loopback", t.GetProperty("error").GetString()));
        Assert.All(tries, t => Assert.False(t.TryGetProperty("statusCode", out _)));
        Assert.Empty(receiver.Requests);
        var hook = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
        Assert.Equal("receiverDown", hook.GetProperty("state").GetString());
        Assert.Equal("refused by egress policy: loopback", hook.GetProperty("lastError").GetString());
    });

    [Fact]
    public async Task The_delivery_log_keeps_the_status_and_a_short_reason_never_the_receivers_answer_or_the_socket_error()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Webhooks.MaxAttempts = 2;
            o.Webhooks.InitialBackoff = TimeSpan.FromSeconds(1);
            o.Webhooks.MaxBackoff = TimeSpan.FromSeconds(2);
        });
        var bot = gateway.Client(pid: 8);
        await bot.LogInAsync("wxid_r");
        var port = WebhookReceiver.FreePort();
        var hook = await CreateAsync(gateway, new { url = $"http://127.0.0.1:{port}/hook", kinds = TextKinds });
        var id = hook.GetProperty("id").GetInt64();
        await bot.ReportAsync(Text("wxid_r", "first"));

        // Nothing listens: the first event is given up on after two refused connections.
        await RetryUntilAsync(gateway, id, async _ => (await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters")).Count == 1, () => "the first event was not dead-lettered");
        var refused = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries");
        Assert.Equal(["connection refused", "connection refused"], refused.Select(d => d.GetProperty("error").GetString()));

        // Up, but failing with an answer that tells more than it should.
        await using var receiver = await WebhookReceiver.StartAsync(port, behaviour: _ => 500, secret: hook.GetProperty("secret").GetString()!);
        receiver.AnswerBody = "internal: db password is hunter2 at 10.0.0.5:5432";
        await bot.ReportAsync(Text("wxid_r", "second"));
        await RetryUntilAsync(gateway, id, async _ => (await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters")).Count == 2, () => "the second event was not dead-lettered");

        var log = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries");
        var answered = log.Skip(2).ToList();
        Assert.Equal(2, answered.Count);
        Assert.All(answered, d => Assert.Equal(500, d.GetProperty("statusCode").GetInt32()));
        Assert.All(answered, d => Assert.Equal("HTTP 500", d.GetProperty("error").GetString()));
        var letters = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters");
        Assert.Equal(["connection refused", "HTTP 500"], letters.Select(l => l.GetProperty("lastError").GetString()));
        foreach (var path in new[] { $"/api/v1/webhooks/{id}/deliveries", $"/api/v1/webhooks/{id}/dead-letters", $"/api/v1/webhooks/{id}" })
        {
            var text = (await gateway.GetJsonAsync(path)).GetRawText();
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Connection refused (", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_receiver_down_for_an_hour_gets_every_event_in_order_when_it_comes_back()
    {
        // The default retry settings: nothing here shortens them.
        await using var gateway = await TestGateway.StartAsync();
        var a = gateway.Client(pid: 11);
        var b = gateway.Client(pid: 12);
        await a.LogInAsync("wxid_oa");
        await b.LogInAsync("wxid_ob");
        var port = WebhookReceiver.FreePort();
        var hook = await CreateAsync(gateway, new { url = $"http://127.0.0.1:{port}/hook", kinds = TextKinds });
        var id = hook.GetProperty("id").GetInt64();
        var secret = hook.GetProperty("secret").GetString()!;
        for (var i = 0; i < 5; i++)
        {
            await a.ReportAsync(Text("wxid_oa", $"a{i}"));
            await b.ReportAsync(Text("wxid_ob", $"b{i}"));
        }

        var expected = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(10, expected.Count);

        // An hour of outage, in virtual time: the first event is retried, nothing behind it is sent, nothing is given up.
        JsonElement down = default;
        await RetryUntilAsync(
            gateway,
            id,
            h =>
            {
                down = h;
                return Task.FromResult(h.TryGetProperty("downSince", out var since) && gateway.Time.GetUtcNow() - since.GetDateTimeOffset() >= TimeSpan.FromHours(1));
            },
            () => $"the receiver was not seen down for an hour: {down}");
        Assert.Equal("receiverDown", down.GetProperty("state").GetString());
        Assert.Equal("connection refused", down.GetProperty("lastError").GetString());
        Assert.Equal(10, down.GetProperty("pending").GetInt32());
        Assert.True(Time(down, "nextAttemptAt") - gateway.Time.GetUtcNow() <= gateway.Options.Webhooks.MaxBackoff, "the next try is further away than the longest backoff");
        var tries = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries?limit=1000");
        Assert.True(tries.Count > 20, $"only {tries.Count} tries in an hour");
        Assert.All(tries, t => Assert.Equal(expected[0], t.GetProperty("seq").GetInt64()));
        Assert.Empty(await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters"));

        // Back: the waiting event goes at its next try, and everything behind it follows, in order.
        await using var receiver = await WebhookReceiver.StartAsync(port, secret: secret);
        await RetryUntilAsync(gateway, id, _ => Task.FromResult(receiver.Delivered.Count >= expected.Count), () => $"{receiver.Delivered.Count} of {expected.Count} delivered");
        Assert.Equal(expected, receiver.Delivered.Select(d => d.Seq));
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        Assert.Empty(await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters"));
        JsonElement back = default;
        await Eventually.TrueAsync(
            async () =>
            {
                back = await gateway.GetJsonAsync($"/api/v1/webhooks/{id}");
                return back.GetProperty("cursor").GetInt64() >= expected[^1];
            },
            () => $"the cursor did not reach the last event: {back}");
        Assert.Equal("delivering", back.GetProperty("state").GetString());
        Assert.False(back.TryGetProperty("downSince", out _));
        Assert.False(back.TryGetProperty("nextAttemptAt", out _));
        Assert.Equal("connection refused", back.GetProperty("lastError").GetString());
        Assert.Equal(0, back.GetProperty("pending").GetInt32());
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_receiver_down_for_longer_than_the_retry_window_has_its_events_dead_lettered_in_order_and_resent_in_order()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Webhooks.RetryWindow = TimeSpan.FromHours(2));
        var bot = gateway.Client(pid: 13);
        await bot.LogInAsync("wxid_w");
        var port = WebhookReceiver.FreePort();
        var hook = await CreateAsync(gateway, new { url = $"http://127.0.0.1:{port}/hook", kinds = TextKinds });
        var id = hook.GetProperty("id").GetInt64();
        for (var i = 0; i < 4; i++)
        {
            await bot.ReportAsync(Text("wxid_w", $"w{i}"));
        }

        var expected = (await gateway.AllEventsAsync()).Where(e => e.GetProperty("kind").GetString() == "reportTextMessage").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        JsonElement state = default;
        await RetryUntilAsync(
            gateway,
            id,
            async h =>
            {
                state = h;
                return (await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters")).Count == expected.Count;
            },
            () => $"not every event was dead-lettered: {state}");

        var letters = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/dead-letters");
        Assert.Equal(expected, letters.Select(l => l.GetProperty("seq").GetInt64()));
        var downSince = Time(state, "downSince");
        Assert.True(Time(letters[0], "deadAt") - downSince >= TimeSpan.FromHours(2), "the first event was given up on before the window passed");
        Assert.True(Time(letters[0], "deadAt") - downSince < TimeSpan.FromHours(2) + gateway.Options.Webhooks.MaxBackoff + TimeSpan.FromSeconds(1), "the first event was held past the window");
        Assert.True(letters[0].GetProperty("attempts").GetInt32() > 10);
        Assert.All(letters.Skip(1), l => Assert.Equal(1, l.GetProperty("attempts").GetInt32()));
        Assert.All(letters, l => Assert.Equal("connection refused", l.GetProperty("lastError").GetString()));
        Assert.Equal("receiverDown", state.GetProperty("state").GetString());

        // Back: the dead letters, queued oldest first, are delivered in that order; then new events flow again.
        await using var receiver = await WebhookReceiver.StartAsync(port, secret: hook.GetProperty("secret").GetString()!);
        foreach (var letter in letters)
        {
            using var resend = await gateway.Http.PostAsync($"/api/v1/webhooks/{id}/dead-letters/{letter.GetProperty("id").GetInt64()}/resend", null);
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Delivered.Count == expected.Count), () => $"{receiver.Delivered.Count} of {expected.Count} resent");
        Assert.Equal(expected, receiver.Delivered.Select(d => d.Seq));
        await bot.ReportAsync(Text("wxid_w", "after"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Delivered.Count == expected.Count + 1), () => "the new event was not delivered");
        await Eventually.TrueAsync(async () => (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}")).GetProperty("state").GetString() == "delivering", () => "the webhook does not show the receiver back");
    }

    [Fact]
    public async Task Delivery_log_rows_older_than_the_retention_are_pruned_by_the_sweep()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var bot = gateway.Client(pid: 14);
        await bot.LogInAsync("wxid_p");
        var hook = await CreateAsync(gateway, new { url = receiver.Url, kinds = TextKinds });
        receiver.Secret = hook.GetProperty("secret").GetString()!;
        var id = hook.GetProperty("id").GetInt64();
        for (var i = 0; i < 3; i++)
        {
            await bot.ReportAsync(Text("wxid_p", $"old{i}"));
        }

        await Eventually.TrueAsync(async () => (await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries")).Count == 3, () => "the first three deliveries were not logged");

        // Eight days on (the default retention is seven), two more events.
        gateway.Advance(TimeSpan.FromDays(8));
        await bot.ReportAsync(Text("wxid_p", "new0"));
        await bot.ReportAsync(Text("wxid_p", "new1"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Delivered.Count == 5), () => "the new events were not delivered");
        var newSeqs = receiver.Delivered.Skip(3).Select(d => d.Seq).ToList();

        List<JsonElement> log = [];
        await Eventually.TrueAsync(
            async () =>
            {
                log = await ItemsAsync(gateway, $"/api/v1/webhooks/{id}/deliveries");
                if (log.Count == 2)
                {
                    return true;
                }

                gateway.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            () => $"the old rows were not pruned: {log.Count} rows");
        Assert.Equal(newSeqs, log.Select(d => d.GetProperty("seq").GetInt64()));
        Assert.All(log, d => Assert.Equal("delivered", d.GetProperty("outcome").GetString()));
        Assert.Equal(5, receiver.Delivered.Count);
        Assert.Equal(newSeqs[^1], (await gateway.GetJsonAsync($"/api/v1/webhooks/{id}")).GetProperty("cursor").GetInt64());
    }
}
