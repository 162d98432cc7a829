using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class AgentResilienceTests
{
    private static List<string> Texts(CallbackServer s, string account) =>
        [.. s.Reports<TextMessageReport>().Where(t => t.Account == account).Select(t => t.Message!)];

    [Fact]
    public async Task Reports_made_while_the_server_restarts_arrive_afterwards_in_order()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        await rig.Server.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: $"m{i}");
        }

        await Eventually.Until(() => rig.Agent.Counters.Sent - rig.Agent.Counters.Delivered >= 2, "failed attempts while the server is down");
        await rig.Server.StartAsync(rig.Server.Port);
        await Eventually.Until(() => Texts(rig.Server, rig.Account(0)).Count == 5, "the five texts after the restart");
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], Texts(rig.Server, rig.Account(0)));
        Assert.Equal(0, rig.Agent.Counters.Failed);

        // Polling resumed too.
        var polls = rig.Server.Polls.Count;
        await Eventually.Until(() => rig.Server.Polls.Count > polls + 2, "polls after the restart");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_order_is_kept()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s => s.OnReport = (r, _, attempt) =>
            r is TextMessageReport && attempt <= 2 ? new Reply(500, "oops") : new Reply(200, "[]"));
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        for (var i = 0; i < 3; i++)
        {
            rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: $"e{i}");
        }

        await Eventually.Until(() => Texts(rig.Server, rig.Account(0)).Count == 3, "three texts through the 500s");
        Assert.Equal(["e0", "e1", "e2"], Texts(rig.Server, rig.Account(0)));
        Assert.Equal(6, rig.Agent.Counters.ByStatus[500]);
        Assert.Equal(0, rig.Agent.Counters.Failed);
    }

    [Fact]
    public async Task A_report_gives_up_after_its_last_attempt_and_says_so_in_the_counters()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, tune: o => o with { MaxAttempts = 3 }, setup: s => s.OnReport = (r, _, _) =>
            r is TextMessageReport t && t.Message == "doomed" ? new Reply(503, "") : new Reply(200, "[]"));
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: "doomed");
        rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: "fine");
        await Eventually.Until(() => Texts(rig.Server, rig.Account(0)).Contains("fine"), "the next report");
        Assert.Equal(1, rig.Agent.Counters.Failed);
        Assert.Equal(3, rig.Agent.Counters.ByStatus[503]);
    }

    [Fact]
    public async Task A_4xx_is_not_retried()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s => s.OnReport = (r, _, _) =>
            r is TextMessageReport t && t.Message == "bad" ? new Reply(400, "no") : new Reply(200, "[]"));
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: "bad");
        rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: "good");
        await Eventually.Until(() => Texts(rig.Server, rig.Account(0)).Contains("good"), "the next report");
        Assert.Equal(1, rig.Agent.Counters.ByStatus[400]);
        Assert.Equal(1, rig.Agent.Counters.Failed);
    }

    [Fact]
    public async Task A_slow_server_times_out_and_the_report_is_sent_again()
    {
        await using var rig = await AgentRig.StartAsync(
            accounts: 1,
            tune: o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300) },
            setup: s => s.OnReport = (r, _, attempt) =>
                r is TextMessageReport && attempt == 1 ? new Reply(200, "[]", TimeSpan.FromSeconds(3)) : new Reply(200, "[]"));
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: "slow");
        await Eventually.Until(() => Texts(rig.Server, rig.Account(0)).Contains("slow"), "the retried report");
        Assert.True(rig.Server.Arrived.Count(b => System.Text.Encoding.UTF8.GetString(b).Contains("slow", StringComparison.Ordinal)) >= 2);
        Assert.Equal(0, rig.Agent.Counters.Failed);
    }

    [Fact]
    public async Task A_poll_the_server_holds_too_long_times_out_and_polling_goes_on()
    {
        await using var rig = await AgentRig.StartAsync(
            accounts: 1,
            tune: o => o with { PollTimeout = TimeSpan.FromMilliseconds(200) },
            setup: s => s.LongPollHold = TimeSpan.FromSeconds(5));
        await rig.LoginsDelivered();
        await Eventually.Until(() => rig.Agent.Counters.PollErrors >= 2, "two timed-out polls");
        rig.Server.LongPollHold = TimeSpan.Zero;
        var ok = rig.Agent.Counters.Polls - rig.Agent.Counters.PollErrors;
        await Eventually.Until(() => rig.Agent.Counters.Polls - rig.Agent.Counters.PollErrors > ok + 2, "good polls again");
    }

    [Fact]
    public async Task Poll_errors_back_off_and_recover()
    {
        var status = 500;
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s => s.PollStatus = () => Volatile.Read(ref status));
        await Eventually.Until(() => rig.Agent.Counters.PollErrors >= 3, "three failed polls");
        Volatile.Write(ref status, 200);
        rig.Server.Enqueue(rig.Pid(0), """{"api":"getLoginStatus","sendId":"back","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "back"), "a command after the errors");
    }

    [Fact]
    public async Task When_the_queue_is_full_the_oldest_reports_are_discarded_and_counted()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, tune: o => o with { QueueCapacity = 3 }, setup: s => s.OnReport = (_, _, _) => new Reply(503, ""));
        var account = rig.Account(0);
        var friend = rig.World.ContactsOf(account, ContactState.Friend)[0];

        // The logins are stuck retrying; ten more reports overflow the queue of three.
        await Eventually.Until(() => rig.Agent.Counters.Sent >= 1, "the first attempt");
        for (var i = 0; i < 10; i++)
        {
            rig.World.Incoming(IncomingKind.Text, account, from: friend, text: $"q{i}");
        }

        await Eventually.Until(() => rig.Agent.Counters.Dropped >= 8, "discarded reports");
        rig.Server.OnReport = (_, _, _) => new Reply(200, "[]");
        await Eventually.Until(() => Texts(rig.Server, account).Count == 3, "the newest three texts");
        Assert.Equal(["q7", "q8", "q9"], Texts(rig.Server, account));
    }

    [Fact]
    public async Task Stopping_sends_what_is_queued_first()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s => s.OnReport = (_, _, _) => new Reply(200, "[]", TimeSpan.FromMilliseconds(30)));
        await rig.LoginsDelivered();
        var friend = rig.World.ContactsOf(rig.Account(0), ContactState.Friend)[0];
        for (var i = 0; i < 10; i++)
        {
            rig.World.Incoming(IncomingKind.Text, rig.Account(0), from: friend, text: $"s{i}");
        }

        await rig.Agent.StopAsync();
        Assert.Equal(10, Texts(rig.Server, rig.Account(0)).Count);
        Assert.Equal(rig.Agent.Counters.Queued, rig.Agent.Counters.Delivered);
        var polls = rig.Server.Polls.Count;
        await Task.Yield();
        Assert.Empty(rig.Agent.Pids);
        Assert.Equal(polls, rig.Server.Polls.Count);
    }
}
