using System.Net;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// How many commands one answer holds: one for a client that says nothing (real clients execute only the first
/// element of an answer), its credential's number when configured, what it says with <c>take=</c> (as WeQuick's
/// agent does) up to <c>Gateway:MaxCommandsPerAnswer</c>; the same on the poll and on the report answer.
/// </summary>
public sealed class CommandsPerAnswerTests
{
    private static async Task<List<(long Id, string SendId)>> QueueTextsAsync(TestGateway gateway, string account, int count)
    {
        var queued = new List<(long, string)>();
        for (var i = 0; i < count; i++)
        {
            var created = await gateway.PostCommandAsync(account, "sendTextMessage", new { wxid = "wxid_friend", text = $"m{i}" });
            queued.Add((created.GetProperty("id").GetInt64(), created.GetProperty("sendId").GetString()!));
        }

        return queued;
    }

    private static TextMessageReport Incoming(string account, string text) =>
        new() { Account = account, MsgType = 1, WxidFrom = "wxid_friend", WxidTo = account, Message = text };

    /// <summary>Every command was handed out exactly once.</summary>
    private static async Task AssertDeliveredOnceAsync(TestGateway gateway, IEnumerable<(long Id, string SendId)> queued)
    {
        foreach (var (id, _) in queued)
        {
            var command = await gateway.GetCommandAsync(id);
            Assert.Equal("delivered", command.GetProperty("state").GetString());
            Assert.Equal(1, command.GetProperty("deliveries").GetInt32());
        }
    }

