using System.Globalization;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class AgentLifecycleTests
{
    private static string S(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_logged_out_instance_polls_with_an_empty_wxid_shows_a_QR_code_and_logs_in_on_a_scan()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1, loggedOut: true);
        var pid = rig.World.Pids[0];
        await Eventually.Until(() => rig.Server.Polls.Any(p => p.Pid == S(pid) && p.Wxid.Length == 0), "a poll with an empty wxid");
        Assert.Empty(rig.Server.Received);

        rig.Server.Enqueue(pid, """{"api":"getLoginQrCode","sendId":"qr-7","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<LoginQrCodeReport>().Count == 1, "the QR code");
        var qr = rig.Server.Reports<LoginQrCodeReport>()[0];
        Assert.Equal("qr-7", qr.SendId);
        Assert.Null(qr.Account);
        Assert.Equal((byte)0x89, Convert.FromBase64String(qr.Message!.Split(',')[1])[0]);
        Assert.Empty(rig.Server.Reports<CommandAck>());

        var wxid = rig.World.Scan(pid);
        await Eventually.Until(() => rig.Server.Reports<LoginUserReport>().Any(u => u.Wxid == wxid), "the login after the scan");
        Assert.Equal(1, rig.Server.Reports<LoginStatusReport>().Single().Code);
        await Eventually.Until(() => rig.Server.Polls.Any(p => p.Pid == S(pid) && p.Wxid == wxid), "a poll with the account's wxid");
    }

    [Fact]
    public async Task OpenWeChat_starts_a_polling_instance_and_closeProcess_stops_it_after_its_ack()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        var first = rig.Pid(0);
        rig.Server.Enqueue(first, """{"api":"openWeChat","sendId":"o-1","option":{}}""");
        await Eventually.Until(() => rig.World.Pids.Count == 2, "a second process");
        var opened = rig.World.Pids.Single(p => p != first);
        await Eventually.Until(() => rig.Server.Polls.Any(p => p.Pid == S(opened) && p.Wxid.Length == 0), "the new process polling");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "o-1" && a.Succeeded), "the openWeChat ack");

        // The new process closes itself; its ack still goes out, then it stops polling.
        rig.Server.Enqueue(opened, $$$"""{"api":"closeProcess","sendId":"c-1","option":{"pid":"{{{opened}}}"}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "c-1"), "the closeProcess ack");
        Assert.True(rig.Server.Reports<CommandAck>().Single(a => a.SendId == "c-1").Succeeded);
        await Eventually.Until(() => !rig.Agent.Pids.Contains(opened), "the instance gone from the agent");
        var polls = rig.Server.Polls.Count(p => p.Pid == S(opened));
        var others = rig.Server.Polls.Count(p => p.Pid == S(first));
        await Eventually.Until(() => rig.Server.Polls.Count(p => p.Pid == S(first)) > others + 3, "the first process still polling");
        Assert.Equal(polls, rig.Server.Polls.Count(p => p.Pid == S(opened)));

        rig.Server.Enqueue(first, """{"api":"closeProcess","sendId":"c-2","option":{"pid":"12"}}""");
        await Eventually.Until(() => rig.Server.Reports<CommandAck>().Any(a => a.SendId == "c-2"), "the failed closeProcess ack");
        var failed = rig.Server.Reports<CommandAck>().Single(a => a.SendId == "c-2");
        Assert.Equal("0", failed.SendResult);
        Assert.Equal("no WeChat process with pid 12", failed.ErrorReason);
    }

    [Fact]
    public async Task Logout_by_command_answers_resLogout_with_the_sendId()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        var pid = rig.Pid(0);
        rig.Server.Enqueue(pid, """{"api":"logout","sendId":"bye","option":{}}""");
        await Eventually.Until(() => rig.Server.Reports<LogoutResultReport>().Count == 1, "resLogout");
        Assert.Equal("bye", rig.Server.Reports<LogoutResultReport>()[0].SendId);
        Assert.Empty(rig.Server.Reports<CommandAck>());
        await Eventually.Until(() => rig.Server.Polls.Reverse().First(p => p.Pid == S(pid)).Wxid.Length == 0, "polls with an empty wxid again");
    }

    [Fact]
    public async Task UploadFile_posts_the_fake_file_and_reports_the_servers_numeric_reply()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 1);
        await rig.LoginsDelivered();
        var pid = rig.Pid(0);
        var up = rig.Server.UploadUrl;
        rig.Server.Enqueue(pid, $$$"""{"api":"uploadFile","sendId":"up-1","option":{"fileUrl":"{{{WorldBuilder.ReportPath.Replace("\\", "\\\\", StringComparison.Ordinal)}}}","upUrl":"{{{up}}}"}}""");
        await Eventually.Until(() => rig.Server.Reports<UploadFileResultReport>().Count == 1, "resUploadFile");
        var result = rig.Server.Reports<UploadFileResultReport>()[0];
        Assert.Equal(("up-1", "42", 42L), (result.SendId, result.SendResult, result.ServerCode));
        Assert.True(result.Succeeded);
        Assert.True(rig.World.Disk.TryGet(WorldBuilder.ReportPath, out var file));
        Assert.Equal(file.Content, Assert.Single(rig.Server.Uploads));

        rig.Server.UploadAnswer = "ok!";
        rig.Server.Enqueue(pid, $$$"""{"api":"uploadFile","sendId":"up-2","option":{"fileUrl":"{{{WorldBuilder.ReportPath.Replace("\\", "\\\\", StringComparison.Ordinal)}}}","upUrl":"{{{up}}}"}}""");
        rig.Server.Enqueue(pid, $$$"""{"api":"uploadFile","sendId":"up-3","option":{"fileUrl":"C:\\nothing.bin","upUrl":"{{{up}}}"}}""");
        rig.Server.Enqueue(pid, """{"api":"uploadFile","sendId":"up-4","option":{"fileUrl":"C:\\x","upUrl":"ftp://nowhere"}}""");
        await Eventually.Until(() => rig.Server.Reports<UploadFileResultReport>().Count == 4, "three failed uploads");
        var byId = rig.Server.Reports<UploadFileResultReport>().ToDictionary(r => r.SendId!);
        Assert.Contains("not a number", byId["up-2"].ErrorReason, StringComparison.Ordinal);
        Assert.Contains("file not found", byId["up-3"].ErrorReason, StringComparison.Ordinal);
        Assert.Contains("not an http(s) URL", byId["up-4"].ErrorReason, StringComparison.Ordinal);
        Assert.All(byId.Values.Where(r => r.SendId != "up-1"), r => Assert.False(r.Succeeded));
    }

    [Fact]
    public async Task Every_command_of_the_registry_is_acked_exactly_once_with_its_sendId()
    {
        await using var rig = await AgentRig.StartAsync(accounts: 2);
        await rig.LoginsDelivered();
        var pid = rig.Pid(0);
        var apis = ProtocolRegistry.Commands.Select(c => c.Api).Where(a => a is not "closeProcess" and not "logout").ToList();
        foreach (var api in apis)
        {
            rig.Server.Enqueue(pid, $$$"""{"api":"{{{api}}}","sendId":"all-{{{api}}}","option":{}}""");
        }

        await Eventually.Until(
            () => rig.Server.Received.Select(r => r.Report).OfType<CommandResultReport>().Count(a => a.SendId?.StartsWith("all-", StringComparison.Ordinal) == true)
                + rig.Server.Reports<LoginQrCodeReport>().Count(q => q.SendId?.StartsWith("all-", StringComparison.Ordinal) == true) >= apis.Count,
            "an ack for every command");
        var acked = rig.Server.Received.Select(r => r.Report).OfType<CommandResultReport>().Select(a => a.SendId!).Where(id => id.StartsWith("all-", StringComparison.Ordinal)).ToList();
        foreach (var api in apis.Where(a => a != "getLoginQrCode"))
        {
            Assert.Single(acked, id => id == "all-" + api);
        }

        // A logged-in instance refuses a QR code, with a reason.
        var qr = rig.Server.Reports<CommandAck>().Single(a => a.SendId == "all-getLoginQrCode");
        Assert.Contains("already logged in", qr.ErrorReason, StringComparison.Ordinal);
        Assert.Equal(apis.Count, rig.Agent.Counters.CommandsExecuted);
    }
}
