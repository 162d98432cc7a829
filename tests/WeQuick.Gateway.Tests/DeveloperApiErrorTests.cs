using System.Net;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>Bad input of every kind gets a problem a user can act on, and enqueues nothing.</summary>
public sealed class DeveloperApiErrorTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private TestGateway Gateway => shared.Gateway;

    /// <summary>method, path ({me} = a logged-in account, {pid} = its instance), body, status, problem slug, the field named in errors (or "").</summary>
    public static TheoryData<string, string, string?, int, string, string> BadRequests()
    {
        var longText = new string('长', 10_001);
        var tooMany = string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"wxid_u{i}\""));
        return new()
        {
            { "POST", "/api/v1/accounts/wxid_nobody/messages", """{"type":"text","to":"wxid_friend","text":"hi"}""", 404, "unknown-account", "" },

            // Queries and the other resources name their problems the same way.
            { "GET", "/api/v1/accounts/wxid_nobody", null, 404, "unknown-account", "" },
            { "GET", "/api/v1/accounts/wxid_nobody/contacts", null, 404, "unknown-account", "" },
            { "GET", "/api/v1/accounts/wxid_nobody/conversations", null, 404, "unknown-account", "" },
            { "GET", "/api/v1/accounts/wxid_nobody/messages", null, 404, "unknown-account", "" },
            { "GET", "/api/v1/accounts/{me}/contacts?limit=0", null, 400, "invalid-limit", "" },
            { "GET", "/api/v1/accounts/{me}/messages?cursor=not-a-cursor", null, 400, "invalid-cursor", "" },
            { "GET", "/api/v1/accounts/{me}/contacts?type=nope", null, 400, "invalid-filter", "" },
            { "GET", "/api/v1/accounts/{me}/messages?since=yesterday", null, 400, "invalid-filter", "" },
            { "GET", "/api/v1/events?cursor=-1", null, 400, "invalid-cursor", "" },
            { "GET", "/api/v1/events/sse?kind=" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"k{i}")), null, 400, "invalid-filter", "" },
            { "GET", "/api/v1/events/ws", null, 400, "not-a-websocket", "" },
            { "GET", "/api/v1/commands/abc", null, 400, "malformed-id", "" },
            { "GET", "/api/v1/commands/999999999", null, 404, "unknown-command", "" },
            { "GET", "/api/v1/webhooks/999999", null, 404, "unknown-webhook", "" },
            { "POST", "/api/v1/webhooks", """{"url":"ftp://example.org/hook"}""", 400, "invalid-webhook", "" },
            { "POST", "/api/v1/commands", """{"target":"{me}","api":"noSuchThing"}""", 400, "invalid-command", "" },
            { "DELETE", "/api/v1/keys/nobody-has-this-key", null, 404, "unknown-api-key", "" },
            { "POST", "/api/v1/accounts/bad%20wxid/messages", """{"type":"text","to":"wxid_friend","text":"hi"}""", 400, "malformed-wxid", "" },
            { "POST", "/api/v1/accounts/123@chatroom/logout", null, 400, "malformed-wxid", "" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"not a wxid!","text":"hi"}""", 400, "invalid-request", "to" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend","text":""}""", 400, "invalid-request", "text" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend","text":"   "}""", 400, "invalid-request", "text" },
            { "POST", "/api/v1/accounts/{me}/messages", $$"""{"type":"text","to":"wxid_friend","text":"{{longText}}"}""", 400, "invalid-request", "text" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend"}""", 400, "invalid-request", "text" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"sticker","to":"wxid_friend"}""", 400, "invalid-request", "type" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"to":"wxid_friend","text":"hi"}""", 400, "invalid-request", "type" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"file","to":"wxid_friend","path":"C:\\big.zip","size":52428801}""", 400, "invalid-request", "size" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"link","to":"wxid_friend","title":"t","url":"ftp://x"}""", 400, "invalid-request", "url" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"room-invite","to":"wxid_friend","room":"wxid_notaroom"}""", 400, "invalid-request", "room" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text","to":"wxid_friend","txt":"typo"}""", 400, "invalid-body", "" },
            { "POST", "/api/v1/accounts/{me}/messages", """{"type":"text",""", 400, "invalid-body", "" },
            { "POST", "/api/v1/accounts/{me}/messages", null, 400, "invalid-body", "" },
            { "POST", "/api/v1/accounts/{me}/contacts/info", $$"""{"wxids":[{{tooMany}}]}""", 400, "invalid-request", "wxids" },
            { "POST", "/api/v1/accounts/{me}/contacts/info", """{"wxids":[]}""", 400, "invalid-request", "wxids" },
            { "POST", "/api/v1/accounts/{me}/contacts/info", """{"wxids":["ok_id","bad id"]}""", 400, "invalid-request", "wxids[1]" },
            { "POST", "/api/v1/accounts/{me}/contacts/refresh", """{"flag":9}""", 400, "invalid-request", "flag" },
            { "POST", "/api/v1/accounts/{me}/rooms", """{"members":["wxid_friend"]}""", 400, "invalid-request", "members" },
            { "POST", "/api/v1/accounts/{me}/rooms", """{"members":["wxid_friend","wxid_friend"]}""", 400, "invalid-request", "members" },
            { "POST", "/api/v1/accounts/{me}/rooms", """{"members":["wxid_friend","{me}"]}""", 400, "invalid-request", "members" },
            { "DELETE", "/api/v1/accounts/{me}/rooms/notaroom", null, 400, "invalid-request", "room" },
            { "PUT", "/api/v1/accounts/{me}/rooms/123@chatroom/name", """{"name":""}""", 400, "invalid-request", "name" },
            { "PUT", "/api/v1/accounts/{me}/contacts/123@chatroom/remark", """{"remark":"x"}""", 400, "invalid-request", "contact" },
            { "POST", "/api/v1/accounts/{me}/files/upload", """{"path":"C:\\a.txt"}""", 400, "invalid-request", "uploadUrl" },
            { "POST", "/api/v1/accounts/{me}/friend-requests/accept", """{"v1":"x"}""", 400, "invalid-request", "v2" },
            { "POST", "/api/v1/accounts/{me}/logout?wait=61", null, 400, "invalid-wait", "" },
            { "POST", "/api/v1/accounts/{me}/logout?wait=soon", null, 400, "invalid-wait", "" },
            { "POST", "/api/v1/accounts/{me}/logout?queue=maybe", null, 400, "invalid-queue", "" },
            { "POST", "/api/v1/instances/abc/login-qr", null, 400, "malformed-pid", "" },
            { "POST", "/api/v1/instances/999999/login-qr", null, 404, "unknown-instance", "" },
            { "DELETE", "/api/v1/instances/0", null, 400, "malformed-pid", "" },
            { "POST", "/api/v1/instances", """{"pid":999999}""", 404, "unknown-instance", "" },
            { "GET", "/api/v1/instances/abc/qr.png", null, 400, "malformed-pid", "" },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_a_problem_and_enqueues_nothing(string method, string path, string? body, int status, string slug, string field)
    {
        var pid = shared.NextPid();
        var me = $"wxid_err{pid}";
        var client = Gateway.Client(pid);
        await client.LogInAsync(me);
        string Fill(string s) => s.Replace("{me}", me, StringComparison.Ordinal).Replace("{pid}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var before = (await Gateway.PostCommandAsync(me, "getUsersWxid")).GetProperty("id").GetInt64();
        await client.ExecuteAsync(Assert.Single(await client.PollUntilAnyAsync()));

        var answer = await Gateway.SendAsync(method, Fill(path), body is null ? null : Fill(body));
        Assert.True((int)answer.Status == status, $"{method} {path} answered {(int)answer.Status}: {answer.Text}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("urn:wequick:problem:" + slug, answer.ProblemType);
        Assert.Equal(status, answer.Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("detail").GetString()));
        if (field.Length > 0)
        {
            Assert.True(answer.Body.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}': {answer.Text}");
            Assert.NotEmpty(messages.EnumerateArray());
        }

        // Nothing reached the client, and no command id was used up.
        Assert.Empty(await client.PollAsync());
        var after = (await Gateway.PostCommandAsync(me, "getUsersWxid")).GetProperty("id").GetInt64();
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task An_offline_account_gets_409_unless_the_command_is_queued()
    {
        // The account reported once (it is known) but no instance of it polls.
        var reporter = Gateway.Client(shared.NextPid());
        reporter.Wxid = "wxid_gone";
        await reporter.ReportAsync(new LoginUserReport { Account = "wxid_gone", Wxid = "wxid_gone", Nick = "gone" });

        var refused = await Gateway.SendAsync("POST", "/api/v1/accounts/wxid_gone/messages", """{"type":"text","to":"wxid_friend","text":"hi"}""");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("urn:wequick:problem:account-offline", refused.ProblemType);
        Assert.Contains("queue=true", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var queued = await Gateway.SendAsync("POST", "/api/v1/accounts/wxid_gone/messages?queue=true", """{"type":"text","to":"wxid_friend","text":"hi"}""");
        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        Assert.Equal("queued", queued.State);

        // When it comes back, the queued command is what it gets.
        var back = Gateway.Client(shared.NextPid(), "wxid_gone");
        var command = Assert.IsType<SendTextMessageCommand>(Assert.Single(await back.PollUntilAnyAsync()));
        Assert.Equal("hi", command.Text);
    }

    [Fact]
    public async Task An_unknown_api_on_the_raw_endpoint_is_refused_with_the_known_ones()
    {
        var answer = await Gateway.SendAsync("POST", "/api/v1/commands", """{"target":"wxid_any","api":"sendMoney","option":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("sendTextMessage", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_WeChat_without_any_client_is_a_404_and_without_an_online_one_a_409()
    {
        await using var empty = await TestGateway.StartAsync();
        var none = await empty.SendAsync("POST", "/api/v1/instances");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);

        var client = empty.Client(4321);
        await client.PollAsync();
        var accepted = await empty.SendAsync("POST", "/api/v1/instances");
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal("pid:4321", accepted.Body.GetProperty("target").GetString());
        Assert.IsType<OpenWeChatCommand>(Assert.Single(await client.PollUntilAnyAsync()));

        empty.Advance(empty.Options.OnlineGrace + TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(
            async () => !(await empty.GetJsonAsync("/api/v1/instances")).GetProperty("items")[0].GetProperty("online").GetBoolean(),
            () => "the silent instance should be offline");
        var offline = await empty.SendAsync("POST", "/api/v1/instances");
        Assert.Equal(HttpStatusCode.Conflict, offline.Status);
        Assert.Equal("urn:wequick:problem:instance-offline", offline.ProblemType);
        var queued = await empty.SendAsync("POST", "/api/v1/instances?queue=true");
        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
    }
}