    [Fact]
    public async Task A_client_that_says_nothing_gets_one_command_per_poll_and_the_rest_at_its_next_polls_in_order()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 11);
        await client.LogInAsync("wxid_one");
        var queued = await QueueTextsAsync(gateway, "wxid_one", 5);

        var got = new List<string>();
        for (var i = 0; i < queued.Count; i++)
        {
            got.Add(Assert.Single(await client.PollAsync()).SendId!);
        }

        Assert.Empty(await client.PollAsync());
        Assert.Equal(queued.Select(q => q.SendId), got);
        await AssertDeliveredOnceAsync(gateway, queued);
    }

    [Fact]
    public async Task A_client_that_says_nothing_gets_one_command_per_report_answer_and_polls_take_the_rest()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 12);
        await client.LogInAsync("wxid_two");
        var queued = await QueueTextsAsync(gateway, "wxid_two", 4);

        var got = new List<string>
        {
            Assert.Single(await client.ReportAsync(Incoming("wxid_two", "a"))).SendId!,
            Assert.Single(await client.ReportAsync(Incoming("wxid_two", "b"))).SendId!,
            Assert.Single(await client.PollAsync()).SendId!,
            Assert.Single(await client.ReportAsync(Incoming("wxid_two", "c"))).SendId!,
        };
        Assert.Empty(await client.ReportAsync(Incoming("wxid_two", "d")));
        Assert.Empty(await client.PollAsync());
        Assert.Equal(queued.Select(q => q.SendId), got);
        await AssertDeliveredOnceAsync(gateway, queued);
    }

    [Fact]
    public async Task A_held_poll_of_a_client_that_says_nothing_is_handed_one_command()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 13);
        await client.LogInAsync("wxid_held");
        var queued = await QueueTextsAsync(gateway, "wxid_held", 3);

        // Already due when the polls come: each is answered at once, with the first still due.
        Assert.Equal(queued[0].SendId, Assert.Single(await client.PollAsync(waitSeconds: 50)).SendId);
        Assert.Equal(queued[1].SendId, Assert.Single(await client.PollAsync(waitSeconds: 50)).SendId);
        Assert.Equal(queued[2].SendId, Assert.Single(await client.PollAsync(waitSeconds: 50)).SendId);

        // Nothing due: the held poll is handed the next command when it is accepted.
        var held = client.PollAsync(waitSeconds: 50);
        var later = await QueueTextsAsync(gateway, "wxid_held", 1);
        Assert.Equal(later[0].SendId, Assert.Single(await held).SendId);
        await AssertDeliveredOnceAsync(gateway, [.. queued, .. later]);
    }

    [Fact]
    public async Task A_client_that_says_it_takes_more_gets_that_many_on_polls_and_report_answers()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 14);
        client.Takes = 3;
        await client.LogInAsync("wxid_takes");
        var queued = await QueueTextsAsync(gateway, "wxid_takes", 8);

        var first = await client.PollAsync();
        var second = await client.ReportAsync(Incoming("wxid_takes", "x"));
        var third = await client.PollAsync();
        Assert.Equal([3, 3, 2], [first.Count, second.Count, third.Count]);
        Assert.Equal(queued.Select(q => q.SendId), first.Concat(second).Concat(third).Select(c => c.SendId));
        await AssertDeliveredOnceAsync(gateway, queued);
    }

    [Fact]
    public async Task What_a_client_says_it_takes_is_capped_by_MaxCommandsPerAnswer()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxCommandsPerAnswer = 4);
        var client = gateway.Client(pid: 15);
        client.Takes = 50;
        await client.LogInAsync("wxid_capped");
        var queued = await QueueTextsAsync(gateway, "wxid_capped", 10);

        var polled = await client.PollAsync();
        var reported = await client.ReportAsync(Incoming("wxid_capped", "x"));
        var rest = await client.PollAsync();
        Assert.Equal([4, 4, 2], [polled.Count, reported.Count, rest.Count]);
        Assert.Equal(queued.Select(q => q.SendId), polled.Concat(reported).Concat(rest).Select(c => c.SendId));
        await AssertDeliveredOnceAsync(gateway, queued);
    }

    [Fact]
    public async Task A_configured_credential_gets_its_number_and_others_keep_the_default()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Clients.Add(new ClientCredential { Name = "batcher", Token = "batcher-token-1", CommandsPerAnswer = 3 });
            o.Clients.Add(new ClientCredential { Name = "plain", Token = "plain-token-222" });
        });
        var batcher = gateway.Client(pid: 16, prefix: "/c/batcher-token-1");
        var plain = gateway.Client(pid: 17, queryToken: "plain-token-222");
        await batcher.LogInAsync("wxid_batcher");
        await plain.LogInAsync("wxid_plain");
        var forBatcher = await QueueTextsAsync(gateway, "wxid_batcher", 5);
        var forPlain = await QueueTextsAsync(gateway, "wxid_plain", 2);

        var b1 = await batcher.PollAsync();
        var b2 = await batcher.ReportAsync(Incoming("wxid_batcher", "x"));
        Assert.Equal([3, 2], [b1.Count, b2.Count]);
        Assert.Equal(forBatcher.Select(q => q.SendId), b1.Concat(b2).Select(c => c.SendId));

        var p1 = Assert.Single(await plain.PollAsync());
        var p2 = Assert.Single(await plain.ReportAsync(Incoming("wxid_plain", "x")));
        Assert.Equal(forPlain.Select(q => q.SendId), [p1.SendId, p2.SendId]);

        // What a client says wins over its credential, within the cap.
        var more = await QueueTextsAsync(gateway, "wxid_batcher", 2);
        batcher.Takes = 1;
        Assert.Equal(more[0].SendId, Assert.Single(await batcher.PollAsync()).SendId);
        Assert.Equal(more[1].SendId, Assert.Single(await batcher.PollAsync()).SendId);
        await AssertDeliveredOnceAsync(gateway, [.. forBatcher, .. forPlain, .. more]);
    }

    [Fact]
    public async Task The_gateway_wide_default_applies_to_clients_without_a_credential()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.CommandsPerAnswer = 20);
        var client = gateway.Client(pid: 18);
        await client.LogInAsync("wxid_open");
        var queued = await QueueTextsAsync(gateway, "wxid_open", 5);
        Assert.Equal(queued.Select(q => q.SendId), (await client.PollAsync()).Select(c => c.SendId));
    }

    [Fact]
    public async Task A_paced_command_does_not_hold_the_one_place_of_an_answer_from_a_command_behind_it_that_may_go()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Pacing.Enabled = true;
            o.Pacing.Jitter = 0;
            o.Pacing.MinGap = TimeSpan.FromSeconds(5);
            o.OnlineGrace = TimeSpan.FromHours(1);
        });
        var client = gateway.Client(pid: 20);
        await client.LogInAsync("wxid_paced");
        var sends = await QueueTextsAsync(gateway, "wxid_paced", 2);
        var qr = (await gateway.PostCommandAsync("pid:20", "getLoginQrCode")).GetProperty("sendId").GetString();

        // The first send goes; the second waits for its gap, and the instance's command behind it goes instead.
        Assert.Equal(sends[0].SendId, Assert.Single(await client.PollAsync()).SendId);
        Assert.Equal(qr, Assert.Single(await client.PollAsync()).SendId);
        Assert.Empty(await client.PollAsync());
        gateway.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(sends[1].SendId, Assert.Single(await client.PollAsync()).SendId);
    }

    [Theory]
    [InlineData("take=0")]
    [InlineData("take=-1")]
    [InlineData("take=two")]
    [InlineData("take=99999999999")]
    [InlineData("take=2&take=3")]
    public async Task A_malformed_take_is_refused_on_both_endpoints_and_nothing_is_stored_or_handed_out(string query)
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 19);
        await client.LogInAsync("wxid_bad");
        var queued = await QueueTextsAsync(gateway, "wxid_bad", 1);
        var events = await gateway.Store.CountEventsAsync(default);

        using var poll = await gateway.Http.GetAsync($"/send_msg?wxid=wxid_bad&pid=19&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
        Assert.Contains("take", JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var body = new ByteArrayContent(ReportEncoder.Encode(Incoming("wxid_bad", "x")));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var report = await gateway.Http.PostAsync($"/recieve_msg?{query}", body);
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Contains("take", JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.Equal(events, await gateway.Store.CountEventsAsync(default));
        Assert.Equal("queued", await gateway.CommandStateAsync(queued[0].Id));
        Assert.Equal(queued[0].SendId, Assert.Single(await client.PollAsync()).SendId);
    }

    [Theory]
    [InlineData(0, 20, null, "Gateway:CommandsPerAnswer")]
    [InlineData(21, 20, null, "Gateway:CommandsPerAnswer")]
    [InlineData(1, 0, null, "Gateway:MaxCommandsPerAnswer")]
    [InlineData(1, 20, 0, "CommandsPerAnswer must be at least 1")]
    [InlineData(1, 5, 6, "client 'c': CommandsPerAnswer")]
    public void Out_of_range_numbers_of_commands_per_answer_are_refused_at_start(int perAnswer, int max, int? perClient, string said)
    {
        var options = new GatewayOptions { CommandsPerAnswer = perAnswer, MaxCommandsPerAnswer = max };
        options.Clients.Add(new ClientCredential { Name = "c", Token = "client-token-1", CommandsPerAnswer = perClient });
        var result = new GatewayOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(said, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_hand_one_command_to_a_silent_client_and_up_to_twenty_to_one_that_says_more()
    {
        var options = new GatewayOptions();
        Assert.Equal(1, options.CommandsPerAnswer);
        Assert.Equal(20, options.MaxCommandsPerAnswer);
        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }
}
