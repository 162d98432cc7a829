using System.Net;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>Every typed command endpoint, end to end: the request, the command the client gets, and the finished result through <c>?wait=</c>.</summary>
public sealed class DeveloperApiCommandTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private TestGateway Gateway => shared.Gateway;

    /// <summary>method, path ({me} = the account, {pid} = its instance), body, the api the client must get, option fields it must carry.</summary>
    public static TheoryData<string, string, string?, string, string> Endpoints() => new()
    {
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend","text":"你好 \uE04C [微笑]"}""", "sendTextMessage", """{"wxid":"wxid_friend","text":"你好 \uE04C [微笑]"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"123@chatroom","text":"hi room"}""", "sendTextMessage", """{"wxid":"123@chatroom","text":"hi room"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"image","to":"wxid_friend","path":"C:\\pics\\a.png"}""", "sendPicMessage", """{"wxid":"wxid_friend","imgPath":"C:\\pics\\a.png"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"file","to":"wxid_friend","path":"https://files.example/a.pdf","size":1000}""", "sendFileMessage", """{"wxid":"wxid_friend","filePath":"https://files.example/a.pdf"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"link","to":"wxid_friend","title":"t","url":"https://example.org","description":"d","thumbnailUrl":"https://example.org/p.png"}""", "sendXmlMessage", """{"wxid":"wxid_friend","title":"t","url":"https://example.org","desc":"d","pic":"https://example.org/p.png"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"card","to":"wxid_friend","card":"wxid_other"}""", "sendCardMessage", """{"wxid":"wxid_friend","wxidCard":"wxid_other"}""" },
        { "POST", "/api/v1/accounts/{me}/messages", """{"type":"room-invite","to":"wxid_friend","room":"123@chatroom"}""", "sendChatroom", """{"wxid":"wxid_friend","chatroom":"123@chatroom"}""" },
        { "POST", "/api/v1/accounts/{me}/login-status", null, "getLoginStatus", "{}" },
        { "POST", "/api/v1/accounts/{me}/logout", null, "logout", "{}" },
        { "POST", "/api/v1/accounts/{me}/contacts/refresh", """{"flag":3}""", "getContact", """{"flag":"3"}""" },
        { "POST", "/api/v1/accounts/{me}/contacts/refresh", null, "getContact", """{"flag":"7"}""" },
        { "POST", "/api/v1/accounts/{me}/contacts/wxids", null, "getUsersWxid", "{}" },
        { "POST", "/api/v1/accounts/{me}/contacts/info", """{"wxids":["wxid_friend","gh_news"]}""", "getUsersInfo", """{"wxidLists":["wxid_friend","gh_news"]}""" },
        { "DELETE", "/api/v1/accounts/{me}/contacts/wxid_other", null, "delUser", """{"wxid":"wxid_other"}""" },
        { "PUT", "/api/v1/accounts/{me}/contacts/wxid_friend/remark", """{"remark":"best friend"}""", "updateAsName", """{"wxid":"wxid_friend","asName":"best friend"}""" },
        { "POST", "/api/v1/accounts/{me}/friend-requests/accept", """{"v1":"v1_x","v2":"v2_x"}""", "acceptFriend", """{"v1":"v1_x","v2":"v2_x"}""" },
        { "POST", "/api/v1/accounts/{me}/rooms/123@chatroom/members/refresh", null, "getChatRoomUsers", """{"wxid":"123@chatroom"}""" },
        { "POST", "/api/v1/accounts/{me}/rooms/123@chatroom/members/wxid_friend/nickname/refresh", null, "getChatRoomUserNick", """{"chatroom":"123@chatroom","wxid":"wxid_friend"}""" },
        { "DELETE", "/api/v1/accounts/{me}/rooms/123@chatroom/members/wxid_other", null, "delChatRoomUser", """{"chatroom":"123@chatroom","wxid":"wxid_other"}""" },
        { "PUT", "/api/v1/accounts/{me}/rooms/123@chatroom/name", """{"name":"new name"}""", "updateChatRoomName", """{"chatroom":"123@chatroom","name":"new name"}""" },
        { "PUT", "/api/v1/accounts/{me}/rooms/123@chatroom/my-nickname", """{"nickname":"me here"}""", "updateRoomAsName", """{"chatroom":"123@chatroom","nick":"me here"}""" },
        { "POST", "/api/v1/accounts/{me}/rooms", """{"members":["wxid_friend","wxid_other"]}""", "createChatRoom", """{"wxidLists":["wxid_friend","wxid_other"]}""" },
        { "DELETE", "/api/v1/accounts/{me}/rooms/123@chatroom", null, "exitChatRoom", """{"chatroom":"123@chatroom"}""" },
        { "POST", "/api/v1/accounts/{me}/rooms/invites/accept", """{"url":"https://support.weixin.qq.com/cgi-bin/invite"}""", "acceptChatroomInvite", """{"url":"https://support.weixin.qq.com/cgi-bin/invite"}""" },
        { "POST", "/api/v1/accounts/{me}/rooms/123@chatroom/members/wxid_other/friend-request", """{"message":"hi"}""", "addRoomFriend", """{"chatroom":"123@chatroom","wxid":"wxid_other","noticeWord":"hi"}""" },
        { "POST", "/api/v1/accounts/{me}/transfers/100005/accept", """{"from":"wxid_friend"}""", "acceptBankTransfer", """{"transferid":"100005","wxid":"wxid_friend"}""" },
        { "POST", "/api/v1/accounts/{me}/files/upload", """{"path":"C:\\files\\a.txt","uploadUrl":"https://upload.example/put"}""", "uploadFile", """{"fileUrl":"C:\\files\\a.txt","upUrl":"https://upload.example/put"}""" },
        { "POST", "/api/v1/instances", """{"pid":{pid}}""", "openWeChat", "{}" },
        { "POST", "/api/v1/instances/{pid}/login-qr", null, "getLoginQrCode", "{}" },
        { "DELETE", "/api/v1/instances/{pid}", null, "closeProcess", """{"pid":"{pid}"}""" },
        { "POST", "/api/v1/commands", """{"target":"{me}","api":"getContact","option":{"flag":"1"}}""", "getContact", """{"flag":"1"}""" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_endpoint_queues_its_command_and_with_wait_answers_the_finished_result(string method, string path, string? body, string api, string option)
    {
        var pid = shared.NextPid();
        var me = $"wxid_api{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        string Fill(string s) => s.Replace("{me}", me, StringComparison.Ordinal).Replace("{pid}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // Without wait: 202 and the record, queued.
        var accepted = await Gateway.SendAsync(method, Fill(path), body is null ? null : Fill(body));
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Text);
        Assert.Equal(api, accepted.Body.GetProperty("api").GetString());
        Assert.Equal("queued", accepted.State);
        var target = path.Contains("/instances", StringComparison.Ordinal) ? $"pid:{pid}" : me;
        Assert.Equal(target, accepted.Body.GetProperty("target").GetString());
        var command = Assert.Single(await client.PollUntilAnyAsync());
        Assert.Equal(api, command.Kind);
        Assert.Equal(accepted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), command.SendId);
        ApiCalls.ContainsAll(Fill(option), ApiCalls.WireOption(command));
        await client.ExecuteAsync(command);
        await Gateway.WaitForCommandAsync(accepted.Id, "completed");

        // With wait: the same request answers 200 once the client has executed it, the answer included.
        var waiting = Gateway.SendAsync(method, Fill(path) + "?wait=20", body is null ? null : Fill(body));
        var again = Assert.Single(await client.PollUntilAnyAsync());
        await client.ExecuteAsync(again);
        var finished = await waiting;
        Assert.True(finished.Status == HttpStatusCode.OK, finished.Text);
        Assert.Equal("completed", finished.State);
        Assert.Equal(again.SendId, finished.Body.GetProperty("sendId").GetString());
        if (ProtocolRegistry.AnswerKindOf(api) is { } answerKind)
        {
            Assert.Equal(answerKind, finished.Body.GetProperty("answer").GetProperty("data").GetProperty("kind").GetString());
        }

        Assert.Empty(await client.PollAsync());
        Assert.Empty(Gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_query_with_wait_answers_the_reports_normalized_data()
    {
        var pid = shared.NextPid();
        var me = $"wxid_query{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        var waiting = Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/contacts/refresh?wait=20", """{"flag":7}""");
        await client.ExecuteAsync(Assert.Single(await client.PollUntilAnyAsync()));
        var finished = await waiting;
        Assert.Equal(HttpStatusCode.OK, finished.Status);
        var data = finished.Body.GetProperty("answer").GetProperty("data");
        Assert.Equal("reportContact", data.GetProperty("kind").GetString());
        Assert.Contains(data.GetProperty("friendList").EnumerateArray(), f => f.GetProperty("wxid").GetString() == "wxid_friend");
        Assert.Contains(data.GetProperty("groupList").EnumerateArray(), g => g.GetProperty("wxid").GetString() == "123@chatroom");
    }

    [Fact]
    public async Task A_failed_command_with_wait_answers_200_with_the_failure()
    {
        var pid = shared.NextPid();
        var me = $"wxid_waitfail{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        var waiting = Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages?wait=20", """{"type":"text","to":"wxid_friend","text":"x"}""");
        await client.ExecuteAsync(Assert.Single(await client.PollUntilAnyAsync()), succeed: false);
        var finished = await waiting;
        Assert.Equal(HttpStatusCode.OK, finished.Status);
        Assert.Equal("failed", finished.State);
        Assert.Equal("simulated failure", finished.Body.GetProperty("errorReason").GetString());
    }

    [Fact]
    public async Task Wait_answers_504_with_the_record_when_the_time_is_up()
    {
        var pid = shared.NextPid();
        var me = $"wxid_timeout{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        var completions = (InProcessGatewayBus)Gateway.Services.GetService(typeof(IGatewayBus))!;
        var waiting = Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/messages?wait=5", """{"type":"text","to":"wxid_friend","text":"nobody executes this"}""");
        await Eventually.TrueAsync(() => Task.FromResult(completions.CommandWaiters > 0 || waiting.IsCompleted), () => "the request should be waiting");
        Gateway.Advance(TimeSpan.FromSeconds(6));
        var late = await waiting;
        Assert.True(late.Status == HttpStatusCode.GatewayTimeout, late.Text);
        Assert.Equal("queued", late.State);
        Assert.Equal("sendTextMessage", late.Body.GetProperty("api").GetString());
        Assert.Equal(0, completions.CommandWaiters);

        // The command is still queued and is delivered as usual.
        var command = Assert.Single(await client.PollUntilAnyAsync());
        Assert.Equal(late.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), command.SendId);
    }

    [Fact]
    public async Task A_queued_command_that_expires_wakes_its_waiting_request_with_the_expiry()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.OfflineCommandTtl = TimeSpan.FromSeconds(5));
        var reporter = gateway.Client(5151, "wxid_away");
        await reporter.ReportAsync(new LoginUserReport { Account = "wxid_away", Wxid = "wxid_away", Nick = "away" });
        var completions = (InProcessGatewayBus)gateway.Services.GetService(typeof(IGatewayBus))!;

        var waiting = gateway.SendAsync("POST", "/api/v1/accounts/wxid_away/messages?queue=true&wait=60", """{"type":"text","to":"wxid_friend","text":"later"}""");
        await Eventually.TrueAsync(() => Task.FromResult(completions.CommandWaiters > 0 || waiting.IsCompleted), () => "the request should be waiting");
        gateway.Advance(TimeSpan.FromSeconds(6));
        var expired = await waiting;
        Assert.True(expired.Status == HttpStatusCode.OK, expired.Text);
        Assert.Equal("expired", expired.State);
        Assert.Contains("wxid_away", expired.Body.GetProperty("errorReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_friend_request_is_accepted_with_its_own_tickets()
    {
        var pid = shared.NextPid();
        var me = $"wxid_fr{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        await client.ReportAsync(new FriendAddRequestReport { Account = me, Wxid = "wxid_newfriend", Nick = "New", V1 = "v1_stored", V2 = "v2_stored", NoticeWord = "hi" });

        var accepted = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/friend-requests/wxid_newfriend/accept");
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Text);
        var command = Assert.IsType<AcceptFriendCommand>(Assert.Single(await client.PollUntilAnyAsync()));
        Assert.Equal(("v1_stored", "v2_stored"), (command.V1, command.V2));

        var missing = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/friend-requests/wxid_stranger/accept");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.EndsWith("unknown-friend-request", missing.ProblemType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_transfer_is_accepted_from_its_sender()
    {
        var pid = shared.NextPid();
        var me = $"wxid_tr{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        await client.ReportAsync(new TransferMessageReport { Account = me, MsgType = 49, MyMsg = false, WxidFrom = "wxid_payer", WxidTo = me, TransferId = "1000050001", PaySubtype = 1, FeeDesc = "￥1.00" });

        var accepted = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/transfers/1000050001/accept");
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Text);
        var command = Assert.IsType<AcceptBankTransferCommand>(Assert.Single(await client.PollUntilAnyAsync()));
        Assert.Equal(("1000050001", "wxid_payer"), (command.TransferId, command.Wxid));

        var missing = await Gateway.SendAsync("POST", $"/api/v1/accounts/{me}/transfers/999/accept");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.EndsWith("unknown-transfer", missing.ProblemType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_qr_code_is_served_as_a_png_once_the_instance_reported_it()
    {
        var pid = shared.NextPid();
        var client = Gateway.Client(pid);
        await client.PollAsync();
        var none = await Gateway.SendAsync("GET", $"/api/v1/instances/{pid}/qr.png");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Equal("application/problem+json", none.ContentType);

        var waiting = Gateway.SendAsync("POST", $"/api/v1/instances/{pid}/login-qr?wait=20");
        await client.ExecuteAsync(Assert.Single(await client.PollUntilAnyAsync()));
        var finished = await waiting;
        Assert.Equal(HttpStatusCode.OK, finished.Status);
        Assert.Equal("reportLoginQrCode", finished.Body.GetProperty("answer").GetProperty("kind").GetString());

        using var image = await Gateway.Http.GetAsync($"/api/v1/instances/{pid}/qr.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));

        var instances = await Gateway.GetJsonAsync("/api/v1/instances");
        Assert.Contains(instances.GetProperty("items").EnumerateArray(), i => i.GetProperty("pid").GetInt32() == pid && i.GetProperty("online").GetBoolean());
    }
}
