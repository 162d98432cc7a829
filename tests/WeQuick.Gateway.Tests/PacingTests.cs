using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Pacing;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class PacingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private static void Paced(GatewayOptions o)
    {
        o.Pacing.Enabled = true;
        o.Pacing.Seed = 7;
        o.Pacing.Jitter = 0.3;
        o.Pacing.MinGap = TimeSpan.FromSeconds(1);
        o.Pacing.Private = new PacingBudget { Burst = 5, Interval = TimeSpan.FromSeconds(3) };
        o.Pacing.Room = new PacingBudget { Burst = 1, Interval = TimeSpan.FromSeconds(6) };
        o.Pacing.RoomOps = new PacingBudget { Burst = 1, Interval = TimeSpan.FromSeconds(10) };
        o.Pacing.CreateChatRoomPerDay = 2;
        o.Pacing.FriendAddsPerDay = 2;
        o.OnlineGrace = TimeSpan.FromHours(2);
        o.OfflineCommandTtl = TimeSpan.FromDays(3);
    }

    [Fact]
    public async Task A_burst_of_100_sends_goes_out_spaced_in_order_none_lost_each_at_or_after_its_expected_time()
    {
        await using var gateway = await TestGateway.StartAsync(Paced);
        var client = gateway.Client(pid: 1);
        await client.LogInAsync("wxid_me");
        var start = gateway.Time.GetUtcNow();

        var expected = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            var record = await gateway.PostCommandAsync("wxid_me", "sendTextMessage", new { wxid = "wxid_friend", message = $"m{i}" });
            expected[record.GetProperty("sendId").GetString()!] = record.GetProperty("expectedAt").GetDateTimeOffset();
        }

        var planned = expected.OrderBy(e => long.Parse(e.Key, CultureInfo.InvariantCulture)).Select(e => e.Value).ToList();
        Assert.All(planned.Take(1), t => Assert.Equal(start, t));
        for (var i = 1; i < planned.Count; i++)
        {
            // Never closer than the smallest jittered gap; past the burst, never closer than the smallest jittered interval.
            // Never closer than the smallest jittered gap.
            var gap = planned[i] - planned[i - 1];
            Assert.True(gap >= TimeSpan.FromSeconds(0.7), $"plan gap {i}: {gap}");

            // In any window, no more than the burst and what the fastest jittered interval refills.
            var window = TimeSpan.FromSeconds(30);
            var inWindow = planned.Count(t => t >= planned[i] && t < planned[i] + window);
            Assert.True(inWindow <= 5 + (int)(window / TimeSpan.FromSeconds(2.1)) + 1, $"{inWindow} planned in 30 s from {i}");
        }

        Assert.True(planned[^1] - start >= TimeSpan.FromSeconds(95 * 2.1), $"the plan spans only {planned[^1] - start}");

        Assert.True(planned.Select((t, i) => i == 0 ? TimeSpan.Zero : t - planned[i - 1]).Distinct().Count() > 10, "the waits are jittered");

        var delivered = new List<(long Id, DateTimeOffset At)>();
        for (var round = 0; round < 2000 && delivered.Count < 100; round++)
        {
            foreach (var c in await client.PollAsync())
            {
                delivered.Add((long.Parse(c.SendId!, CultureInfo.InvariantCulture), gateway.Time.GetUtcNow()));
                Assert.True(gateway.Time.GetUtcNow() >= expected[c.SendId!], $"command {c.SendId} went at {gateway.Time.GetUtcNow():O}, before its expected {expected[c.SendId!]:O}");
            }

            gateway.Advance(Step);
        }

        Assert.Equal(100, delivered.Count);
        Assert.Equal(expected.Keys.Select(k => long.Parse(k, CultureInfo.InvariantCulture)).Order(), delivered.Select(d => d.Id));
        for (var i = 1; i < delivered.Count; i++)
        {
            Assert.True(delivered[i].At - delivered[i - 1].At >= TimeSpan.FromSeconds(0.7), $"delivery gap {i}");
        }

        // In any window, no more than the burst plus what the fastest jittered interval allows.
        for (var i = 0; i < delivered.Count; i++)
        {
            var window = TimeSpan.FromSeconds(30);
            var inWindow = delivered.Count(d => d.At >= delivered[i].At && d.At < delivered[i].At + window);
            Assert.True(inWindow <= 5 + (int)(window / TimeSpan.FromSeconds(2.1)) + 1, $"{inWindow} sends in 30 s from delivery {i}");
        }

        Assert.True(delivered[^1].At - start >= TimeSpan.FromSeconds(95 * 2.1), $"100 sends took only {delivered[^1].At - start}");
        var record99 = await gateway.GetCommandAsync(delivered[^1].Id);
        Assert.Equal("delivered", record99.GetProperty("state").GetString());
        Assert.False(record99.TryGetProperty("expectedAt", out _));
    }

    [Fact]
    public async Task A_held_poll_is_woken_when_the_next_paced_command_becomes_due()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            Paced(o);
            o.Pacing.MinGap = TimeSpan.Zero;
        });
        var client = gateway.Client(pid: 1);
        client.Takes = 20;
        await client.LogInAsync("wxid_me");
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await gateway.PostCommandAsync("wxid_me", "sendTextMessage", new { wxid = "wxid_friend", message = $"m{i}" })).GetProperty("id").GetInt64());
        }

        var got = 0;
        for (var round = 0; round < 100 && got < 5; round++)
        {
            got += (await client.PollAsync()).Count;
            gateway.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, got);
        var sixth = await gateway.GetCommandAsync(ids[5]);
        Assert.Equal("queued", sixth.GetProperty("state").GetString());
        var due = sixth.GetProperty("expectedAt").GetDateTimeOffset();
        Assert.True(due > gateway.Time.GetUtcNow(), "the sixth waits for its budget");

        var held = client.PollAsync(waitSeconds: 50);
        var registry = gateway.Services.GetRequiredService<InstanceRegistry>();
        await Eventually.TrueAsync(() => Task.FromResult(registry.All.Any(i => { lock (i.Gate) { return i.ActivePolls > 0; } })), () => "the poll was not held");
        Assert.False(held.IsCompleted);
        gateway.Advance(due - gateway.Time.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        var woke = await held.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(ids[5].ToString(CultureInfo.InvariantCulture), Assert.Single(woke).SendId);
    }

    [Fact]
    public async Task Room_messages_and_room_operations_have_slower_budgets_and_queries_are_not_paced()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            Paced(o);
            o.Pacing.Accounts["wxid_other"] = new AccountPacingOptions { Room = new PacingBudget { Burst = 1, Interval = TimeSpan.FromSeconds(20) }, Jitter = 0 };
        });
        var room = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            room.Add((await gateway.PostCommandAsync("wxid_me", "sendTextMessage", new { wxid = "1@chatroom", message = $"r{i}" })).GetProperty("expectedAt").GetDateTimeOffset());
        }

        Assert.All(room.Skip(1).Zip(room), p => Assert.True(p.First - p.Second >= TimeSpan.FromSeconds(6 * 0.7), $"room gap {p.First - p.Second}"));

        var ops = new List<DateTimeOffset>();
        foreach (var name in (string[])["a", "b", "c"])
        {
            ops.Add((await gateway.PostCommandAsync("wxid_ops", "updateChatRoomName", new { chatRoom = "1@chatroom", nick = name })).GetProperty("expectedAt").GetDateTimeOffset());
        }

        Assert.All(ops.Skip(1).Zip(ops), p => Assert.True(p.First - p.Second >= TimeSpan.FromSeconds(10 * 0.7), $"room op gap {p.First - p.Second}"));

        var other = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            other.Add((await gateway.PostCommandAsync("wxid_other", "sendTextMessage", new { wxid = "1@chatroom", message = $"o{i}" })).GetProperty("expectedAt").GetDateTimeOffset());
        }

        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)], other.Skip(1).Zip(other, (a, b) => a - b));

        var query = await gateway.PostCommandAsync("wxid_q", "getContact");
        Assert.False(query.TryGetProperty("expectedAt", out _));
        var open = await gateway.PostCommandAsync("pid:9", "getLoginQrCode");
        Assert.False(open.TryGetProperty("expectedAt", out _));
    }

    [Fact]
    public async Task Daily_caps_hold_createChatRoom_and_friend_adds_until_the_next_day()
    {
        await using var gateway = await TestGateway.StartAsync(Paced);
        var client = gateway.Client(pid: 1);
        await client.LogInAsync("wxid_me");
        var start = gateway.Time.GetUtcNow();
        var creates = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            creates.Add(await gateway.PostCommandAsync("wxid_me", "createChatRoom", new { wxidLists = new[] { "wxid_a", "wxid_b" } }));
        }

        var accepts = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            accepts.Add(await gateway.PostCommandAsync("wxid_me", "acceptFriend", new { v1 = $"v1_{i}", v2 = $"v2_{i}" }));
        }

        DateTimeOffset At(JsonElement e) => e.GetProperty("expectedAt").GetDateTimeOffset();
        Assert.True(At(creates[1]) < start + TimeSpan.FromHours(1));
        Assert.True(At(creates[2]) >= At(creates[0]) + TimeSpan.FromDays(1), $"third createChatRoom expected at {At(creates[2]):O}");
        Assert.True(At(accepts[1]) - start < TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        // Everything after the capped one waits behind it (one account's commands keep their order).
        var delivered = new List<string>();
        for (var round = 0; round < 200 && delivered.Count < 2; round++)
        {
            delivered.AddRange((await client.PollAsync()).Select(c => c.SendId!));
            gateway.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(creates.Take(2).Select(c => c.GetProperty("sendId").GetString()), delivered);
        for (var round = 0; round < 50; round++)
        {
            Assert.Empty(await client.PollAsync());
            gateway.Advance(TimeSpan.FromMinutes(20));
        }

        Assert.Equal("queued", await gateway.CommandStateAsync(creates[2].GetProperty("id").GetInt64()));
        for (var round = 0; round < 2000 && delivered.Count < 6; round++)
        {
            delivered.AddRange((await client.PollAsync()).Select(c => c.SendId!));
            gateway.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(creates.Concat(accepts).Select(c => c.GetProperty("sendId").GetString()), delivered.Take(6));
    }

    [Theory]
    [InlineData("Gateway:Pacing:Jitter", "1.5", "Jitter")]
    [InlineData("Gateway:Pacing:Room:Burst", "0", "Room")]
    [InlineData("Gateway:Pacing:Accounts:wxid_x:FriendAddsPerDay", "-1", "wxid_x")]
    public async Task Bad_pacing_settings_stop_the_host_at_start(string key, string value, string named)
    {
        var dir = TestGateway.NewDataDirectory();
        await using var app = WeQuick.Cli.Gateway.GatewayServer.Build("http://127.0.0.1:0", dir, [new(key, value)]);
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_command_that_sends_or_changes_is_paced_and_queries_are_not()
    {
        Assert.Equal(PaceClass.Private, SendPacer.Classify(new SendTextMessageCommand { Wxid = "wxid_a" }).Class);
        Assert.Equal(PaceClass.Room, SendPacer.Classify(new SendPicMessageCommand { Wxid = "1@chatroom" }).Class);
        Assert.Equal((PaceClass.RoomOps, DailyCap.CreateChatRoom), SendPacer.Classify(new CreateChatRoomCommand()));
        Assert.Equal((PaceClass.Private, DailyCap.FriendAdd), SendPacer.Classify(new AddRoomFriendCommand()));
        Assert.Equal(PaceClass.Private, SendPacer.Classify(new AcceptBankTransferCommand()).Class);
        Assert.Equal(PaceClass.RoomOps, SendPacer.Classify(new DelChatRoomUserCommand()).Class);
        // The rule by name holds for the first generation; the second's pacing is its registry policy, pinned in the protocol's V2CommandTests (issue 17).
        var v1 = ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).ToList();
        foreach (var kind in v1.Where(k => k.Api.StartsWith("get", StringComparison.Ordinal) || k.Api is "openWeChat" or "logout" or "closeProcess" or "uploadFile"))
        {
            var command = CommandEncoder.FromOption(kind.Api, default);
            Assert.Equal(PaceClass.None, SendPacer.Classify(command).Class);
        }

        var paced = v1.Count(k => SendPacer.Classify(CommandEncoder.FromOption(k.Api, default)).Class != PaceClass.None);
        Assert.Equal(v1.Count - v1.Count(k => k.Api.StartsWith("get", StringComparison.Ordinal) || k.Api is "openWeChat" or "logout" or "closeProcess" or "uploadFile"), paced);

        // Every second-generation kind the registry paces is paced by the gateway, and only those.
        foreach (var kind in ProtocolRegistry.Commands.Where(k => k.Generations == InterfaceGenerations.V2))
        {
            Assert.Equal(kind.Policy.Pacing == CommandPacing.None, SendPacer.Classify(CommandEncoder.FromOption(kind.Api, default)).Class == PaceClass.None);
        }
    }
}
