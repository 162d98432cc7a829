using System.Text;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class AgentChannelTests
{
    [Fact]
    public async Task On_start_each_account_reports_its_login_and_polls_with_its_wxid_and_pid()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 2);
        await rig.LoginsDelivered();
        for (var i = 0; i < 2; i++)
        {
            var pid = rig.Pid(i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Eventually.Until(() => rig.Server.Polls.Any(p => p.Wxid == rig.Account(i) && p.Pid == pid), $"a poll of account {i}");
        }

        // The command URL's own query (a token) is kept.
        Assert.All(rig.Server.Polls, p => Assert.Equal("a+b c", p.Token));
        var first = rig.Server.Received.Where(r => r.Report?.Account == rig.Account(0)).Select(r => r.Report).Take(2).ToList();
        Assert.IsType<LoginStatusReport>(first[0]);
        Assert.IsType<LoginUserReport>(first[1]);
        Assert.All(rig.Server.Received, r => Assert.StartsWith("{\"data\":{\"action\":", Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_from_the_poll_runs_is_acked_with_its_sendId_and_both_accounts_see_the_message()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 2);
        await rig.LoginsDelivered();
        rig.Server.Enqueue(rig.Pid(0), $$$"""{"api":"sendTextMessage","sendId":"p-1","option":{"wxid":"{{{rig.Account(1)}}}","text":"你好"}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "p-1"), "the ack of p-1");
        var ack = rig.Server.Reports<CommandAck>().Single(a => a.SendId == "p-1");
        Assert.True(ack.Succeeded);
        Assert.Equal(rig.Account(0), ack.Account);
        await Eventually.Until(() => rig.Server.Reports<TextMessageReport>().Count(t => t.Message == "你好") == 2, "the text on both sides");
        Assert.Contains(rig.Server.Reports<TextMessageReport>(), t => t.Account == rig.Account(1) && t.MyMsg == false);
    }

    [Fact]
    public async Task A_command_in_the_event_response_runs_too()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s => s.OnReport = (report, _, attempt) =>
            report is LoginUserReport && attempt == 1
                ? new Reply(200, """[{"api":"getContact","sendId":"r-1","option":{"flag":"2"}}]""")
                : new Reply(200, "[]"));
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "r-1"), "the ack of r-1");
        var contacts = Assert.Single(rig.Server.Reports<ContactReport>());
        Assert.NotNull(contacts.GroupList);
        Assert.Null(contacts.FriendList);
        Assert.True(rig.Server.Reports<CommandAck>().Single(a => a.SendId == "r-1").Succeeded);
    }

    [Theory]
    [InlineData("[{}]")]
    [InlineData("[[]]")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[null,{},[]]")]
    [InlineData("not json at all")]
    public async Task Vendor_placeholders_and_odd_answers_are_skipped_on_both_channels(string placeholder)
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, setup: s =>
        {
            s.IdleAnswer = placeholder;
            s.OnReport = (_, _, _) => new Reply(200, placeholder);
        });
        await rig.LoginsDelivered();
        await Eventually.Until(() => rig.Agent.Counters.Polls >= 5, "five polls");

        // Still alive: a real command afterwards runs.
        rig.Server.Enqueue(rig.Pid(0), """{"api":"getLoginStatus","sendId":"after","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "after"), "the ack after placeholders");
        Assert.Equal(0, rig.Agent.Counters.Failed);
        Assert.Equal(0, rig.Agent.Counters.PollErrors);
        if (placeholder.Contains('{', StringComparison.Ordinal) || placeholder.Contains("[[", StringComparison.Ordinal) || placeholder.Contains("null,", StringComparison.Ordinal))
        {
            Assert.True(rig.Agent.Counters.SkippedEntries > 0);
        }
    }

    [Fact]
    public async Task An_unknown_api_is_skipped_with_a_failure_ack_and_the_next_command_runs()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        rig.Server.Enqueue(rig.Pid(0), """{"api":"makeCoffee","sendId":"u-1","option":{"sugar":2}}""");
        rig.Server.Enqueue(rig.Pid(0), """{"api":"getUsersWxid","sendId":"u-2","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "u-2"), "the ack of u-2");
        var unknown = rig.Server.Reports<CommandAck>().Single(a => a.SendId == "u-1");
        Assert.False(unknown.Succeeded);
        Assert.Contains("unknown api 'makeCoffee'", unknown.ErrorReason, StringComparison.Ordinal);
        Assert.Single(rig.Server.Reports<UsersWxidReport>());
    }

    [Fact]
    public async Task A_long_polling_server_is_polled_again_as_soon_as_it_answers()
    {
        await using var rig = await AgentRig.StartAsync(
            accounts: 1,
            tune: o => o with { PollInterval = TimeSpan.FromSeconds(30), LongPollThreshold = TimeSpan.FromMilliseconds(150) },
            setup: s => s.LongPollHold = TimeSpan.FromMilliseconds(250));
        await rig.LoginsDelivered();

        // With a 30 s interval, a second and third poll within seconds can only come from long-poll awareness.
        await Eventually.Until(() => rig.Server.Polls.Count >= 4, "four polls", 5_000);
        rig.Server.Enqueue(rig.Pid(0), """{"api":"getLoginStatus","sendId":"lp","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "lp"), "the long-polled command's ack", 3_000);
    }

    [Fact]
    public async Task A_poll_that_brought_commands_is_followed_at_once()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, tune: o => o with { PollInterval = TimeSpan.FromSeconds(30) }, startAgent: false);
        rig.Server.Enqueue(rig.World.Pids[0], """{"api":"getLoginStatus","sendId":"x1","option":{}}""");
        rig.Agent.Start();

        // The first poll carries the command; the second comes at once, not after the 30 s interval.
        await Eventually.Until(() => rig.Server.Polls.Count >= 2, "a second poll", 5_000);
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "x1"), "the ack of x1");
    }

    [Fact]
    public async Task The_real_client_profile_writes_reports_as_real_clients_do()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, tune: o => o with { Quirks = ReportQuirks.RealClient });
        await rig.LoginsDelivered();
        var bodies = rig.Server.Received.Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Contains("\"cwxid\":null", bodies[0], StringComparison.Ordinal);
        Assert.Contains("\"info\":{", bodies.Single(b => b.Contains("reportLoginUser", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Later reports carry the account again.
        rig.World.Incoming(WeQuick.Agent.Simulation.IncomingKind.Text, rig.Account(0));
        await Eventually.Until(() => rig.Server.Reports<TextMessageReport>().Count == 1, "a text");
        Assert.Equal(rig.Account(0), rig.Server.Reports<TextMessageReport>()[0].Account);
        Assert.Null(rig.Server.Reports<LoginStatusReport>()[0].Account);
    }
}
