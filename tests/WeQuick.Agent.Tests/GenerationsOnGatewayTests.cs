using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Cli.Demo;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>
/// The agent and its simulated world speaking each generation to the real gateway (the demo's composition: SQLite,
/// loopback on a free port, the clients logged in through the QR flow), driven only through the developer API.
/// </summary>
public sealed class GenerationsOnGatewayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static async Task<(DemoHost Host, string Data)> StartAsync(InterfaceGenerations generation, int accounts = 2)
    {
        var data = Path.Combine(Path.GetTempPath(), $"wequick-gen-{Guid.NewGuid():N}");
        var host = await DemoHost.StartAsync(new DemoOptions
        {
            DataDirectory = data,
            Urls = "http://127.0.0.1:0",
            Accounts = accounts,
            Rate = 0,
            Pacing = false,
            Interface = generation,
            LongPoll = TimeSpan.FromMilliseconds(200),
            LoginTimeout = TimeSpan.FromSeconds(60),
        });
        return (host, data);
    }

    private static async Task StopAsync(DemoHost host, string data)
    {
        await host.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(DemoHost host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        var json = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Submits a command through <c>POST /api/v1/commands</c> and waits (with a deadline) for it to end; returns its record.</summary>
    private static async Task<JsonElement> RunAsync(DemoHost host, string target, string api, object option)
    {
        using var response = await host.Http.PostAsJsonAsync("api/v1/commands", new { target, api, option });
        var created = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{api}: POST /api/v1/commands answered {(int)response.StatusCode}: {created}");
        var id = created.GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow + Deadline;
        JsonElement record;
        while (true)
        {
            record = await GetAsync(host, $"api/v1/commands/{id}");
            if (record.GetProperty("state").GetString() is "completed" or "failed" or "expired" || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(25);
        }

        Assert.True(record.GetProperty("state").GetString() == "completed", $"{api} for {target} did not complete: {record}");
        var answerKind = ProtocolRegistry.AnswerKindOf(api);
        if (answerKind is not null && api != "logout")
        {
            // A command that has an answer is completed by it (the report, linked as answer), not by its ack alone.
            Assert.True(record.TryGetProperty("answer", out var answer) && answer.ValueKind == JsonValueKind.Object, $"{api} completed without its answer: {record}");
            Assert.Contains(answer.GetProperty("kind").GetString(), ProtocolRegistry.FindCommand(api)!.Policy.AnswerKinds);
        }

        return record;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    private static async Task<List<JsonElement>> EventsAsync(DemoHost host)
    {
        var all = new List<JsonElement>();
        long cursor = 0;
        for (var page = 0; page < 1000; page++)
        {
            var json = await GetAsync(host, $"api/v1/events?cursor={cursor}&limit=1000");
            var items = json.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                break;
            }

            all.AddRange(items);
            cursor = items[^1].GetProperty("seq").GetInt64();
        }

        return all;
    }

    private static string KindOf(JsonElement e) => e.GetProperty("kind").GetString()!;

    private static string? AccountOf(JsonElement e) => e.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;

    private static async Task<(WebApplication App, Uri Url)> UploadServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/upload", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            return Results.Text(form.Files.Count == 1 && form.Files[0].Length > 0 ? "4711" : "0");
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return (app, new Uri($"http://127.0.0.1:{port}/upload"));
    }

    [Fact]
    public async Task A_second_generation_client_runs_every_command_of_its_generation_through_the_gateway_and_reports_every_kind()
    {
        var (host, data) = await StartAsync(InterfaceGenerations.V2);
        var (upload, uploadUrl) = await UploadServerAsync();
        try
        {
            var w = host.World;
            var me = host.Accounts[0];
            var other = host.Accounts[1];
            Assert.Equal(InterfaceGenerations.V2, w.GenerationOfAccount(me));
            var account = await GetAsync(host, $"api/v1/accounts/{me}");
            Assert.Equal("v2", account.GetProperty("interface").GetString());

            var friends = w.ContactsOf(me, ContactState.Friend).Where(f => !w.AccountIds.Contains(f) && w.Person(f)!.Rejects.Count == 0).ToList();
            var own = w.RoomsOf(me, ownedOnly: true)[0];
            var outsiders = friends.Where(f => !w.Room(own)!.Has(f)).ToList();
            var lobby = w.LobbyRoom;
            var strangers = w.Room(lobby)!.Members.Where(m => !w.AccountIds.Contains(m) && w.Contact(me, m) is null && w.Person(m)!.Rejects.Count == 0).ToList();
            var followed = w.Accounts[me].Publics[0];
            var initialPids = w.Pids.ToHashSet();
            var ran = new List<string>();
            async Task<JsonElement> Run(string api, object option, string? target = null)
            {
                ran.Add(api);
                return await RunAsync(host, target ?? me, api, option);
            }

            string Kept<T>()
                where T : MessageReport => w.Accounts[me].Messages.Last(m => m.Value is T && m.Value.MyMsg != true).Key;

            // The login and the lists.
            await Run("getLoginUser", new { });
            await Run("getContacts", new { });
            await Run("getImContacts", new { });
            await Run("getPublics", new { });
            await Run("getChatRooms", new { });
            await Run("getImRooms", new { });
            await Run("getSingleContact", new { wxid = friends[0] });
            await Run("updateContact", new { wxid = strangers[0] });
            await Run("updateRemark", new { wxid = friends[0], remark = "老同学" });

            // Finding and adding people.
            var search = await Run("searchContact", new { search = strangers[0] });
            var tickets = search.GetProperty("answer").GetProperty("data");
            await Run("addSearchContact", new { v1 = tickets.GetProperty("v1").GetString(), v2 = tickets.GetProperty("v2").GetString(), remark = "你好", scene = 3 });
            await Run("addFriend", new { wxid = strangers[1], remark = "群里的朋友", scene = "14", roomWxid = lobby });
            await Run("acceptOnewayFriend", new { wxid = strangers[2] });
            await Run("zombieCheck", new { wxid = friends[0] });
            var request = w.FriendRequestArrives(me);
            await Run("acceptFriend", new { v1 = request.V1, v2 = request.V2, scene = "3" });
            await Run("delFriend", new { wxid = followed });
            await Run("addPublic", new { wxid = followed, scene = 1 });

            // Rooms.
            await Run("getSingleChatRoomMembers", new { roomWxid = own });
            var imRoom = w.Accounts[me].ImRoom!.Wxid;
            await Run("getSingleImRoomMembers", new { roomWxid = imRoom });
            await Run("updateChatRoom", new { roomWxid = own });
            await Run("sendChatroomLow", new { roomWxid = own, wxidList = new[] { outsiders[0] } });
            await Run("sendChatroomHigh", new { roomWxid = own, wxidList = new[] { outsiders[1] } });
            await Run("delChatRoomMembers", new { roomWxid = own, wxidList = new[] { outsiders[0] } });
            await Run("sendChatRoomNotice", new { roomWxid = own, notice = "本周五下午三点开会" });
            await Run("updateChatRoomName", new { roomWxid = own, name = "项目小组" });
            await Run("updateChatRoomDisplayName", new { roomWxid = lobby, nick = "小助手" });
            await Run("showDisplayName", new { roomWxid = lobby, code = 1 });
            await Run("saveRoomToContact", new { roomWxid = lobby, code = 1 });
            await Run("autoAcceptChatRoom", new { auto = 1 });
            var before = w.RoomsOf(me, ownedOnly: true).ToHashSet();
            await Run("createChatRoom", new { wxidList = new[] { friends[0], friends[1] } });
            var created = Assert.Single(w.RoomsOf(me, ownedOnly: true), r => !before.Contains(r));
            await Run("quitDelChatRoom", new { roomWxid = created });
            var (link, image) = w.RoomQrCode(created);
            var scanned = await Run("scanQrcodePic", new { pic = image });
            Assert.Equal(link, scanned.GetProperty("answer").GetProperty("data").GetProperty("content").GetString());
            await Run("acceptQrcodeChatRoom", new { url = link });
            Assert.Contains(me, w.Room(created)!.Members);

            // An invitation from the other account, accepted the second generation's way.
            var theirs = w.RoomsOf(other, ownedOnly: true)[0];
            await RunAsync(host, other, "sendChatroomHigh", new { roomWxid = theirs, wxidList = new[] { me } });
            var invite = w.InvitesFor(me).Single();
            await Run("acceptChatroomInvite", new { wxid = other, inviteurl = invite });
            Assert.Contains(me, w.Room(theirs)!.Members);

            // Messages.
            await Run("sendTextMessage", new { wxid = friends[0], text = "你好" });
            await Run("sendAtTextMessage", new { wxid = lobby, text = "{$@}今天开会", atlist = new[] { other } });
            await Run("sendPicMessage", new { wxid = friends[0], imgPath = WorldBuilder.PhotoPath });
            await Run("sendFileMessage", new { wxid = friends[0], filePath = WorldBuilder.ReportPath });
            await Run("sendVideoMessage", new { wxid = friends[0], videoPath = "https://example.com/clip.mp4" });
            await Run("sendGifMessage", new { wxid = friends[0], gifPath = "https://example.com/smile.gif" });
            await Run("sendLinkMessage", new { wxid = friends[0], title = "周报", url = "https://example.com/weekly", desc = "本周进展", pic = "https://example.com/p.png" });
            await Run("sendXmlMessage", new { wxid = friends[0], xml = "<msg><appmsg><title>一张卡片</title><type>5</type></appmsg></msg>" });
            await Run("sendCardMessage", new { wxid = friends[0], wxidCard = other });
            await Run("sendCardXmlMessage", new { wxid = friends[0], xml = $"<msg username=\"{other}\" nickname=\"同事\" />" });
            foreach (var kind in new[] { IncomingKind.Text, IncomingKind.Mini, IncomingKind.Voice, IncomingKind.Pic })
            {
                w.Incoming(kind, me, from: friends[1]);
            }

            await UntilAsync(() => Task.FromResult(w.Accounts[me].Messages.Values.Any(m => m is PicMessageReport && m.MyMsg != true)), "the received picture to be kept by msgid");
            await Run("transAnyMessage", new { wxid = friends[0], msgid = Kept<TextMessageReport>() });
            await Run("sendMiniMessage", new { wxid = friends[0], msgid = Kept<MiniMessageReport>() });
            await Run("addFavoriteFrom", new { wxid = friends[1], msgid = Kept<TextMessageReport>() });
            await Run("getFavorites", new { });
            await Run("sendFavorite", new { wxid = friends[0], localid = "1" });
            await Run("transVoice", new { wxid = friends[1], msgid = Kept<VoiceMessageReport>() });
            var pic = (PicMessageReport)w.Accounts[me].Messages[Kept<PicMessageReport>()];
            await Run("decryptPic", new { srcFile = pic.FileIndex, tarFile = @"C:\WeQuick\files\decrypted.jpg" });
            await Run("checkUrlStatus", new { url = "https://example.com/weekly" });
            await Run("unreadMsgCountChange", new { });
            await Run("modRecvNotify", new { wxid = friends[0], code = "1" });
            await Run("chatSessionTop", new { wxid = friends[0], code = "1" });

            // Money.
            var paid = w.TransferArrives(friends[1], me, 8.8m, "午饭");
            await Run("acceptBankTransfer", new { transferid = paid.Id });
            var returned = w.TransferArrives(friends[1], me, 100m, "借你的");
            await Run("refuseFriendWcpay", new { transferid = returned.Id });

            // Switches and the client machine (admin scope: the demo's key is an admin key).
            await Run("autoAcceptFriend", new { auto = 1 });
            await Run("autoAcceptWcpay", new { auto = 0 });
            await Run("autoAcceptCard", new { auto = 1 });
            await Run("disableRevoke", new { code = "1" });
            await Run("openBrowser", new { url = "https://example.com/" });
            var sql = await Run("getSqlData", new { sql = "select UserName, NickName from Contact", db = 1, extend = "contacts" });
            Assert.Contains(friends[0], sql.GetProperty("answer").GetProperty("data").GetProperty("result").GetString(), StringComparison.Ordinal);
            await Run("clearChatHistory", new { });
            await Run("downloadFile", new { cwxid = me, url = "https://example.com/files/menu.pdf" });
            var uploaded = await Run("uploadFile", new { cwxid = me, filepath = WorldBuilder.PhotoPath, url = uploadUrl.AbsoluteUri });
            Assert.Equal("4711", uploaded.GetProperty("sendResult").GetString());

            // Processes: a new WeChat shows its QR code, then is closed; last, the account logs out.
            await Run("openWeChat", new { });
            var newPid = Assert.Single(w.Pids, p => !initialPids.Contains(p));
            await Run("getLoginQrCode", new { }, target: $"pid:{newPid}");
            await Run("closeProcess", new { pid = newPid }, target: $"pid:{newPid}");
            await Run("logout", new { });

            // Every command kind the second generation has ran, and a kind added later without agent support fails here.
            var v2Kinds = ProtocolRegistry.Commands.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)).Select(k => k.Api).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(70, v2Kinds.Count);
            Assert.Equal(v2Kinds, ran.Distinct().Order(StringComparer.Ordinal).ToList());

            // Events only the world makes happen, then: every report kind of the second generation is in the gateway's log.
            w.QrCodePaymentArrives(other);
            w.TalkerChanges(other, lobby);
            foreach (var kind in new[] { IncomingKind.Location, IncomingKind.Other, IncomingKind.OtherApp, IncomingKind.Card, IncomingKind.Gif, IncomingKind.Video, IncomingKind.File, IncomingKind.System })
            {
                w.Incoming(kind, other);
            }

            w.LogoutFrom(other, LogoutSource.Phone);
            var v2Reports = ProtocolRegistry.Reports.Where(k => k.Generations.HasFlag(InterfaceGenerations.V2)).Select(k => k.Action).ToHashSet();
            Assert.Equal(46, v2Reports.Count(a => a != CommandAck.AckKind)); // the document's 46 reports, and the generic ack
            HashSet<string> seen = [];
            await UntilAsync(
                async () =>
                {
                    seen = [.. (await EventsAsync(host)).Select(KindOf)];
                    return v2Reports.IsSubsetOf(seen);
                },
                "every second-generation report kind in the event log");

            // And nothing of the first generation's own kinds came from a second-generation client.
            var firstOnly = ProtocolRegistry.Reports.Where(k => k.Generations == InterfaceGenerations.V1).Select(k => k.Action).ToHashSet();
            Assert.Empty(seen.Intersect(firstOnly));
        }
        finally
        {
            await upload.DisposeAsync();
            await StopAsync(host, data);
        }
    }

    [Fact]
    public async Task A_first_and_a_second_generation_client_on_one_gateway_each_log_in_list_contacts_send_and_receive()
    {
        var (host, data) = await StartAsync(InterfaceGenerations.Both);
        try
        {
            var w = host.World;
            var v2 = Assert.Single(host.Accounts, a => w.GenerationOfAccount(a) == InterfaceGenerations.V2);
            var v1 = Assert.Single(host.Accounts, a => w.GenerationOfAccount(a) == InterfaceGenerations.V1);
            foreach (var (wxid, name) in new[] { (v1, "v1"), (v2, "v2") })
            {
                // Logged in (the demo waited for it), with the generation the gateway learned from what the client sent.
                var account = await GetAsync(host, $"api/v1/accounts/{wxid}");
                Assert.True(account.GetProperty("loggedIn").GetBoolean());
                Assert.Equal(name, account.GetProperty("interface").GetString());

                // Contacts, listed in each generation's way: getContact with a flag, or getContacts; the answer names the friend.
                var friend = w.FirstPersonFriendOf(wxid)!;
                var listed = name == "v1"
                    ? await RunAsync(host, wxid, "getContact", new { flag = 1 })
                    : await RunAsync(host, wxid, "getContacts", new { });
                var answer = listed.GetProperty("answer");
                Assert.Equal(name == "v1" ? "reportContact" : "reportContacts", answer.GetProperty("kind").GetString());
                Assert.Contains(friend, answer.GetProperty("data").GetRawText(), StringComparison.Ordinal);
                if (name == "v1")
                {
                    // The first generation's list is also in the gateway's contact view.
                    var contacts = await GetAsync(host, $"api/v1/accounts/{wxid}/contacts?limit=500");
                    Assert.Contains(contacts.GetProperty("items").EnumerateArray(), c => c.GetProperty("wxid").GetString() == friend);
                }

                // Sending a text reaches the friend; a text from the friend reaches the gateway.
                var text = $"来自{name}的问候";
                using (var sent = await host.Http.PostAsJsonAsync($"api/v1/accounts/{wxid}/messages", new { type = "text", to = friend, text }))
                {
                    Assert.True(sent.IsSuccessStatusCode, $"{name} send: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");
                }

                await host.WaitForReceivedAsync(friend, d => d.From == wxid && d.Text == text, Deadline);
                var reply = $"回复{name}";
                w.Incoming(IncomingKind.Text, wxid, from: friend, text: reply);
                await UntilAsync(
                    async () => (await GetAsync(host, $"api/v1/accounts/{wxid}/messages?limit=50")).GetProperty("items").EnumerateArray()
                        .Any(m => m.GetRawText().Contains(reply, StringComparison.Ordinal)),
                    $"the reply to {name} in its messages");
            }

            var events = await EventsAsync(host);
            Assert.Contains(events, e => KindOf(e) == "reportContacts" && AccountOf(e) == v2);
            Assert.Contains(events, e => KindOf(e) == "reportContact" && AccountOf(e) == v1);
            Assert.DoesNotContain(events, e => AccountOf(e) == v1
                && ProtocolRegistry.FindReport(KindOf(e))?.Generations == InterfaceGenerations.V2);

            // Mentions: the second-generation client sends them; the same request for the first-generation one is refused.
            var room = w.LobbyRoom;
            using (var mention = await host.Http.PostAsJsonAsync($"api/v1/accounts/{v2}/messages", new { type = "text", to = room, text = "hi", mentions = new[] { v1 } }))
            {
                Assert.True(mention.IsSuccessStatusCode, $"mention: {(int)mention.StatusCode} {await mention.Content.ReadAsStringAsync()}");
            }

            var nick = w.Person(v1)!.Nick;
            await UntilAsync(
                async () => (await EventsAsync(host)).Any(e => KindOf(e) == "reportTextMessage" && AccountOf(e) == v2
                    && e.GetRawText().Contains("\"atList\"", StringComparison.OrdinalIgnoreCase) && e.GetRawText().Contains(v1, StringComparison.Ordinal)),
                "the second-generation client's own mention, with its atlist");
            await UntilAsync(
                async () => (await GetAsync(host, $"api/v1/accounts/{v1}/messages?limit=50")).GetProperty("items").EnumerateArray()
                    .Any(m => m.GetRawText().Contains("hi", StringComparison.Ordinal) && m.GetRawText().Contains(nick, StringComparison.Ordinal)),
                "the mention reaching the first-generation account in the room");

            using var refused = await host.Http.PostAsJsonAsync($"api/v1/accounts/{v1}/messages", new { type = "text", to = room, text = "hi", mentions = new[] { v2 } });
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Equal((HttpStatusCode)422, refused.StatusCode);
            Assert.Contains("generation-unsupported", problem, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(host, data);
        }
    }
}
