using System.Text.Json;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

public sealed class ProjectionTests
{
    /// <summary>A day in the life of an account: contacts, rooms, messages of many kinds, a friend request, a transfer, an upload, a logout.</summary>
    private static async Task RunScenarioAsync(TestGateway gateway)
    {
        var bot = gateway.Client(pid: 900);
        bot.Quirks = ReportQuirks.RealClient;
        await bot.LogInAsync("wxid_life", nick: "生活");
        foreach (var (api, option) in new (string, object?)[]
        {
            ("getContact", new { flag = "7" }),
            ("getUsersInfo", new { wxidLists = new[] { "wxid_friend", "wxid_new" } }),
            ("getUsersWxid", null),
            ("getChatRoomUsers", new { wxid = "123@chatroom" }),
            ("getChatRoomUserNick", new { chatRoom = "123@chatroom", wxid = "wxid_friend" }),
            ("uploadFile", new { fileUrl = "C:\\a.txt", upUrl = "https://upload.example/put" }),
        })
        {
            var id = (await gateway.PostCommandAsync("wxid_life", api, option)).GetProperty("id").GetInt64();
            foreach (var c in await bot.PollUntilAnyAsync())
            {
                await bot.ExecuteAsync(c);
            }

            await gateway.WaitForCommandAsync(id, "completed");
        }

        var me = "wxid_life";
        Report[] reports =
        [
            new FriendAddRequestReport { Account = me, Wxid = "wxid_asker", Nick = "Asker", V1 = "v1_a", V2 = "v2_a", NoticeWord = "hi" },
            new FriendAddRequestReport { Account = me, Wxid = "wxid_friend", Nick = "Friend", V1 = "v1_f", V2 = "v2_f" },
            new TextMessageReport { Account = me, MsgType = 1, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = me, Message = "hello \uE04C" },
            new TextMessageReport { Account = me, MsgType = 1, MyMsg = true, RoomWxid = null, WxidFrom = "123@chatroom", WxidTo = me, Message = "my room text" },
            new PicMessageReport { Account = me, MsgType = 3, MyMsg = false, RoomWxid = "123@chatroom", WxidFrom = "wxid_friend", WxidTo = "123@chatroom", FileIndex = "C:\\x.dat" },
            new VoiceMessageReport { Account = me, MsgType = 34, WxidFrom = "wxid_friend", WxidTo = me, VoiceIndex = "C:\\v.amr" },
            new GifMessageReport { Account = me, MsgType = 47, WxidFrom = "wxid_friend", WxidTo = me, Url = "<msg><" },
            new TransferMessageReport { Account = me, MyMsg = false, WxidFrom = "wxid_friend", WxidTo = me, TransferId = "tx1", PaySubtype = 1, FeeDesc = "￥0.01", PayMemo = "tea" },
            new TransferMessageReport { Account = me, MyMsg = true, WxidFrom = me, WxidTo = "wxid_friend", TransferId = "tx1", PaySubtype = 3, FeeDesc = "￥0.01" },
            new ChatRoomChangeReport { Account = me, ChatRoom = "456@chatroom", Nick = "New room" },
            new SystemMessageReport { Account = me, MsgType = 10000, WxidFrom = "wxid_gone", WxidTo = me, Message = SystemMessageReport.RejectedByPeerText },
            new LogoutReport { Account = me, Code = 1 },
        ];
        foreach (var r in reports)
        {
            await bot.ReportAsync(r);
        }

        // The friend who asked is a friend now (a later contact list says so); then the instance goes quiet.
        var getContact = (await gateway.PostCommandAsync(me, "getContact", new { flag = "1" })).GetProperty("id").GetInt64();
        foreach (var c in await bot.PollUntilAnyAsync())
        {
            await bot.ExecuteAsync(c);
        }

        await gateway.WaitForCommandAsync(getContact, "completed");
        for (var i = 0; i < 40; i++)
        {
            gateway.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.TrueAsync(
            async () => (await gateway.AllEventsAsync()).Any(e => e.GetProperty("kind").GetString() == "instanceOffline"),
            () => "the instance should go offline");
    }

    [Fact]
    public async Task The_projections_describe_contacts_rooms_messages_requests_transfers_and_uploads()
    {
        await using var gateway = await TestGateway.StartAsync();
        await RunScenarioAsync(gateway);
        var account = await gateway.GetJsonAsync("/api/v1/accounts/wxid_life");
        Assert.Equal("loggedOut", account.GetProperty("loginState").GetString());
        Assert.Equal("wechatOrPhone", account.GetProperty("logoutCause").GetString());
        Assert.False(account.GetProperty("online").GetBoolean());
        var counts = account.GetProperty("counts");
        Assert.Equal(8, counts.GetProperty("messages").GetInt64());
        Assert.Equal(2, counts.GetProperty("friendRequests").GetInt64());
        Assert.Equal(1, counts.GetProperty("transfers").GetInt64());
        Assert.Equal(1, counts.GetProperty("uploads").GetInt64());
        Assert.Equal(1, counts.GetProperty("publicAccounts").GetInt64());
        Assert.Equal(2, counts.GetProperty("rooms").GetInt64());

        var docs = (await gateway.Store.ReadAllDocumentsAsync(default)).Where(d => d.Account == "wxid_life").ToList();
        JsonElement Doc(string collection, string key) => JsonDocument.Parse(docs.Single(d => d.Collection == collection && d.Key == key).Json).RootElement;
        Assert.Equal("friend", Doc("contact", "wxid_friend").GetProperty("category").GetString());
        Assert.Equal("stranger", Doc("contact", "wxid_stranger").GetProperty("category").GetString());
        Assert.Equal("blacklisted", Doc("contact", "wxid_blocked").GetProperty("category").GetString());
        Assert.Equal("N-wxid_new", Doc("contact", "wxid_new").GetProperty("nick").GetString());
        Assert.Equal("nick-in-room", Doc("member", "123@chatroom/wxid_friend").GetProperty("roomNick").GetString());
        Assert.True(Doc("member", "123@chatroom/wxid_friend").GetProperty("isOwner").GetBoolean());
        Assert.Equal("accepted", Doc("friendRequest", "wxid_friend").GetProperty("state").GetString());
        Assert.Equal("pending", Doc("friendRequest", "wxid_asker").GetProperty("state").GetString());
        Assert.Equal("v2_a", Doc("friendRequest", "wxid_asker").GetProperty("v2").GetString());
        var transfer = Doc("transfer", "tx1");
        Assert.Equal("accepted", transfer.GetProperty("state").GetString());
        Assert.Equal([1, 3], transfer.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("paySubtype").GetInt32()));
        Assert.Equal(200, Doc("upload", docs.Single(d => d.Collection == "upload").Key).GetProperty("serverCode").GetInt64());

        var messages = (await gateway.GetJsonAsync("/api/v1/accounts/wxid_life/messages?limit=3")).GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["reportTransferMessage", "reportTransferMessage", "reportSystemMessage"], messages.Select(m => m.GetProperty("kind").GetString()));
        var all = (await gateway.GetJsonAsync("/api/v1/accounts/wxid_life/messages")).GetProperty("items").EnumerateArray().Reverse().ToList();
        var roomText = all.Single(m => m.GetProperty("report").TryGetProperty("message", out var t) && t.GetString() == "my room text");
        Assert.Equal("123@chatroom", roomText.GetProperty("conversation").GetString());
        Assert.True(roomText.GetProperty("isSelf").GetBoolean());
        Assert.Equal("wxid_life", roomText.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task Rebuild_from_the_log_reproduces_the_live_projections_exactly()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            IReadOnlyList<Storage.ProjectionDocument> live;
            await using (var gateway = await TestGateway.StartAsync(dataDirectory: dir))
            {
                await RunScenarioAsync(gateway);
                live = await gateway.Store.ReadAllDocumentsAsync(default);
            }

            var collections = live.Select(d => d.Collection).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.True(collections.Count >= 8 && collections.Contains(Collections.Conversation) && collections.Contains(Collections.Transfer), $"the scenario should produce a rich projection, got {string.Join(", ", collections)}");
            var (store, stdout) = await CliRebuild.FromEmptyAsync(dir);
            Assert.Contains("rebuilt the projections from", stdout, StringComparison.Ordinal);
            Assert.Equal(live, await store.ReadAllDocumentsAsync(default));

            // Rebuilding again changes nothing.
            await ProjectionRebuilder.RebuildAsync(store, new GatewayOptions { DataDirectory = dir }, default);
            Assert.Equal(live, await store.ReadAllDocumentsAsync(default));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
