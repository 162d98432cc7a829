using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class LoginAndPresenceTests
{
    [Fact]
    public async Task A_new_instance_logs_in_by_qr_code_and_its_account_comes_online()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 4242);

        // Before login the instance polls with an empty wxid.
        Assert.Empty(await client.PollAsync());
        var qr = await gateway.PostCommandAsync("pid:4242", "getLoginQrCode");
        var qrId = qr.GetProperty("id").GetInt64();
        var command = Assert.Single(await client.PollUntilAnyAsync());
        Assert.IsType<GetLoginQrCodeCommand>(command);
        await client.ReportAsync(client.AnswerFor(command)!);
        await client.ReportAsync(new CommandAck { SendId = command.SendId, SendResult = "1" });

        var done = await gateway.WaitForCommandAsync(qrId, "completed");
        var answer = done.GetProperty("answer");
        Assert.Equal("reportLoginQrCode", answer.GetProperty("kind").GetString());
        // The QR report carries no cwxid: it is matched to its instance through the sendId.
        Assert.Equal("127.0.0.1/4242", answer.GetProperty("instance").GetString());
        Assert.StartsWith("data:image/png;base64,", answer.GetProperty("data").GetProperty("message").GetString(), StringComparison.Ordinal);

        // The user scans; the client reports the login and then polls with the wxid.
        client.Quirks = ReportQuirks.RealClient;
        await client.LogInAsync("wxid_bot1", nick: "机器人");
        var account = await gateway.GetJsonAsync("/api/v1/accounts/wxid_bot1");
        Assert.Equal("loggedIn", account.GetProperty("loginState").GetString());
        Assert.True(account.GetProperty("online").GetBoolean());
        Assert.Equal("127.0.0.1/4242", account.GetProperty("instance").GetString());
        Assert.Equal("机器人", account.GetProperty("profile").GetProperty("nick").GetString());

        var list = await gateway.GetJsonAsync("/api/v1/accounts");
        Assert.Equal("wxid_bot1", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("wxid").GetString());

        var kinds = (await gateway.AllEventsAsync()).Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["instanceOnline", "reportLoginQrCode", "ack", "loginStatus", "reportLoginUser", "instanceBound"], kinds);
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task Three_accounts_log_in_on_three_instances_and_each_gets_only_its_own_commands()
    {
        await using var gateway = await TestGateway.StartAsync();
        var clients = Enumerable.Range(1, 3).Select(i => gateway.Client(pid: 100 + i)).ToList();
        for (var i = 0; i < 3; i++)
        {
            await clients[i].LogInAsync($"wxid_acc{i}");
        }

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await gateway.PostCommandAsync($"wxid_acc{i}", "sendTextMessage", new { wxid = "wxid_friend", text = $"from {i}" })).GetProperty("id").GetInt64());
        }

        for (var i = 0; i < 3; i++)
        {
            var c = Assert.IsType<SendTextMessageCommand>(Assert.Single(await clients[i].PollUntilAnyAsync()));
            Assert.Equal($"from {i}", c.Text);
            await clients[i].ExecuteAsync(c);
            await gateway.WaitForCommandAsync(ids[i], "completed");
        }

        var accounts = (await gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, accounts.Count);
        Assert.All(accounts, a => Assert.Equal("loggedIn", a.GetProperty("loginState").GetString()));
    }

    [Fact]
    public async Task An_instance_that_stops_polling_goes_offline_after_the_grace_period_and_comes_back_on_its_next_poll()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.OnlineGrace = TimeSpan.FromSeconds(30));
        var client = gateway.Client(pid: 7);
        await client.LogInAsync("wxid_sleepy");

        gateway.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await client.PollAsync());
        gateway.Advance(TimeSpan.FromSeconds(20));
        // 20 s since the last poll: still within the grace.
        Assert.Equal("loggedIn", (await gateway.GetJsonAsync("/api/v1/accounts/wxid_sleepy")).GetProperty("loginState").GetString());

        for (var i = 0; i < 15; i++)
        {
            gateway.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.TrueAsync(
            async () => (await gateway.GetJsonAsync("/api/v1/accounts/wxid_sleepy")).GetProperty("loginState").GetString() == "offline",
            () => "the account should be offline after 35 s without a poll");
        var events = await gateway.AllEventsAsync();
        var offline = Assert.Single(events, e => e.GetProperty("kind").GetString() == "instanceOffline");
        Assert.Equal("wxid_sleepy", offline.GetProperty("account").GetString());
        Assert.Equal("gateway", offline.GetProperty("source").GetString());

        await client.PollAsync();
        var back = await gateway.GetJsonAsync("/api/v1/accounts/wxid_sleepy");
        Assert.Equal("loggedIn", back.GetProperty("loginState").GetString());
        Assert.Equal(2, (await gateway.AllEventsAsync()).Count(e => e.GetProperty("kind").GetString() == "instanceOnline"));
    }

    [Fact]
    public async Task An_account_that_moves_to_a_new_instance_stays_online_when_the_old_one_goes_quiet()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.OnlineGrace = TimeSpan.FromSeconds(30));
        var old = gateway.Client(pid: 11);
        await old.LogInAsync("wxid_mover");
        var moved = gateway.Client(pid: 12, wxid: "wxid_mover");
        for (var i = 0; i < 40; i++)
        {
            // Only the new instance keeps polling.
            await moved.PollAsync();
            gateway.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.TrueAsync(
            async () => (await gateway.AllEventsAsync()).Any(e => e.GetProperty("kind").GetString() == "instanceOffline" && e.GetProperty("instance").GetString() == "127.0.0.1/11"),
            () => "the old instance should go offline");
        var account = await gateway.GetJsonAsync("/api/v1/accounts/wxid_mover");
        Assert.Equal("127.0.0.1/12", account.GetProperty("instance").GetString());
        Assert.Equal("loggedIn", account.GetProperty("loginState").GetString());
        var id = (await gateway.PostCommandAsync("wxid_mover", "sendTextMessage", new { wxid = "wxid_friend", text = "to the new one" })).GetProperty("id").GetInt64();
        Assert.Single(await moved.PollUntilAnyAsync());
        Assert.Equal("127.0.0.1/12", (await gateway.GetCommandAsync(id)).GetProperty("deliveredTo").GetString());
    }

    [Fact]
    public async Task A_long_poll_is_held_until_a_command_is_queued_and_woken_at_once()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.MaxLongPoll = TimeSpan.FromSeconds(60));
        var client = gateway.Client(pid: 8);
        await client.LogInAsync("wxid_waiting");

        // Virtual time does not move, so the poll can only end by being woken.
        var poll = client.PollAsync(waitSeconds: 50);
        await Eventually.TrueAsync(
            () => Task.FromResult(gateway.Services.GetRequiredService<Presence.InstanceRegistry>().Find("127.0.0.1/8")!.ActivePolls == 1),
            () => "the poll should be held");
        Assert.False(poll.IsCompleted);

        var id = (await gateway.PostCommandAsync("wxid_waiting", "sendTextMessage", new { wxid = "wxid_friend", text = "wake" })).GetProperty("id").GetInt64();
        var commands = await poll.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("wake", Assert.IsType<SendTextMessageCommand>(Assert.Single(commands)).Text);
        Assert.Equal("delivered", await gateway.CommandStateAsync(id));
    }

    [Fact]
    public async Task A_long_poll_with_nothing_due_answers_an_empty_array_when_its_time_is_up()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 9);
        await client.LogInAsync("wxid_idle");
        var poll = client.PollAsync(waitSeconds: 5);
        await Eventually.TrueAsync(
            () => Task.FromResult(gateway.Services.GetRequiredService<Presence.InstanceRegistry>().Find("127.0.0.1/9")!.ActivePolls == 1),
            () => "the poll should be held");
        gateway.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty(await poll.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Unacked_queries_are_redelivered_until_they_fail_but_sends_are_never_handed_out_twice()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.AckTimeout = TimeSpan.FromSeconds(10);
            o.MaxDeliveries = 2;
            o.OnlineGrace = TimeSpan.FromMinutes(10);
        });
        var client = gateway.Client(pid: 10);
        client.Takes = 20;
        await client.LogInAsync("wxid_flaky");
        var query = (await gateway.PostCommandAsync("wxid_flaky", "getContact", new { flag = "1" })).GetProperty("id").GetInt64();
        var send = (await gateway.PostCommandAsync("wxid_flaky", "sendTextMessage", new { wxid = "wxid_friend", text = "once" })).GetProperty("id").GetInt64();
        Assert.Equal(2, (await client.PollAsync()).Count);

        gateway.Advance(TimeSpan.FromSeconds(11));
        var again = Assert.Single(await client.PollAsync());
        Assert.IsType<GetContactCommand>(again);
        Assert.Equal(2, (await gateway.GetCommandAsync(query)).GetProperty("deliveries").GetInt32());

        gateway.Advance(TimeSpan.FromSeconds(11));
        Assert.Empty(await client.PollAsync());
        var failed = await gateway.WaitForCommandAsync(query, "failed");
        Assert.Contains("no ack", failed.GetProperty("errorReason").GetString(), StringComparison.Ordinal);
        var sent = await gateway.GetCommandAsync(send);
        Assert.Equal("delivered", sent.GetProperty("state").GetString());
        Assert.Equal(1, sent.GetProperty("deliveries").GetInt32());
    }

    [Fact]
    public async Task A_send_never_acked_fails_after_the_unacked_timeout_and_is_still_not_handed_out_again()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.AckTimeout = TimeSpan.FromSeconds(10);
            o.UnackedTimeout = TimeSpan.FromMinutes(2);
            o.OnlineGrace = TimeSpan.FromDays(30);
        });
        var client = gateway.Client(pid: 11);
        await client.LogInAsync("wxid_silent");
        var send = (await gateway.PostCommandAsync("wxid_silent", "sendTextMessage", new { wxid = "wxid_friend", text = "once" })).GetProperty("id").GetInt64();
        Assert.IsType<SendTextMessageCommand>(Assert.Single(await client.PollAsync()));

        gateway.Advance(TimeSpan.FromSeconds(61));
        Assert.Empty(await client.PollAsync());
        Assert.Equal("delivered", await gateway.CommandStateAsync(send));

        gateway.Advance(TimeSpan.FromSeconds(60));
        var failed = await gateway.WaitForCommandAsync(send, "failed");
        Assert.Contains("may have run it", failed.GetProperty("errorReason").GetString(), StringComparison.Ordinal);
        Assert.True(failed.TryGetProperty("failedAt", out _));
        Assert.Equal(1, failed.GetProperty("deliveries").GetInt32());
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Old_commands_left_as_they_are_do_not_hide_the_ones_behind_them_from_the_sweep()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.OfflineCommandTtl = TimeSpan.FromMinutes(5);
            o.OnlineGrace = TimeSpan.FromDays(30);
        });
        gateway.Services.GetRequiredService<Commands.CommandQueue>().SweepLimit = 2;
        var client = gateway.Client(pid: 12);
        await client.LogInAsync("wxid_busy");

        // Five commands for an account that is online but does not poll: old, but not to expire. One behind them,
        // for an account that never comes, is to expire; with two read per sweep it is the sixth one read.
        var waiting = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            waiting.Add((await gateway.PostCommandAsync("wxid_busy", "sendTextMessage", new { wxid = "wxid_friend", text = $"n{i}" })).GetProperty("id").GetInt64());
        }

        var away = (await gateway.PostCommandAsync("wxid_away", "sendTextMessage", new { wxid = "wxid_friend", text = "late" })).GetProperty("id").GetInt64();
        await Eventually.TrueAsync(
            async () =>
            {
                gateway.Advance(TimeSpan.FromMinutes(1));
                return await gateway.CommandStateAsync(away) == "expired";
            },
            () => "the command for the absent account should expire");
        foreach (var id in waiting)
        {
            Assert.Equal("queued", await gateway.CommandStateAsync(id));
        }
    }

    [Fact]
    public async Task A_command_for_a_target_that_stays_offline_expires()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.OfflineCommandTtl = TimeSpan.FromMinutes(5));
        var id = (await gateway.PostCommandAsync("wxid_never_here", "sendTextMessage", new { wxid = "wxid_friend", text = "late" })).GetProperty("id").GetInt64();
        var pre = (await gateway.PostCommandAsync("pid:31337", "openWeChat")).GetProperty("id").GetInt64();
        for (var i = 0; i < 6; i++)
        {
            gateway.Advance(TimeSpan.FromMinutes(1));
        }

        var expired = await gateway.WaitForCommandAsync(id, "expired");
        Assert.True(expired.TryGetProperty("expiredAt", out _));
        Assert.Contains("wxid_never_here", expired.GetProperty("errorReason").GetString(), StringComparison.Ordinal);
        await gateway.WaitForCommandAsync(pre, "expired");

        // Arriving afterwards, the instance gets nothing.
        var client = gateway.Client(pid: 31337);
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task The_four_logout_paths_are_told_apart_in_the_account()
    {
        await using var gateway = await TestGateway.StartAsync();
        async Task<string?> Cause(string wxid) => (await gateway.GetJsonAsync($"/api/v1/accounts/{wxid}")).GetProperty("logoutCause").GetString();
        async Task<string?> State(string wxid) => (await gateway.GetJsonAsync($"/api/v1/accounts/{wxid}")).GetProperty("loginState").GetString();

        // 1: the logout command → resLogout with its sendId.
        var a = gateway.Client(pid: 1);
        await a.LogInAsync("wxid_cmd");
        var id = (await gateway.PostCommandAsync("wxid_cmd", "logout")).GetProperty("id").GetInt64();
        a.Quirks = ReportQuirks.RealClient;
        await a.ExecuteAsync(Assert.Single(await a.PollUntilAnyAsync()));
        await gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal("logoutCommand", await Cause("wxid_cmd"));
        Assert.Equal("loggedOut", await State("wxid_cmd"));

        // 2: the client's own logout button → resLogout without a sendId.
        var b = gateway.Client(pid: 2);
        await b.LogInAsync("wxid_button");
        await b.ReportAsync(new LogoutResultReport { Account = "wxid_button", SendResult = "1" });
        Assert.Equal("clientLogoutButton", await Cause("wxid_button"));

        // 3 and 4: PC WeChat's button, or the phone → reportLogout (indistinguishable on the wire).
        var c = gateway.Client(pid: 3);
        await c.LogInAsync("wxid_phone");
        await c.ReportAsync(new LogoutReport { Account = "wxid_phone", Code = 1 });
        Assert.Equal("wechatOrPhone", await Cause("wxid_phone"));
        Assert.Equal("loggedOut", await State("wxid_phone"));
    }
}
