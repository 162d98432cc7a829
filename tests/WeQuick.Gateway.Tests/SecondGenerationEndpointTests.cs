using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The typed endpoints of the second generation's commands: each, through HTTP, hands the client the command and
/// option the second generation's document writes; refuses bad fields naming them; and, where the command is the
/// second generation's only, is refused for a first-generation account before anything is queued.
/// </summary>
public sealed class SecondGenerationEndpointTests(SecondGenerationGateway shared) : IClassFixture<SecondGenerationGateway>
{
    private const string Room = "5550002@chatroom";

    private TestGateway Gateway => shared.Gateway;

    /// <summary>Endpoint (method and path after the account), body, and the command a second-generation client is handed.</summary>
    public static TheoryData<string, string, string?, string, string> SecondGeneration => new()
    {
        // Messages.
        { "POST", "/messages", """{"type":"video","to":"wxid_friend","path":"D:\\media\\clip.mp4"}""", "sendVideoMessage", """{"wxid":"wxid_friend","videoPath":"D:\\media\\clip.mp4"}""" },
        { "POST", "/messages", """{"type":"gif","to":"5550002@chatroom","path":"D:\\media\\wave.gif"}""", "sendGifMessage", """{"wxid":"5550002@chatroom","gifPath":"D:\\media\\wave.gif"}""" },
        { "POST", "/messages", """{"type":"mini-program","to":"wxid_friend","messageId":"8151642087654321098"}""", "sendMiniMessage", """{"wxid":"wxid_friend","msgid":"8151642087654321098"}""" },
        { "POST", "/messages", """{"type":"card-xml","to":"wxid_friend","xml":"<msg username=\"wxid_colleague\"/>"}""", "sendCardXmlMessage", """{"wxid":"wxid_friend","xml":"<msg username=\"wxid_colleague\"/>"}""" },
        { "POST", "/messages", """{"type":"favorite","to":"wxid_friend","favoriteId":"42"}""", "sendFavorite", """{"wxid":"wxid_friend","localId":"42"}""" },
        { "POST", "/messages", """{"type":"forward","to":"5550002@chatroom","messageId":"77"}""", "transAnyMessage", """{"wxid":"5550002@chatroom","msgid":"77"}""" },
        { "POST", "/messages", """{"type":"link","to":"wxid_friend","title":"Docs","url":"https://example.com/a","description":"read me","thumbnailUrl":"https://example.com/a.png"}""", "sendLinkMessage", """{"wxid":"wxid_friend","title":"Docs","url":"https://example.com/a","desc":"read me","pic":"https://example.com/a.png"}""" },
        { "POST", "/messages/transcribe", """{"conversation":"wxid_friend","messageId":"99"}""", "transVoice", """{"wxid":"wxid_friend","msgid":"99"}""" },

        // Rooms.
        { "PUT", "/rooms/5550002@chatroom/notice", """{"notice":"Saturday 8:00"}""", "sendChatRoomNotice", """{"roomWxid":"5550002@chatroom","notice":"Saturday 8:00"}""" },
        { "POST", "/rooms/5550002@chatroom/members", """{"members":["wxid_a","wxid_b"],"method":"add"}""", "sendChatroomLow", """{"roomWxid":"5550002@chatroom","wxidList":["wxid_a","wxid_b"]}""" },
        { "POST", "/rooms/5550002@chatroom/members", """{"members":["wxid_a"],"method":"invite"}""", "sendChatroomHigh", """{"roomWxid":"5550002@chatroom","wxidList":["wxid_a"]}""" },
        { "POST", "/rooms/5550002@chatroom/members/remove", """{"members":["wxid_a","wxid_b"]}""", "delChatRoomMembers", """{"roomWxid":"5550002@chatroom","wxidList":["wxid_a","wxid_b"]}""" },
        { "DELETE", "/rooms/5550002@chatroom/members/wxid_a", null, "delChatRoomMembers", """{"roomWxid":"5550002@chatroom","wxidList":["wxid_a"]}""" },
        { "POST", "/rooms/qrcode/accept", """{"url":"https://weixin.qq.com/g/abc"}""", "acceptQrcodeChatRoom", """{"url":"https://weixin.qq.com/g/abc"}""" },
        { "DELETE", "/rooms/5550002@chatroom", null, "quitDelChatRoom", """{"roomWxid":"5550002@chatroom"}""" },
        { "PUT", "/rooms/5550002@chatroom/my-nickname", """{"nickname":"organizer"}""", "updateChatRoomDisplayName", """{"roomWxid":"5550002@chatroom","nick":"organizer"}""" },
        { "PUT", "/rooms/5550002@chatroom/name", """{"name":"Hiking"}""", "updateChatRoomName", """{"roomWxid":"5550002@chatroom","name":"Hiking"}""" },

        // Contacts and friend requests.
        { "POST", "/friend-requests", """{"to":"wxid_a","message":"hi","scene":15}""", "addFriend", """{"wxid":"wxid_a","remark":"hi","scene":"15","roomWxid":""}""" },
        { "POST", "/friend-requests", """{"to":"wxid_a","room":"5550002@chatroom"}""", "addFriend", """{"wxid":"wxid_a","remark":"","scene":"14","roomWxid":"5550002@chatroom"}""" },
        { "POST", "/friend-requests/searched", """{"v1":"v1_x","v2":"v2_y","message":"hello"}""", "addSearchContact", """{"v1":"v1_x","v2":"v2_y","remark":"hello","scene":15}""" },
        { "POST", "/contacts/search", """{"query":"13800000000"}""", "searchContact", """{"search":"13800000000"}""" },
        { "POST", "/contacts/wxid_a/refresh", null, "getSingleContact", """{"wxid":"wxid_a"}""" },
        { "DELETE", "/contacts/wxid_a", null, "delFriend", """{"wxid":"wxid_a"}""" },
        { "PUT", "/contacts/wxid_a/remark", """{"remark":"neighbour"}""", "updateRemark", """{"wxid":"wxid_a","remark":"neighbour"}""" },

        // Transfers, favourites, files.
        { "POST", "/transfers/1000050001201912120001/refuse", null, "refuseFriendWcpay", """{"transferid":"1000050001201912120001"}""" },
        { "POST", "/favorites/refresh", null, "getFavorites", "{}" },
        { "POST", "/favorites", """{"conversation":"wxid_friend","messageId":"31"}""", "addFavoriteFrom", """{"wxid":"wxid_friend","msgid":"31"}""" },
        { "POST", "/files/decrypt-picture", """{"source":"D:\\wx\\a1.dat","target":"D:\\out\\a1.jpg"}""", "decryptPic", """{"srcfile":"D:\\wx\\a1.dat","tarfile":"D:\\out\\a1.jpg"}""" },
        { "POST", "/files/download", """{"url":"https://files.example.com/r.pdf"}""", "downloadFile", """{"cwxid":"{me}","url":"https://files.example.com/r.pdf"}""" },
        { "POST", "/rooms/5550002@chatroom/members/refresh", null, "getSingleChatRoomMembers", """{"roomWxid":"5550002@chatroom"}""" },
        { "POST", "/files/upload", """{"path":"D:\\r.pdf","uploadUrl":"https://files.example.com/up"}""", "uploadFile", """{"cwxid":"{me}","filepath":"D:\\r.pdf","url":"https://files.example.com/up"}""" },
    };

