using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>A command accepted while its target's long-poll waits is handed to that poll in the transaction that stores it.</summary>
public sealed class PollHandoffTests
{
    [Fact]
    public async Task A_command_for_a_waiting_poll_is_stored_and_delivered_in_one_commit()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxLongPoll = TimeSpan.FromSeconds(60));
        var (client, poll) = await HeldPollAsync(gateway, 21, "wxid_handoff");

        var writer = gateway.Services.GetRequiredService<StoreWriter>();
        var before = writer.Commits;
        var id = (await gateway.PostCommandAsync("wxid_handoff", "sendTextMessage", new { wxid = "wxid_friend", text = "at once" })).GetProperty("id").GetInt64();
        var commands = await poll.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("at once", Assert.IsType<SendTextMessageCommand>(Assert.Single(commands)).Text);
        Assert.Equal(before + 1, writer.Commits);
        var record = await gateway.GetCommandAsync(id);
        Assert.Equal("delivered", record.GetProperty("state").GetString());
        Assert.Equal(1, record.GetProperty("deliveries").GetInt32());
        Assert.Equal("127.0.0.1/21", record.GetProperty("deliveredTo").GetString());

        // Handed out once: the next poll finds nothing.
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task A_command_with_an_idempotency_key_is_handed_to_a_waiting_poll_in_its_commit_and_a_retry_hands_nothing()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxLongPoll = TimeSpan.FromSeconds(60));
        var (client, poll) = await HeldPollAsync(gateway, 26, "wxid_handoff_idem");

        var writer = gateway.Services.GetRequiredService<StoreWriter>();
        var before = writer.Commits;
        const string body = """{"type":"text","to":"wxid_friend","text":"once, at once"}""";
        var first = await gateway.SendAsync("POST", "/api/v1/accounts/wxid_handoff_idem/messages", body, "handoff-1");
        var commands = await poll.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("once, at once", Assert.IsType<SendTextMessageCommand>(Assert.Single(commands)).Text);
        Assert.Equal(before + 1, writer.Commits);
        Assert.Equal("delivered", await gateway.CommandStateAsync(first.Id));

        // The retry finds the key: nothing new is stored or handed to the next waiting poll.
        var next = client.PollAsync(waitSeconds: 50);
        await HeldAsync(gateway, "127.0.0.1/26");
        var retry = await gateway.SendAsync("POST", "/api/v1/accounts/wxid_handoff_idem/messages", body, "handoff-1");
        Assert.True(retry.Replayed);
        Assert.Equal(first.Id, retry.Id);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, (await gateway.GetCommandAsync(first.Id)).GetProperty("deliveries").GetInt32());
    }

    [Fact]
    public async Task Commands_accepted_together_for_a_waiting_poll_arrive_once_each_in_order()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxLongPoll = TimeSpan.FromSeconds(60));
        var (client, poll) = await HeldPollAsync(gateway, 22, "wxid_handoff_order");

        var posts = Enumerable.Range(0, 5)
            .Select(i => gateway.PostCommandAsync("wxid_handoff_order", "sendTextMessage", new { wxid = "wxid_friend", text = $"m{i}" }))
            .ToList();
        var ids = new List<long>();
        foreach (var p in posts)
        {
            ids.Add((await p).GetProperty("id").GetInt64());
        }

        var received = new List<Command>(await poll.WaitAsync(TimeSpan.FromSeconds(15)));
        await Eventually.TrueAsync(
            async () =>
            {
                received.AddRange(await client.PollAsync());
                return received.Count >= ids.Count;
            },
            () => $"every command should be delivered, got {received.Count} of {ids.Count}");

        Assert.Equal(ids.Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(c => c.SendId));
        foreach (var id in ids)
        {
            Assert.Equal(1, (await gateway.GetCommandAsync(id)).GetProperty("deliveries").GetInt32());
        }
    }

    [Fact]
    public async Task A_handed_command_survives_a_restart_as_delivered_and_is_not_handed_out_again()
    {
        var data = TestGateway.NewDataDirectory();
        long id;
        await using (var gateway = await TestGateway.StartAsync(o => o.MaxLongPoll = TimeSpan.FromSeconds(60), dataDirectory: data))
        {
            var (client, poll) = await HeldPollAsync(gateway, 23, "wxid_handoff_restart");
            id = (await gateway.PostCommandAsync("wxid_handoff_restart", "sendTextMessage", new { wxid = "wxid_friend", text = "once" })).GetProperty("id").GetInt64();
            Assert.Single(await poll.WaitAsync(TimeSpan.FromSeconds(15)));
        }

        await using (var again = await TestGateway.StartAsync(dataDirectory: data))
        {
            Assert.Equal("delivered", await again.CommandStateAsync(id));
            var client = again.Client(pid: 23, wxid: "wxid_handoff_restart");
            Assert.Empty(await client.PollAsync());
        }
    }

    [Fact]
    public async Task A_claimed_poll_that_is_released_waits_again_and_one_that_is_handed_gets_the_commands()
    {
        var handoff = new PollHandoff();
        using var waiter = handoff.Register(["wxid_a", "pid:1"], "c/1");
        Assert.Null(handoff.TryClaim("wxid_a"));

        waiter.Arm();
        var settled = waiter.Settled;
        var claimed = handoff.TryClaim("pid:1");
        Assert.Same(waiter, claimed);
        Assert.Null(handoff.TryClaim("wxid_a"));

        // Stopping while claimed waits for the claim to settle.
        var disarm = waiter.DisarmAsync();
        Assert.False(disarm.IsCompleted);
        claimed!.Release();
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await disarm.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(handoff.TryClaim("wxid_a"));

        waiter.Arm();
        var again = waiter.Settled;
        Assert.Same(waiter, handoff.TryClaim("wxid_a"));
        var command = new StoredCommand { Id = 7, Target = "wxid_a", Api = "sendTextMessage", Wire = "{}", State = CommandState.Delivered, CreatedAt = DateTimeOffset.UnixEpoch };
        waiter.Hand([command]);
        await again.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(7, Assert.Single((await waiter.DisarmAsync())!).Id);
        Assert.Null(await waiter.DisarmAsync());
    }

    [Fact]
    public void A_disposed_poll_cannot_be_claimed()
    {
        var handoff = new PollHandoff();
        var waiter = handoff.Register(["wxid_b"], "c/2");
        waiter.Arm();
        waiter.Dispose();
        Assert.Null(handoff.TryClaim("wxid_b"));
    }

    /// <summary>A logged-in client of <paramref name="pid"/> with a 50 s long-poll held by the gateway.</summary>
    private static async Task<(TestClient Client, Task<IReadOnlyList<Command>> Poll)> HeldPollAsync(TestGateway gateway, int pid, string wxid)
    {
        var client = gateway.Client(pid);
        await client.LogInAsync(wxid);
        var poll = client.PollAsync(waitSeconds: 50);
        await HeldAsync(gateway, $"127.0.0.1/{pid}");
        return (client, poll);
    }

    private static Task HeldAsync(TestGateway gateway, string instance) => Eventually.TrueAsync(
        () => Task.FromResult(gateway.Services.GetRequiredService<Presence.InstanceRegistry>().Find(instance)?.ActivePolls == 1),
        () => "the poll should be held");
}
