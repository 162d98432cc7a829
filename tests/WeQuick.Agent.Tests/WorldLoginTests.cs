using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using static WeQuick.Agent.Tests.WorldHarness;

namespace WeQuick.Agent.Tests;

public sealed class WorldLoginTests
{
    [Fact]
    public void Attached_to_running_logged_in_WeChats_each_account_reports_its_login_on_its_own()
    {
        var h = new WorldHarness(accounts: 3);
        Assert.Equal(3, h.Sink.Started.Count);
        for (var i = 0; i < 3; i++)
        {
            var reports = h.Startup.Where(p => p.Pid == h.Pid(i)).Select(p => p.Report).ToList();
            Assert.Equal(2, reports.Count);
            Assert.Equal(1, Assert.IsType<LoginStatusReport>(reports[0]).Code);
            var user = Assert.IsType<LoginUserReport>(reports[1]);
            Assert.Equal(h.Account(i), user.Wxid);
            Assert.NotNull(user.Nick);
            Assert.NotNull(user.Uin);
        }
    }

    [Fact]
    public async Task Logged_out_instances_show_a_real_QR_code_and_a_scan_logs_them_in()
    {
        var h = new WorldHarness(accounts: 2, loggedOut: true);
        Assert.Empty(h.Startup);
        var pid = h.World.Pids[0];
        Assert.Null(h.World.AccountOf(pid));
        Assert.Throws<SimulationException>(() => h.World.Scan(pid));

        var outcome = await h.World.GetLoginQrCodeAsync(new CommandContext(pid, null, "qr-1"), new GetLoginQrCodeCommand { SendId = "qr-1" });
        Ok(outcome);
        var qr = Assert.IsType<LoginQrCodeReport>(outcome.Answer);
        Assert.Equal("qr-1", qr.SendId);
        Assert.StartsWith("data:image/png;base64,", qr.Message, StringComparison.Ordinal);
        var png = Convert.FromBase64String(qr.Message!["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        RoundTrip.AssertDecodesToOwnKind(qr);

        var wxid = h.World.Scan(pid);
        Assert.Equal(h.Account(0), wxid);
        Assert.Equal(wxid, h.World.AccountOf(pid));
        Assert.IsType<LoginStatusReport>(h.Sink.Posted.ElementAt(0).Report);
        Assert.Equal(wxid, Assert.IsType<LoginUserReport>(h.Sink.Posted.ElementAt(1).Report).Wxid);
        Fails(await h.World.GetLoginQrCodeAsync(new CommandContext(pid, wxid, "qr-2"), new GetLoginQrCodeCommand()), "already logged in");
        Assert.Throws<SimulationException>(() => h.World.Scan(pid));
    }

    [Fact]
    public async Task GetLoginStatus_reports_the_state_of_the_instance()
    {
        var h = new WorldHarness(accounts: 2, loggedOut: true);
        Ok(await h.World.GetLoginStatusAsync(new CommandContext(h.World.Pids[0], null, "1"), new GetLoginStatusCommand()));
        Assert.Equal(0, Assert.Single(h.Sink.Of<LoginStatusReport>()).Code);
        Fails(await h.World.GetLoginStatusAsync(new CommandContext(1, null, "1"), new GetLoginStatusCommand()), "no WeChat process with pid 1");
    }

    [Fact]
    public async Task The_logout_command_answers_with_resLogout_and_the_instance_goes_back_to_the_QR_step()
    {
        var h = new WorldHarness(accounts: 1);
        var pid = h.Pid(0);
        var outcome = await h.World.LogoutAsync(h.Ctx(0, "out-1"), new LogoutCommand { SendId = "out-1" });
        var res = Assert.IsType<LogoutResultReport>(outcome.Answer);
        Assert.Equal(("out-1", "1", h.Account(0)), (res.SendId, res.SendResult, res.Account));
        Assert.Null(h.World.AccountOf(pid));
        Fails(await h.World.LogoutAsync(new CommandContext(pid, null, "out-2"), new LogoutCommand()), "not logged in");
    }

    [Theory]
    [InlineData("client", typeof(LogoutResultReport))]
    [InlineData("pc", typeof(LogoutReport))]
    [InlineData("phone", typeof(LogoutReport))]
    public void The_logout_cases_of_the_spec_produce_their_reports(string via, Type expected)
    {
        var source = via switch { "client" => LogoutSource.ClientButton, "pc" => LogoutSource.PcButton, _ => LogoutSource.Phone };
        var h = new WorldHarness(accounts: 1);
        var pid = h.Pid(0);
        h.World.LogoutFrom(h.Account(0), source);
        var (at, report) = Assert.Single(h.Sink.Posted);
        Assert.Equal(pid, at);
        Assert.IsType(expected, report);
        Assert.Equal(h.Account(0), report.Account);
        Assert.Null(h.World.AccountOf(pid));
        Assert.Throws<SimulationException>(() => h.World.LogoutFrom(h.Account(0), source));
    }

    [Fact]
    public async Task OpenWeChat_starts_a_new_instance_and_closeProcess_ends_one()
    {
        var h = new WorldHarness(accounts: 1);
        Ok(await h.World.OpenWeChatAsync(h.Ctx(0), new OpenWeChatCommand()));
        var started = h.Sink.Started.Last();
        Assert.NotEqual(h.Pid(0), started);
        Assert.Null(h.World.AccountOf(started));
        Fails(await h.World.CloseProcessAsync(h.Ctx(0), new CloseProcessCommand { Pid = 4 }), "no WeChat process with pid 4");
        Fails(await h.World.CloseProcessAsync(h.Ctx(0), new CloseProcessCommand()), "pid is missing");
        Ok(await h.World.CloseProcessAsync(h.Ctx(0), new CloseProcessCommand { Pid = started }));
        Assert.Equal(started, Assert.Single(h.Sink.Closed));
        Assert.DoesNotContain(started, h.World.Pids);
    }

    [Fact]
    public async Task OpenWeChat_fails_beyond_the_process_limit()
    {
        var world = new SimulatedWeChat(new WorldOptions { Accounts = 1, MaxInstances = 2 });
        var sink = new RecordingSink();
        world.Attach(sink);
        var ctx = new CommandContext(world.Pids[0], world.AccountIds[0], "1");
        Ok(await world.OpenWeChatAsync(ctx, new OpenWeChatCommand()));
        Fails(await world.OpenWeChatAsync(ctx, new OpenWeChatCommand()), "too many WeChat processes");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_world_and_the_same_reports()
    {
        async Task<List<string>> Run(int seed)
        {
            var h = new WorldHarness(accounts: 3, seed: seed);
            await h.World.SendPicAsync(h.Ctx(0), new SendPicMessageCommand { Wxid = h.Account(1), ImgPath = WorldBuilder.PhotoPath });
            h.World.TransferArrives(h.Friend(2), h.Account(2), 1m);
            h.World.FriendRequestArrives(h.Account(1));
            h.World.Incoming(IncomingKind.Voice, h.Account(0), room: h.World.LobbyRoom);
            return [.. h.Sink.Posted.Select(p => $"{p.Pid} " + System.Text.Encoding.UTF8.GetString(ReportEncoder.Encode(p.Report)))];
        }

        var a = await Run(11);
        Assert.Equal(a, await Run(11));
        Assert.NotEqual(a, await Run(12));
    }
}