    [Theory]
    [MemberData(nameof(SecondGeneration))]
    public async Task A_typed_endpoint_hands_a_second_generation_client_the_command_as_its_document_writes_it(string method, string path, string? body, string api, string option)
    {
        var (client, account) = await SecondGenerationClientAsync();
        await AssertHandedAsync(client, account, method, path, body, api, option);
    }

    /// <summary>The endpoints that choose by generation hand a first-generation client its own command.</summary>
    public static TheoryData<string, string, string?, string, string> FirstGeneration => new()
    {
        { "POST", "/messages", """{"type":"link","to":"wxid_friend","title":"Docs","url":"https://example.com/a"}""", "sendXmlMessage", """{"wxid":"wxid_friend","title":"Docs","url":"https://example.com/a","desc":"","pic":""}""" },
        { "DELETE", "/rooms/5550002@chatroom", null, "exitChatRoom", """{"chatroom":"5550002@chatroom"}""" },
        { "PUT", "/rooms/5550002@chatroom/my-nickname", """{"nickname":"organizer"}""", "updateRoomAsName", """{"chatroom":"5550002@chatroom","nick":"organizer"}""" },
        { "DELETE", "/rooms/5550002@chatroom/members/wxid_a", null, "delChatRoomUser", """{"chatroom":"5550002@chatroom","wxid":"wxid_a"}""" },
        { "DELETE", "/contacts/wxid_a", null, "delUser", """{"wxid":"wxid_a"}""" },
        { "POST", "/rooms/5550002@chatroom/members/refresh", null, "getChatRoomUsers", """{"wxid":"5550002@chatroom"}""" },
        { "PUT", "/contacts/wxid_a/remark", """{"remark":"neighbour"}""", "updateAsName", """{"wxid":"wxid_a","asName":"neighbour"}""" },
    };

    [Theory]
    [MemberData(nameof(FirstGeneration))]
    public async Task An_endpoint_that_chooses_by_generation_hands_a_first_generation_client_the_first_generations_command(string method, string path, string? body, string api, string option)
    {
        var (client, account) = await FirstGenerationClientAsync();
        await AssertHandedAsync(client, account, method, path, body, api, option);
    }

