using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway against the agent's simulated world: what a newcomer does on a fresh clone, and every
/// command of the spec round-tripping through the developer API, the wire and the simulated WeChat.
/// </summary>
public sealed class AgentEndToEndTests
{
    [Fact]
    public async Task Three_simulated_accounts_log_in_and_a_text_sent_through_the_api_reaches_the_friend()
    {
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 3);
        var accounts = await rig.AccountsLoggedInAsync(3);
        Assert.Equal(rig.World.AccountIds.Order(StringComparer.Ordinal), accounts.Select(a => a.GetProperty("wxid").GetString()!).Order(StringComparer.Ordinal));

        var (me, friend) = (rig.Account(0), rig.Account(1));
        var command = await rig.RunAsync(me, "sendTextMessage", new { wxid = friend, text = "你好 \uE04C 😀" });
        Assert.Equal("1", command.GetProperty("sendResult").GetString());

        // Both sides see the conversation: the friend's agent reported the message it received.
        var received = await rig.MessageAsync(friend, m => m.GetProperty("kind").GetString() == "reportTextMessage"
            && m.GetProperty("report").GetProperty("message").GetString() == "你好 \uE04C 😀", "the text");
        Assert.Equal(me, received.GetProperty("conversation").GetString());
        Assert.Equal(me, received.GetProperty("sender").GetString());
        Assert.False(received.GetProperty("isSelf").GetBoolean());
    }

    [Fact]
    public async Task A_logged_out_instance_logs_in_through_the_qr_code_the_api_asks_for()
    {
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 1, loggedOut: true);
        var pid = Assert.Single(rig.World.Pids);
        Assert.Equal(0, (await rig.Gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").GetArrayLength());

        var qr = await rig.RunAsync($"pid:{pid}", "getLoginQrCode");
        var answer = qr.GetProperty("answer");
        Assert.Equal("reportLoginQrCode", answer.GetProperty("kind").GetString());
        var image = Convert.FromBase64String(answer.GetProperty("data").GetProperty("message").GetString()!.Split(',')[^1]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);

        Assert.True(rig.World.ShowsQrCode(pid), "the simulated WeChat shows the QR code it was asked for");
        var account = rig.World.Scan(pid);
        var accounts = await rig.AccountsLoggedInAsync(1);
        Assert.Equal(account, Assert.Single(accounts).GetProperty("wxid").GetString());
    }

    [Fact]
    public async Task Every_command_of_the_spec_round_trips_through_the_api_the_wire_and_the_simulated_wechat()
    {
        await using var upload = await UploadServer.StartAsync();
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 3);
        await rig.AccountsLoggedInAsync(3);
        var (me, peer, other) = (rig.Account(0), rig.Account(1), rig.Account(2));
        var friends = rig.World.ContactsOf(me, ContactState.Friend).Where(f => !rig.World.AccountIds.Contains(f)).ToList();
        Assert.True(friends.Count >= 4, "the world should give the account friends besides the other accounts");

        // Queries: completed when their answering report arrives, linked to the command.
        await ExpectAnswer(rig, me, "getLoginStatus", null, "loginStatus");
        var contacts = await ExpectAnswer(rig, me, "getContact", new { flag = "7" }, "reportContact");
        Assert.True(contacts.GetProperty("data").GetProperty("friendList").GetArrayLength() >= friends.Count);
        await ExpectAnswer(rig, me, "getUsersWxid", null, "reportUsersWxid");
        var info = await ExpectAnswer(rig, me, "getUsersInfo", new { wxidLists = new[] { peer, other } }, "reportUsersInfo");
        Assert.Equal(2, info.GetProperty("data").GetProperty("userLists").GetArrayLength());

        // Messages of every kind to another simulated account, which reports receiving them.
        rig.World.Disk.Write(@"C:\wequick\pic.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        rig.World.Disk.Write(@"C:\wequick\报告.pdf", [1, 2, 3, 4, 5]);
        await rig.RunAsync(me, "sendTextMessage", new { wxid = peer, text = "every command" });
        await rig.RunAsync(me, "sendPicMessage", new { wxid = peer, imgPath = @"C:\wequick\pic.png" });
        await rig.RunAsync(me, "sendFileMessage", new { wxid = peer, filePath = @"C:\wequick\报告.pdf" });
        await rig.RunAsync(me, "sendXmlMessage", new { wxid = peer, title = "标题", url = "https://example.invalid/a", desc = "描述", pic = "https://example.invalid/p.png" });
        await rig.RunAsync(me, "sendCardMessage", new { wxid = peer, wxidCard = other });
        foreach (var kind in new[] { "reportTextMessage", "reportPicMessage", "reportFileMessage", "reportUrlMessage", "reportCardMessage" })
        {
            await rig.MessageAsync(peer, m => m.GetProperty("kind").GetString() == kind && m.GetProperty("sender").GetString() == me, kind);
        }

        // Rooms: create one with two friends, invite the peer, who accepts through the link it received.
        await rig.RunAsync(me, "createChatRoom", new { wxidLists = new[] { friends[0], friends[1] } });
        var room = rig.World.RoomsOf(me, ownedOnly: true).Single(r => rig.World.Room(r)!.Members.Contains(friends[0]) && rig.World.Room(r)!.Members.Count == 3);
        await rig.RunAsync(me, "sendChatroom", new { wxid = peer, chatroom = room });
        var invite = await rig.MessageAsync(peer, m => m.GetProperty("kind").GetString() == "reportAddChatRoomMessage", "the room invitation");
        await rig.RunAsync(peer, "acceptChatroomInvite", new { url = invite.GetProperty("report").GetProperty("url").GetString() });
        Assert.Contains(peer, rig.World.Room(room)!.Members);
        var members = await ExpectAnswer(rig, me, "getChatRoomUsers", new { wxid = room }, "reportChatRoomUserLists");
        Assert.Equal(4, members.GetProperty("data").GetProperty("userLists").GetArrayLength());
        await rig.RunAsync(me, "updateChatRoomName", new { chatroom = room, name = "新群名" });
        Assert.Equal("新群名", rig.World.Room(room)!.Name);
        await rig.RunAsync(me, "updateRoomAsName", new { chatroom = room, nick = "群主" });
        var nick = await ExpectAnswer(rig, me, "getChatRoomUserNick", new { chatroom = room, wxid = me }, "reportGetChatRoomUserNick");
        Assert.Equal("群主", nick.GetProperty("data").GetProperty("chatNick").GetString());
        await rig.RunAsync(me, "delChatRoomUser", new { chatroom = room, wxid = friends[1] });
        Assert.DoesNotContain(friends[1], rig.World.Room(room)!.Members);
        await rig.MessageAsync(peer, m => m.GetProperty("kind").GetString() == "reportChatroomMessage" && m.GetProperty("conversation").GetString() == room, "the room's system notices");
        await rig.RunAsync(peer, "exitChatRoom", new { chatroom = room });
        Assert.DoesNotContain(peer, rig.World.Room(room)!.Members);

        // Friends: a request arrives and is accepted with its tickets; remark; delete.
        var request = rig.World.FriendRequestArrives(me);
        await rig.MessageAsync(me, _ => true, "anything");
        await rig.RunAsync(me, "acceptFriend", new { v1 = request.V1, v2 = request.V2 });
        Assert.Equal(ContactState.Friend, rig.World.Contact(me, request.From)!.State);
        await rig.RunAsync(me, "updateAsName", new { wxid = friends[2], asName = "老同学" });
        Assert.Equal("老同学", rig.World.Contact(me, friends[2])!.AsName);
        await rig.RunAsync(me, "delUser", new { wxid = friends[3] });
        Assert.NotEqual(ContactState.Friend, rig.World.Contact(me, friends[3])?.State ?? ContactState.Stranger);

        // A member of the shared room is asked to be a friend (the vendor's addRoomFriend).
        var stranger = rig.World.Room(rig.World.LobbyRoom)!.Members.First(m => !rig.World.AccountIds.Contains(m) && rig.World.Contact(me, m)?.State != ContactState.Friend);
        await rig.RunAsync(me, "addRoomFriend", new { chatroom = rig.World.LobbyRoom, wxid = stranger, noticeWord = "你好" });

        // Transfers: one arrives (paysubtype 1) and is accepted (paysubtype 3).
        var transfer = rig.World.TransferArrives(friends[0], me, 8.88m, "午饭");
        await rig.MessageAsync(me, m => m.GetProperty("kind").GetString() == "reportTransferMessage" && m.GetProperty("report").GetProperty("paySubtype").GetInt32() == 1, "the transfer");
        await rig.RunAsync(me, "acceptBankTransfer", new { transferid = transfer.Id, wxid = friends[0] });
        await rig.MessageAsync(me, m => m.GetProperty("kind").GetString() == "reportTransferMessage" && m.GetProperty("report").GetProperty("paySubtype").GetInt32() == 3, "the accepted transfer");

        // Files: the agent uploads a client-side file and reports the upload server's numeric reply.
        var uploaded = await ExpectAnswer(rig, me, "uploadFile", new { fileUrl = @"C:\wequick\报告.pdf", upUrl = upload.Url }, "resUploadFile");
        Assert.Equal("200", uploaded.GetProperty("data").GetProperty("sendResult").GetString());
        Assert.Equal([1, 2, 3, 4, 5], Assert.Single(upload.Bodies));

        // Process and login commands: a new instance, its QR code, a scan, then it is closed; logout.
        var pidsBefore = rig.World.Pids.ToHashSet();
        var myPid = rig.World.PidOf(me)!.Value;
        await rig.RunAsync($"pid:{myPid}", "openWeChat");
        var newPid = Assert.Single(rig.World.Pids, p => !pidsBefore.Contains(p));
        await Eventually.TrueAsync(
            async () => (await rig.Gateway.GetJsonAsync($"/api/v1/commands/{(await rig.Gateway.PostCommandAsync($"pid:{newPid}", "getLoginStatus")).GetProperty("id").GetInt64()}")).ValueKind == JsonValueKind.Object,
            () => "the new instance should be known");
        await ExpectAnswer(rig, $"pid:{newPid}", "getLoginQrCode", null, "reportLoginQrCode");
        await rig.RunAsync($"pid:{newPid}", "closeProcess", new { pid = newPid.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.DoesNotContain(newPid, rig.World.Pids);

        await ExpectAnswer(rig, other, "logout", null, "resLogout");
        await Eventually.TrueAsync(
            async () => (await rig.Gateway.GetJsonAsync($"/api/v1/accounts/{other}")).GetProperty("loggedIn").ValueKind == JsonValueKind.False,
            () => "the logged-out account should show as logged out");
    }

    [Fact]
    public async Task Commands_travel_in_the_receive_msg_response_when_the_client_rarely_polls()
    {
        // An hour between polls: after the first poll, the only way a command reaches the client is the
        // answer to a report it posts — the spec's second channel.
        await using var rig = await AgentRigOnGateway.StartAsync(accounts: 2, pollInterval: TimeSpan.FromHours(1));
        await rig.AccountsLoggedInAsync(2);
        var (me, peer) = (rig.Account(0), rig.Account(1));

        var created = await rig.Gateway.PostCommandAsync(me, "sendTextMessage", new { wxid = peer, text = "via the receive answer" });
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("queued", await rig.Gateway.CommandStateAsync(id));

        // Something happens to the account: its agent reports it, and the gateway answers with the command.
        rig.World.Incoming(IncomingKind.Text, me, from: peer, text: "ping");
        var done = await rig.Gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal("1", done.GetProperty("sendResult").GetString());
        await rig.MessageAsync(peer, m => m.GetProperty("kind").GetString() == "reportTextMessage" && m.GetProperty("report").GetProperty("message").GetString() == "via the receive answer", "the text");
    }

    private static async Task<JsonElement> ExpectAnswer(AgentRigOnGateway rig, string target, string api, object? option, string answerKind)
    {
        var record = await rig.RunAsync(target, api, option);
        var answer = record.GetProperty("answer");
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"{api} should be linked to its {answerKind}: {record}");
        Assert.Equal(answerKind, answer.GetProperty("kind").GetString());
        return answer;
    }

    /// <summary>A file-upload endpoint on loopback that keeps what it is sent and answers a numeric status, as uploadFile expects.</summary>
    private sealed class UploadServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private UploadServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentQueue<byte[]> Bodies { get; } = new();

        public static async Task<UploadServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            UploadServer? self = null;
            app.MapPost("/upload", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                if (request.HasFormContentType)
                {
                    var form = await request.ReadFormAsync();
                    foreach (var file in form.Files)
                    {
                        await file.CopyToAsync(buffer);
                    }
                }
                else
                {
                    await request.Body.CopyToAsync(buffer);
                }

                self!.Bodies.Enqueue(buffer.ToArray());
                return Results.Text("200");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new UploadServer(app, address + "/upload");
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
