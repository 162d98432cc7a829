using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// Which generation of the interface a client speaks: learned from the reports only one generation has (or pinned on its
/// credential), kept in the projections, and used to write the commands it is handed and to refuse the other generation's.
/// </summary>
public sealed class InterfaceGenerationTests
{
    private static readonly string[] Members = ["wxid_m1", "wxid_m2"];

    [Fact]
    public async Task A_client_that_sent_a_second_generation_report_is_handed_commands_in_the_second_generations_shape()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1701, wxid: "wxid_gen2a");
        await client.ReportAsync(new TextMessageReport { Account = "wxid_gen2a", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = "wxid_gen2a", Message = "hi" });
        Assert.Null(Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen2a")));

        await client.ReportAsync(new ChatRoomsReport { Account = "wxid_gen2a" });
        Assert.Equal("v2", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen2a")));

        await gateway.PostCommandAsync("wxid_gen2a", "createChatRoom", new { wxidLists = Members });
        var wire = await PollRawUntilAnyAsync(client);

        using var answer = JsonDocument.Parse(wire);
        var option = Assert.Single(answer.RootElement.EnumerateArray()).GetProperty("option");
        Assert.Equal(Members, option.GetProperty("wxidList").EnumerateArray().Select(e => e.GetString()));
        Assert.False(option.TryGetProperty("wxidLists", out _), wire);
    }

    [Fact]
    public async Task A_first_generation_client_is_handed_the_first_generations_shape()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1702, wxid: "wxid_gen1a");

        await client.ReportAsync(new ContactReport { Account = "wxid_gen1a" });
        Assert.Equal("v1", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen1a")));

        // Submitted with the second generation's keys, handed out with the first's.
        await gateway.PostCommandAsync("wxid_gen1a", "updateChatRoomName", new { roomWxid = "1@chatroom", name = "n" });
        var wire = await PollRawUntilAnyAsync(client);

        var option = Assert.Single(JsonDocument.Parse(wire).RootElement.EnumerateArray()).GetProperty("option");
        Assert.Equal("1@chatroom", option.GetProperty("chatroom").GetString());
        Assert.False(option.TryGetProperty("roomWxid", out _), wire);
    }

    [Fact]
    public async Task A_command_of_the_other_generation_is_refused_before_anything_is_queued()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var first = gateway.Client(pid: 1703, wxid: "wxid_gen1b");
        var second = gateway.Client(pid: 1704, wxid: "wxid_gen2b");
        await first.ReportAsync(new ContactReport { Account = "wxid_gen1b" });
        await second.ReportAsync(new ContactsReport { Account = "wxid_gen2b" });

        await AssertRefusedAsync(gateway, "wxid_gen1b", "getContacts", "v1");
        await AssertRefusedAsync(gateway, "wxid_gen2b", "getContact", "v2");

        // The typed endpoints too: the contact refresh of a second-generation account is not the first's getContact.
        using var typed = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_gen1b/contacts/wxids?queue=true", new { });
        Assert.Equal(HttpStatusCode.Accepted, typed.StatusCode);

        Assert.Single(await CommandsAsync(gateway, "wxid_gen1b"));
        Assert.Empty(await CommandsAsync(gateway, "wxid_gen2b"));

        // What both generations have is accepted for both.
        await gateway.PostCommandAsync("wxid_gen2b", "sendTextMessage", new { wxid = "wxid_friend", msg = "hi" });
        Assert.Single(await CommandsAsync(gateway, "wxid_gen2b"));
    }

    [Fact]
    public async Task An_account_whose_generation_is_unknown_accepts_both()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1705, wxid: "wxid_genx");
        await client.ReportAsync(new TextMessageReport { Account = "wxid_genx", MsgType = 1, WxidFrom = "wxid_friend", WxidTo = "wxid_genx", Message = "hi" });

        Assert.Null(Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_genx")));
        await gateway.PostCommandAsync("wxid_genx", "getContacts");
        await gateway.PostCommandAsync("wxid_genx", "getContact", new { flag = 7 });
        Assert.Equal(2, (await CommandsAsync(gateway, "wxid_genx")).Count);
    }

    [Fact]
    public async Task A_generation_pinned_on_the_credential_wins_over_what_the_client_sends()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.RefreshOnLogin = false;
            o.Clients.Add(new ClientCredential { Name = "pinned", Token = "pinned-token-1", Interface = "v1" });
        });
        var client = gateway.Client(pid: 1706, wxid: "wxid_pin1", queryToken: "pinned-token-1");

        await client.ReportAsync(new ChatRoomsReport { Account = "wxid_pin1" });

        // Learned v2 (and shown so), but the credential says v1.
        Assert.Equal("v2", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_pin1")));
        await AssertRefusedAsync(gateway, "wxid_pin1", "getChatRooms", "v1");
        await gateway.PostCommandAsync("wxid_pin1", "createChatRoom", new { wxidList = Members });
        var option = Assert.Single(JsonDocument.Parse(await PollRawUntilAnyAsync(client)).RootElement.EnumerateArray()).GetProperty("option");
        Assert.True(option.TryGetProperty("wxidLists", out _));
        Assert.False(option.TryGetProperty("wxidList", out _));
    }

    [Fact]
    public async Task A_generation_that_is_no_generation_is_refused_at_start()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(o =>
            o.Clients.Add(new ClientCredential { Name = "odd", Token = "odd-token-123", Interface = "v3" })));
        Assert.Contains("Interface must be v1 or v2", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_generation_login_asks_for_the_lists_with_the_second_generations_commands()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = true);
        var client = gateway.Client(pid: 1707, wxid: "wxid_gen2c");

        // reportLoginUser is in both generations; the second's carries wxdir, unreadmsg and phone.
        await client.ReportAsync(new LoginUserReport { Account = "wxid_gen2c", Wxid = "wxid_gen2c", WxDir = @"C:\WeChat Files\", UnreadMsg = 0 });

        var apis = (await CommandsAsync(gateway, "wxid_gen2c")).Select(c => c.GetProperty("api").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["getChatRooms", "getContacts", "getPublics"], apis);

        // Once per login.
        await client.ReportAsync(new LoginUserReport { Account = "wxid_gen2c", Wxid = "wxid_gen2c", WxDir = @"C:\WeChat Files\", UnreadMsg = 0 });
        Assert.Equal(3, (await CommandsAsync(gateway, "wxid_gen2c")).Count);
        Assert.Equal("v2", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen2c")));
    }

    [Fact]
    public async Task The_contact_refresh_of_a_second_generation_account_asks_each_list_with_its_own_command()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        await gateway.Client(pid: 1709, wxid: "wxid_gen2e").ReportAsync(new ContactsReport { Account = "wxid_gen2e" });

        using var rooms = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_gen2e/contacts/refresh?queue=true", new { flag = 2 });
        Assert.Equal(HttpStatusCode.Accepted, rooms.StatusCode);
        var one = JsonDocument.Parse(await rooms.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("getChatRooms", one.GetProperty("api").GetString());
        Assert.False(one.TryGetProperty("alsoQueued", out _));

        // No flag: every list, one command each, answered with the first's record and the others' ids.
        using var every = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_gen2e/contacts/refresh?queue=true", new { });
        var text = await every.Content.ReadAsStringAsync();
        Assert.True(every.StatusCode == HttpStatusCode.Accepted, text);
        var record = JsonDocument.Parse(text).RootElement;
        Assert.Equal("getContacts", record.GetProperty("api").GetString());
        Assert.Equal("queued", record.GetProperty("state").GetString());
        var others = record.GetProperty("alsoQueued").EnumerateArray().Select(i => i.GetInt64()).ToList();
        Assert.Equal(["getChatRooms", "getPublics"], await Task.WhenAll(others.Select(async id => (await gateway.GetCommandAsync(id)).GetProperty("api").GetString() ?? "")));
        Assert.Equal(4, (await CommandsAsync(gateway, "wxid_gen2e")).Count);

        // Two lists of the bitmask: two commands.
        using var two = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_gen2e/contacts/refresh?queue=true", new { flag = 5 });
        var pair = JsonDocument.Parse(await two.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("getContacts", pair.GetProperty("api").GetString());
        Assert.Equal("getPublics", (await gateway.GetCommandAsync(Assert.Single(pair.GetProperty("alsoQueued").EnumerateArray()).GetInt64())).GetProperty("api").GetString());

        using var none = await gateway.Http.PostAsJsonAsync("/api/v1/accounts/wxid_gen2e/contacts/refresh?queue=true", new { flag = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("getContacts", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(6, (await CommandsAsync(gateway, "wxid_gen2e")).Count);
    }

    [Fact]
    public async Task A_second_generation_refresh_waits_for_all_its_commands_and_keys_them_all_with_one_idempotency_key()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1710, wxid: "wxid_gen2f");
        await client.ReportAsync(new ContactsReport { Account = "wxid_gen2f" });
        await client.PollAsync();

        var refresh = Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts/wxid_gen2f/contacts/refresh?wait=30") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", "refresh-once");
            using var response = await gateway.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });

        // The client answers the lists one at a time (commands come on polls and in the answers to its reports); the
        // request is answered only once all three are.
        var answered = new List<string>();
        var pending = new Queue<Command>();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var command in await client.PollAsync())
            {
                pending.Enqueue(command);
            }

            while (pending.TryDequeue(out var command))
            {
                foreach (var more in await client.ReportAsync(new CommandAck { Account = "wxid_gen2f", SendId = command.SendId, SendResult = "1" }))
                {
                    pending.Enqueue(more);
                }

                Assert.False(refresh.IsCompleted, "the refresh answered before every list came");
                foreach (var more in await client.ReportAsync(command switch
                {
                    GetContactsCommand => new ContactsReport { Account = "wxid_gen2f", FriendList = [new UserProfile { Wxid = "wxid_gf1" }] },
                    GetChatRoomsCommand => new ChatRoomsReport { Account = "wxid_gen2f", GroupList = [new RoomSummary { Wxid = "777@chatroom" }] },
                    GetPublicsCommand => new PublicsReport { Account = "wxid_gen2f", PublicList = [new PublicAccount { Wxid = "gh_gf" }] },
                    _ => throw new InvalidOperationException(command.Kind),
                }))
                {
                    pending.Enqueue(more);
                }

                answered.Add(command.Kind);
            }

            return answered.Count == 3;
        }, () => $"the client should be asked for three lists, got {string.Join(", ", answered)}");

        var (status, text) = await refresh;
        Assert.True(status == HttpStatusCode.OK, text);
        var record = JsonDocument.Parse(text).RootElement;
        Assert.Equal("completed", record.GetProperty("state").GetString());
        Assert.Equal("reportContacts", record.GetProperty("answer").GetProperty("kind").GetString());
        foreach (var id in record.GetProperty("alsoQueued").EnumerateArray())
        {
            Assert.Equal("completed", (await gateway.GetCommandAsync(id.GetInt64())).GetProperty("state").GetString());
        }

        // The same key again: the same three commands, nothing new queued.
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts/wxid_gen2f/contacts/refresh") { Content = JsonContent.Create(new { }) };
        again.Headers.Add("Idempotency-Key", "refresh-once");
        using var replay = await gateway.Http.SendAsync(again);
        var replayed = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(record.GetProperty("id").GetInt64(), replayed.GetProperty("id").GetInt64());
        Assert.Equal(record.GetProperty("alsoQueued").GetRawText(), replayed.GetProperty("alsoQueued").GetRawText());
        Assert.Equal(3, (await CommandsAsync(gateway, "wxid_gen2f")).Count);
    }

    [Fact]
    public async Task The_learned_generation_survives_a_restart_and_a_rebuild()
    {
        var data = TestGateway.NewDataDirectory();
        try
        {
            await using (var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false, data))
            {
                await gateway.Client(pid: 1708, wxid: "wxid_gen2d").ReportAsync(new ContactsReport { Account = "wxid_gen2d" });
            }

            await using (var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false, data))
            {
                Assert.Equal("v2", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen2d")));
                await AssertRefusedAsync(gateway, "wxid_gen2d", "getContact", "v2");
            }

            var store = TestGateway.OpenStore(data);
            await store.InitializeAsync(default);
            await ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = data }, default);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using (var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false, data))
            {
                Assert.Equal("v2", Interface(await gateway.GetJsonAsync("/api/v1/accounts/wxid_gen2d")));
                await gateway.PostCommandAsync("wxid_gen2d", "createChatRoom", new { wxidLists = Members });
                var option = Assert.Single(JsonDocument.Parse(await PollRawUntilAnyAsync(gateway.Client(pid: 1708, wxid: "wxid_gen2d"))).RootElement.EnumerateArray()).GetProperty("option");
                Assert.True(option.TryGetProperty("wxidList", out _));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_generation_qr_code_is_served_as_the_instances_image_like_the_firsts()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = gateway.Client(pid: 1710, wxid: null);
        await client.PollAsync();
        using (var none = await gateway.Http.GetAsync("/api/v1/instances/1710/qr.png"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        // The second generation acks getLoginQrCode, then reports the code with neither cwxid nor sendId: the command
        // handed out to this instance says where it comes from, and the report finishes it.
        using (var asked = await gateway.Http.PostAsync("/api/v1/instances/1710/login-qr?queue=true", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        var wire = await PollRawUntilAnyAsync(client);
        var sendId = Assert.Single(JsonDocument.Parse(wire).RootElement.EnumerateArray()).GetProperty("sendId").GetString()!;
        await client.ReportAsync(new CommandAck { SendId = sendId, SendResult = "1" });
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await client.ReportAsync(new QrCodeMessageReport { File = @"C:\qr.png", Base64 = Convert.ToBase64String(png) });

        using var image = await gateway.Http.GetAsync("/api/v1/instances/1710/qr.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        var command = Assert.Single(await CommandsAsync(gateway, "pid:1710"));
        Assert.Equal("completed", command.GetProperty("state").GetString());
        Assert.True(command.TryGetProperty("answerSeq", out _) || command.TryGetProperty("answer", out _), command.ToString());
    }

    private static string? Interface(JsonElement account) =>
        account.TryGetProperty("interface", out var i) ? i.GetString() : null;

    private static async Task AssertRefusedAsync(TestGateway gateway, string account, string api, string speaks)
    {
        using var response = await gateway.Http.PostAsJsonAsync("/api/v1/commands", new { target = account, api, option = new { } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{api} to {account} answered {(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.EndsWith("generation-unsupported", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("interface " + speaks, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> PollRawUntilAnyAsync(TestClient client)
    {
        var wire = "[]";
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.PollRawAsync();
            wire = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            return wire != "[]";
        }, () => $"pid {client.Pid} got no command");
        return wire;
    }

    private static async Task<List<JsonElement>> CommandsAsync(TestGateway gateway, string account) =>
        [.. (await gateway.GetJsonAsync($"/api/v1/commands?account={account}")).GetProperty("items").EnumerateArray()];
}