    /// <summary>Sends the request for <paramref name="account"/> and checks the command its client is handed ({me} in the option: the account).</summary>
    private async Task AssertHandedAsync(TestClient client, string account, string method, string path, string? body, string api, string option)
    {
        using var response = await SendAsync(account, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{method} {path}: {(int)response.StatusCode} {text}");

        var command = await client.TakeCommandAsync();
        Assert.Equal(api, command.GetProperty("api").GetString());
        var handed = JsonNode.Parse(command.GetProperty("option").GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(option.Replace("{me}", account, StringComparison.Ordinal)), handed), $"{api}: expected {option}, handed {handed?.ToJsonString()}");
    }

    [Theory]
    [InlineData("POST", "/messages", """{"type":"video","to":"wxid_friend","path":"D:\\clip.mp4"}""", "sendVideoMessage")]
    [InlineData("POST", "/messages", """{"type":"favorite","to":"wxid_friend","favoriteId":"42"}""", "sendFavorite")]
    [InlineData("PUT", "/rooms/5550002@chatroom/notice", """{"notice":"hi"}""", "sendChatRoomNotice")]
    [InlineData("POST", "/rooms/5550002@chatroom/members", """{"members":["wxid_a"]}""", "sendChatroomHigh")]
    [InlineData("POST", "/rooms/qrcode/accept", """{"url":"https://weixin.qq.com/g/abc"}""", "acceptQrcodeChatRoom")]
    [InlineData("POST", "/friend-requests", """{"to":"wxid_a","scene":6}""", "addFriend")]
    [InlineData("POST", "/contacts/search", """{"query":"13800000000"}""", "searchContact")]
    [InlineData("POST", "/transfers/tid_1/refuse", null, "refuseFriendWcpay")]
    [InlineData("POST", "/favorites/refresh", null, "getFavorites")]
    [InlineData("POST", "/files/download", """{"url":"https://files.example.com/r.pdf"}""", "downloadFile")]
    public async Task A_second_generation_endpoint_is_refused_for_a_first_generation_account_before_anything_is_queued(string method, string path, string? body, string api)
    {
        var (_, account) = await FirstGenerationClientAsync();

        using var response = await SendAsync(account, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{method} {path}: {(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.EndsWith("generation-unsupported", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(api, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Gateway.GetJsonAsync($"/api/v1/commands?account={account}")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("POST", "/messages", """{"type":"video","to":"wxid_friend"}""", "path")]
    [InlineData("POST", "/messages", """{"type":"gif","to":"wxid_friend","path":"https://example.com/a.gif"}""", "path")]
    [InlineData("POST", "/messages", """{"type":"mini-program","to":"wxid_friend","messageId":"has space"}""", "messageId")]
    [InlineData("POST", "/messages", """{"type":"card-xml","to":"not a wxid","xml":"<msg/>"}""", "to")]
    [InlineData("POST", "/messages", """{"type":"favorite","to":"wxid_friend"}""", "favoriteId")]
    [InlineData("POST", "/messages", """{"type":"sticker","to":"wxid_friend"}""", "type")]
    [InlineData("POST", "/messages/transcribe", """{"messageId":"99"}""", "conversation")]
    [InlineData("PUT", "/rooms/5550002@chatroom/notice", """{"notice":"  "}""", "notice")]
    [InlineData("PUT", "/rooms/wxid_notaroom/notice", """{"notice":"hi"}""", "room")]
    [InlineData("POST", "/rooms/5550002@chatroom/members", """{"members":[]}""", "members")]
    [InlineData("POST", "/rooms/5550002@chatroom/members", """{"members":["wxid_a"],"method":"drag"}""", "method")]
    [InlineData("POST", "/rooms/5550002@chatroom/members/remove", """{"members":["wxid_a","wxid_a"]}""", "members")]
    [InlineData("POST", "/rooms/qrcode/accept", """{"url":"weixin://not-http"}""", "url")]
    [InlineData("POST", "/friend-requests", """{"to":"wxid_a"}""", "scene")]
    [InlineData("POST", "/friend-requests", """{"to":"wxid_a","scene":3}""", "scene")]
    [InlineData("POST", "/friend-requests/searched", """{"v1":"v1_x"}""", "v2")]
    [InlineData("POST", "/contacts/search", """{"query":""}""", "query")]
    [InlineData("POST", "/contacts/not%20a%20wxid/refresh", null, "contact")]
    [InlineData("POST", "/transfers/has%20space/refuse", null, "transferId")]
    [InlineData("POST", "/favorites", """{"conversation":"wxid_friend"}""", "messageId")]
    [InlineData("POST", "/files/decrypt-picture", """{"source":"D:\\a.dat"}""", "target")]
    [InlineData("POST", "/files/download", """{"url":"ftp://files.example.com/r.pdf"}""", "url")]
    public async Task Bad_input_is_a_400_naming_the_field_and_queues_nothing(string method, string path, string? body, string field)
    {
        var (_, account) = await SecondGenerationClientAsync();

        using var response = await SendAsync(account, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Empty((await Gateway.GetJsonAsync($"/api/v1/commands?account={account}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Without_a_method_a_small_stored_room_gets_its_members_added_and_a_large_or_unknown_one_invites_them()
    {
        var pid = shared.NextPid();
        var account = $"wxid_g2r{pid}";
        var client = Gateway.Client(pid, account);
        RoomSummary[] rooms = [new RoomSummary { Wxid = "5550010@chatroom", RoomCount = 12 }, new RoomSummary { Wxid = "5550011@chatroom", RoomCount = 300 }];

        // The rooms are stored from the first generation's list (the second's is not projected yet); the latest report,
        // of the second generation, sets the account's.
        await client.ReportAsync(new ContactReport { Account = account, GroupList = rooms });
        await client.ReportAsync(new ChatRoomsReport { Account = account, GroupList = rooms });
        Assert.Equal(12, (await Gateway.GetJsonAsync($"/api/v1/accounts/{account}/rooms")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("wxid").GetString() == "5550010@chatroom").GetProperty("roomCount").GetInt32());

        Assert.Equal("sendChatroomLow", await QueuedApiAsync(account, "5550010@chatroom"));
        Assert.Equal("sendChatroomHigh", await QueuedApiAsync(account, "5550011@chatroom"));
        Assert.Equal("sendChatroomHigh", await QueuedApiAsync(account, "5550012@chatroom"));

        // A method given wins over the room's size.
        Assert.Equal("sendChatroomHigh", await QueuedApiAsync(account, "5550010@chatroom", "invite"));
    }

    [Fact]
    public async Task A_second_generation_endpoint_replays_its_command_for_the_same_idempotency_key_and_answers_the_finished_record_with_wait()
    {
        var (client, account) = await SecondGenerationClientAsync();

        async Task<JsonElement> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/accounts/{account}/rooms/{Room}/notice?queue=true")
            {
                Content = new StringContent("""{"notice":"once"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "notice-1");
            using var response = await Gateway.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var first = await PostAsync();
        var again = await PostAsync();
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Single((await Gateway.GetJsonAsync($"/api/v1/commands?account={account}")).GetProperty("items").EnumerateArray());
        Assert.Equal("sendChatRoomNotice", (await client.TakeCommandAsync()).GetProperty("api").GetString());

        // ?wait= answers 200 with the finished record once the client has acknowledged it.
        var waiting = SendAsync(account, "POST", $"/rooms/{Room}/members/remove?wait=20", """{"members":["wxid_a"]}""");
        var handed = await client.TakeCommandAsync();
        Assert.Equal("delChatRoomMembers", handed.GetProperty("api").GetString());
        using var waited = await waiting;
        var record = JsonDocument.Parse(await waited.Content.ReadAsStringAsync()).RootElement;
        Assert.True(waited.StatusCode == HttpStatusCode.OK, record.ToString());
        Assert.Equal("completed", record.GetProperty("state").GetString());
        Assert.Equal(handed.GetProperty("sendId").GetString(), record.GetProperty("sendId").GetString());
    }

    private async Task<(TestClient Client, string Account)> SecondGenerationClientAsync()
    {
        var pid = shared.NextPid();
        var account = $"wxid_g2e{pid}";
        var client = Gateway.Client(pid, account);
        await client.ReportAsync(new ChatRoomsReport { Account = account });
        return (client, account);
    }

    private async Task<(TestClient Client, string Account)> FirstGenerationClientAsync()
    {
        var pid = shared.NextPid();
        var account = $"wxid_g1e{pid}";
        var client = Gateway.Client(pid, account);
        await client.ReportAsync(new ContactReport { Account = account });
        return (client, account);
    }

    private async Task<string?> QueuedApiAsync(string account, string room, string? method = null)
    {
        var body = method is null ? """{"members":["wxid_a"]}""" : $$"""{"members":["wxid_a"],"method":"{{method}}"}""";
        using var response = await SendAsync(account, "POST", $"/rooms/{room}/members", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("api").GetString();
    }

    private async Task<HttpResponseMessage> SendAsync(string account, string method, string path, string? body)
    {
        var url = $"/api/v1/accounts/{account}{path}" + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "queue=true";

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await Gateway.Http.SendAsync(request);
    }
}

/// <summary>One gateway for the class, without the login refresh, so the first command an account is handed is the test's.</summary>
public sealed class SecondGenerationGateway : IAsyncLifetime
{
    private int _next;

    public TestGateway Gateway { get; private set; } = null!;

    public int NextPid() => 19_000 + Interlocked.Increment(ref _next);

    public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
