using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class TrafficTests
{
    [Fact]
    public async Task The_sample_scenario_runs_every_step_in_time_order()
    {
        var h = new WorldHarness(accounts: 2);
        var scenario = Scenario.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "scenarios", "basic.json")));
        Assert.Equal(8, scenario.Steps.Count);
        var time = new FakeTimeProvider();
        var run = scenario.RunAsync(h.World, time, NullLogger.Instance, CancellationToken.None);
        // Virtual time moves on until the run is done; a real deadline keeps a stuck run from hanging the suite.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, "the scenario did not finish");

        var (done, failed) = await run;
        Assert.Equal((8, 0), (done, failed));
        Assert.Contains(h.Sink.Of<TextMessageReport>(h.Pid(0)), t => t.Message == "早上好！今天开会吗？");
        Assert.Contains(h.Sink.Of<TextMessageReport>(h.Pid(0)), t => t.Message == "老板说十点开会" && t.MyMsg == true);
        Assert.Single(h.Sink.Of<FriendAddRequestReport>(h.Pid(0)));
        Assert.Equal(88.8m, h.World.Transfer(Assert.Single(h.Sink.Of<TransferMessageReport>()).TransferId!)!.Fee);
        Assert.Single(h.Sink.Of<LogoutReport>());
        Assert.Null(h.World.PidOf(h.Account(1)));
    }

    [Fact]
    public async Task A_scenario_scans_a_waiting_QR_code_and_logs_out_through_the_client_button()
    {
        var h = new WorldHarness(accounts: 1, loggedOut: true);
        var pid = h.World.Pids[0];
        await h.World.GetLoginQrCodeAsync(new CommandContext(pid, null, "q"), new GetLoginQrCodeCommand());
        var scenario = Scenario.Parse("""
            { "steps": [
              { "at": 0, "action": "scan", "pid": "waiting" },
              { "at": 0, "action": "logout", "via": "client" },
              { "at": 0, "action": "scan" }
            ] }
            """);
        var (done, failed) = await scenario.RunAsync(h.World, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        Assert.Equal((2, 1), (done, failed));
        Assert.Single(h.Sink.Of<LoginUserReport>());
        Assert.Single(h.Sink.Of<LogoutResultReport>());
    }

    [Theory]
    [InlineData("[]", "an object with a \"steps\" array")]
    [InlineData("{\"steps\":[{\"action\":\"message\"}]}", "step 1: \"at\"")]
    [InlineData("{\"steps\":[{\"at\":1,\"action\":\"dance\"}]}", "step 1: \"action\" must be one of")]
    [InlineData("{\"steps\":[{\"at\":1,\"action\":\"message\"},5]}", "step 2 is not an object")]
    [InlineData("{\"steps\":", "not valid JSON")]
    public void A_malformed_scenario_says_which_step_is_wrong(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Scenario.Parse(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_that_cannot_happen_are_counted_and_the_rest_go_on()
    {
        var h = new WorldHarness(accounts: 1);
        var scenario = Scenario.Parse("""
            { "steps": [
              { "at": 0, "action": "message", "account": "account:5" },
              { "at": 0, "action": "message", "kind": "hologram" },
              { "at": 0, "action": "transfer", "from": "friend:99" },
              { "at": 0, "action": "logout", "via": "carrier pigeon" },
              { "at": 0, "action": "message", "kind": "gif" }
            ] }
            """);
        var (done, failed) = await scenario.RunAsync(h.World, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        Assert.Equal((1, 4), (done, failed));
        Assert.Single(h.Sink.Of<GifMessageReport>());
    }

    [Theory]
    [InlineData("text=1,pic=x")]
    [InlineData("sing=3")]
    [InlineData("text=0")]
    [InlineData("")]
    public void A_bad_mix_is_refused(string mix) => Assert.Throws<FormatException>(() => LoadMix.Parse(mix));

    [Fact]
    public void The_mix_picks_kinds_by_weight()
    {
        var mix = LoadMix.Parse("text=3,transfer=1,pic=0");
        var rng = new Random(5);
        var picks = Enumerable.Range(0, 4000).Select(_ => mix.Pick(rng)).ToList();
        Assert.DoesNotContain(LoadEvent.Pic, picks);
        Assert.InRange(picks.Count(p => p == LoadEvent.Text), 2800, 3200);
    }

    [Fact]
    public async Task Load_mode_makes_reports_at_about_the_asked_rate_of_every_kind()
    {
        var h = new WorldHarness(accounts: 4, roomSize: 500);
        var time = new FakeTimeProvider();
        var load = new LoadGenerator(h.World, rate: 200, LoadMix.Parse(LoadMix.Default), new Random(9), time, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = load.RunAsync(cts.Token);

        // Ten virtual seconds, in small steps, waiting for the generator to catch up with each.
        for (var step = 0; step < 200; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            var before = -1L;
            for (var spin = 0; spin < 200 && h.World.EmittedCount != before; spin++)
            {
                before = h.World.EmittedCount;
                await Task.Delay(1);
            }
        }

        await cts.CancelAsync();
        await run;
        Assert.InRange(h.World.EmittedCount, 1600, 2400);
        var kinds = h.Sink.Posted.Select(p => p.Report.Kind).ToHashSet();
        foreach (var kind in new[] { "reportTextMessage", "reportPicMessage", "reportTransferMessage", "reportChatroomMessage", "reportFriendAddRequest", "reportVoiceMessage" })
        {
            Assert.Contains(kind, kinds);
        }
    }

    [Fact]
    public void Poll_latency_percentiles_come_from_the_recorded_polls()
    {
        var c = new AgentCounters();
        Assert.Null(c.PollLatency());
        for (var i = 1; i <= 100; i++)
        {
            c.PollDone(TimeSpan.FromMilliseconds(i), ok: true);
        }

        c.PollDone(TimeSpan.FromSeconds(9), ok: false);
        var (p50, p90, p99) = c.PollLatency()!.Value;
        Assert.Equal((50, 90, 99), (p50, p90, p99));
        Assert.Equal((101, 1), (c.Polls, c.PollErrors));
        Assert.Contains("p99 99.0 ms", c.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_world_emits_every_report_kind_of_the_registry_and_each_decodes_to_its_kind()
    {
        var h = new WorldHarness(accounts: 2);
        var answers = new List<Report>();
        foreach (var kind in Enum.GetValues<IncomingKind>())
        {
            h.World.Incoming(kind, h.Account(0));
        }

        h.World.Incoming(IncomingKind.Text, h.Account(0), room: h.World.LobbyRoom);
        h.World.FriendRequestArrives(h.Account(0));
        h.World.TransferArrives(h.Account(1), h.Account(0), 1m);
        await h.World.GetContactAsync(h.Ctx(0), new GetContactCommand { Flag = 7 });
        await h.World.GetUsersWxidAsync(h.Ctx(0), new GetUsersWxidCommand());
        await h.World.GetUsersInfoAsync(h.Ctx(0), new GetUsersInfoCommand { WxidLists = [h.Account(1)] });
        await h.World.GetRoomMembersAsync(h.Ctx(0), new GetChatRoomUsersCommand { Wxid = h.World.LobbyRoom });
        await h.World.GetRoomNickAsync(h.Ctx(0), new GetChatRoomUserNickCommand { ChatRoom = h.World.LobbyRoom, Wxid = h.Account(1) });
        await h.World.SendChatroomInviteAsync(h.Ctx(0), new SendChatroomCommand { Wxid = h.Account(1), ChatRoom = h.World.RoomsOf(h.Account(0), ownedOnly: true)[0] });
        await h.World.CreateRoomAsync(h.Ctx(0), new CreateChatRoomCommand { WxidLists = [h.Account(1), h.Friend(0)] });
        answers.Add((await h.World.LogoutAsync(h.Ctx(1), new LogoutCommand())).Answer!);
        answers.Add((await h.World.GetLoginQrCodeAsync(new CommandContext(h.World.Pids.First(p => h.World.AccountOf(p) is null), null, "q"), new GetLoginQrCodeCommand())).Answer!);
        h.World.LogoutFrom(h.Account(0), LogoutSource.Phone);
        foreach (var a in answers)
        {
            RoundTrip.AssertDecodesToOwnKind(a);
        }

        var kinds = h.Startup.Concat(h.Sink.Posted).Select(p => p.Report.Kind).Concat(answers.Select(a => a.Kind)).ToHashSet();

        // resUploadFile and the generic ack come from the agent core (see the agent tests).
        // A world not attached to an agent speaks the first generation; the second's kinds are checked against the gateway in GenerationsOnGatewayTests.
        foreach (var action in ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V1)).Select(k => k.Action).Where(a => a is not "resUploadFile" and not "ack"))
        {
            Assert.Contains(action, kinds);
        }
    }

    [Fact]
    public void Each_instance_reports_in_its_own_generation_in_a_mixed_world()
    {
        var h = new WorldHarness(accounts: 2, generation: InterfaceGenerations.Both);
        var v2 = h.World.AccountIds.Single(a => h.World.GenerationOfAccount(a) == InterfaceGenerations.V2);
        var v1 = h.World.AccountIds.Single(a => h.World.GenerationOfAccount(a) == InterfaceGenerations.V1);
        var v2Pid = h.World.PidOf(v2)!.Value;
        var v1Pid = h.World.PidOf(v1)!.Value;

        // At attach: the second generation sends no loginStatus, and its reportLoginUser has its own fields.
        Assert.DoesNotContain(h.Startup, p => p.Pid == v2Pid && p.Report is LoginStatusReport);
        Assert.Contains(h.Startup, p => p.Pid == v1Pid && p.Report is LoginStatusReport);
        var login2 = Assert.IsType<LoginUserReport>(Assert.Single(h.Startup, p => p.Pid == v2Pid && p.Report is LoginUserReport).Report);
        Assert.NotNull(login2.WxDir);
        Assert.Null(Assert.IsType<LoginUserReport>(Assert.Single(h.Startup, p => p.Pid == v1Pid && p.Report is LoginUserReport).Report).WxDir);

        // A message has a msgid only for the second; a location reaches only the second; a new member is a member report only there.
        h.World.Incoming(IncomingKind.Text, v2);
        h.World.Incoming(IncomingKind.Text, v1);
        Assert.NotNull(Assert.Single(h.Sink.Of<TextMessageReport>(v2Pid)).MsgId);
        Assert.Null(Assert.Single(h.Sink.Of<TextMessageReport>(v1Pid)).MsgId);
        h.World.Incoming(IncomingKind.Location, v2);
        h.World.Incoming(IncomingKind.Location, v1);
        Assert.Single(h.Sink.Of<LocationMessageReport>(v2Pid));
        Assert.Empty(h.Sink.Of<LocationMessageReport>(v1Pid));
        var joined = h.World.MemberJoins(h.World.LobbyRoom);
        Assert.Contains(h.Sink.Of<ChatRoomMemberAddReport>(v2Pid), r => r.UserLists!.Single().Wxid == joined);
        Assert.Empty(h.Sink.Of<ChatRoomMemberAddReport>(v1Pid));
        Assert.Contains(h.Sink.Of<ChatroomMessageReport>(v1Pid), r => r.Message!.Contains("加入了群聊", StringComparison.Ordinal));
        Assert.Contains(h.Sink.Of<SystemMessageReport>(v2Pid), r => r.RoomWxid == h.World.LobbyRoom && r.Message!.Contains("加入了群聊", StringComparison.Ordinal));
    }
}
