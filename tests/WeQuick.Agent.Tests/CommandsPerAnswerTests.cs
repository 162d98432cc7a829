using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>The agent says how many commands it executes from one answer (<c>take=</c>), which real clients never do.</summary>
public sealed class CommandsPerAnswerTests
{
    [Fact]
    public async Task The_agent_says_take_20_on_its_poll_and_event_urls_and_keeps_their_own_query()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        await Eventually.Until(() => !rig.Server.PollQueries.IsEmpty, "a poll");
        Assert.All(rig.Server.PollQueries, q => Assert.StartsWith("?token=a%2Bb%20c&take=20&wxid=", q, StringComparison.Ordinal));
        Assert.All(rig.Server.ReportQueries, q => Assert.Equal("?take=20", q));

        // It runs every command of an answer.
        var pid = rig.Pid(0);
        rig.Server.Enqueue(pid, """{"api":"sendTextMessage","sendId":"a","option":{"wxid":"wxid_x","text":"1"}}""");
        rig.Server.Enqueue(pid, """{"api":"sendTextMessage","sendId":"b","option":{"wxid":"wxid_x","text":"2"}}""");
        rig.Server.Enqueue(pid, """{"api":"sendTextMessage","sendId":"c","option":{"wxid":"wxid_x","text":"3"}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Count(a => a.SendId is "a" or "b" or "c") == 3, "three acks");
    }

    [Fact]
    public async Task An_agent_told_to_say_nothing_adds_no_take_and_one_set_in_the_url_is_kept()
    {
        await using (var silent = await AgentRig.StartAsync(accounts: 1, tune: o => o with { CommandsPerAnswer = null }))
        {
            await silent.LoginsDelivered();
            await Eventually.Until(() => !silent.Server.PollQueries.IsEmpty, "a poll");
            Assert.All(silent.Server.PollQueries, q => Assert.DoesNotContain("take=", q, StringComparison.Ordinal));
            Assert.All(silent.Server.ReportQueries, q => Assert.Equal(string.Empty, q));
        }

        await using var own = await AgentRig.StartAsync(accounts: 1, tune: o => o with
        {
            CommandsPerAnswer = 7,
            SendUrl = new Uri(o.SendUrl.AbsoluteUri + "&take=3"),
            ReceiveUrl = new Uri(o.ReceiveUrl.AbsoluteUri + "?take=3"),
        });
        await own.LoginsDelivered();
        await Eventually.Until(() => !own.Server.PollQueries.IsEmpty, "a poll");
        Assert.All(own.Server.PollQueries, q => Assert.StartsWith("?token=a%2Bb%20c&take=3&wxid=", q, StringComparison.Ordinal));
        Assert.All(own.Server.ReportQueries, q => Assert.Equal("?take=3", q));
    }

    [Fact]
    public void A_number_below_one_is_refused()
    {
        var options = new AgentOptions { ReceiveUrl = new Uri("http://127.0.0.1:1/recieve_msg"), SendUrl = new Uri("http://127.0.0.1:1/send_msg"), CommandsPerAnswer = 0 };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("commands per answer", ex.Message, StringComparison.Ordinal);
    }
}
