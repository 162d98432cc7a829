using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The second generation's reports, posted by a client on receive_msg, change the projections, and the developer API
/// shows what they changed: the separate lists, contacts added, deleted and looked up, room members joining and
/// leaving, rooms quit, message ids, times and mentions, and the results of the commands a developer reads back.
/// </summary>
public sealed class SecondGenerationProjectionTests
{
    private const string Me = "wxid_v2me";
    private const string Room = "8001@chatroom";
    private const string NewRoom = "8002@chatroom";
    private const string ImRoom = "9001@im.chatroom";

    private static TestClient Client(TestGateway gateway) => gateway.Client(pid: 1801, wxid: Me);

    /// <summary>Every list of the second generation, twice for friends: the second list is shorter and renames one.</summary>
    private static async Task ListsAsync(TestClient client)
    {
        await client.ReportAsync(new ContactsReport
        {
            Account = Me,
            FriendList =
            [
                new UserProfile { Wxid = "wxid_f1", Nick = "One", AsName = "Remark one", Username = "one_id", Sex = 1 },
                new UserProfile { Wxid = "wxid_f2", Nick = "Two" },
            ],
        });
        await client.ReportAsync(new ImContactsReport { Account = Me, FriendList = [new UserProfile { Wxid = "woim_c1", Nick = "Colleague" }] });
        await client.ReportAsync(new PublicsReport { Account = Me, PublicList = [new PublicAccount { Wxid = "gh_v2news", Nick = "News" }] });
        await client.ReportAsync(new ChatRoomsReport
        {
            Account = Me,
            GroupList = [new RoomSummary { Wxid = Room, Nick = "Family", Owner = "wxid_f1", IsOwner = false, RoomCount = 3, UserLists = ["wxid_f1", "wxid_f2", Me] }],
        });
        await client.ReportAsync(new ImRoomsReport { Account = Me, GroupList = [new RoomSummary { Wxid = ImRoom, Nick = "Work", IsOwner = true, Owner = Me }] });
        await client.ReportAsync(new ContactsReport { Account = Me, FriendList = [new UserProfile { Wxid = "wxid_f1", Nick = "One renamed" }] });
    }

    /// <summary>A room's members listed, joining, leaving, rejoining; a new room, quit and joined again.</summary>
    private static async Task RoomsAsync(TestClient client)
    {
        await client.ReportAsync(new SingleChatRoomMembersReport
        {
            Account = Me,
            Wxid = Room,
            Owner = "wxid_f1",
            RoomCount = 3,
            UserLists =
            [
                new UserProfile { Wxid = "wxid_f1", Nick = "One", DisplayName = "Dad" },
                new UserProfile { Wxid = "wxid_f2", Nick = "Two" },
                new UserProfile { Wxid = Me, Nick = "me" },
            ],
        });
        await client.ReportAsync(new ChatRoomMemberAddReport { Account = Me, Wxid = Room, RoomCount = 4, UserLists = [new UserProfile { Wxid = "wxid_m3", Nick = "Three", InviteBy = "wxid_f1" }] });
        await client.ReportAsync(new ChatRoomMemberDelReport { Account = Me, Wxid = Room, RoomCount = 3, UserLists = [new UserProfile { Wxid = "wxid_f2", Nick = "Two" }] });
        await client.ReportAsync(new ChatRoomMemberDelReport { Account = Me, Wxid = Room, RoomCount = 2, UserLists = [new UserProfile { Wxid = "wxid_m3" }] });
        await client.ReportAsync(new ChatRoomMemberAddReport { Account = Me, Wxid = Room, RoomCount = 3, UserLists = [new UserProfile { Wxid = "wxid_m3", InviteBy = Me }] });
        await client.ReportAsync(new SingleImRoomMembersReport { Account = Me, Wxid = ImRoom, Owner = Me, UserLists = [new UserProfile { Wxid = "woim_c1", Nick = "Colleague" }] });
        await client.ReportAsync(new NewChatRoomReport
        {
            Account = Me,
            Wxid = NewRoom,
            Nick = "Club",
            Owner = "wxid_f2",
            IsOwner = false,
            RoomCount = 2,
            UserLists = [new UserProfile { Wxid = "wxid_f2", Nick = "Two" }, new UserProfile { Wxid = Me, Nick = "me" }],
        });
        await client.ReportAsync(new ChatRoomQuitReport { Account = Me, RoomWxid = NewRoom });
        await client.ReportAsync(new ChatRoomQuitReport { Account = Me, RoomWxid = "8003@chatroom" });
    }

    /// <summary>A friend request, the friend added, deleted and listed again; a stranger looked up; an official account followed.</summary>
    private static async Task ContactChangesAsync(TestClient client)
    {
        await client.ReportAsync(new FriendAddRequestReport { Account = Me, Wxid = "wxid_asker", Nick = "Asker", V1 = "v1_x", V2 = "v2_x" });
        await client.ReportAsync(new ContactAddReport { Account = Me, Contact = new UserProfile { Wxid = "wxid_asker", Nick = "Asker", AsName = "New friend" } });
        await client.ReportAsync(new ContactAddReport { Account = Me, Contact = new UserProfile { Wxid = "gh_v2shop", Nick = "Shop" } });
        await client.ReportAsync(new ContactDelReport { Account = Me, Wxid = "wxid_f2" });
        await client.ReportAsync(new ContactDelReport { Account = Me, Wxid = "wxid_asker" });
        await client.ReportAsync(new SingleContactReport { Account = Me, Contact = new UserProfile { Wxid = "wxid_asker", Nick = "Asker again" } });
        await client.ReportAsync(new UpdateContactReport { Account = Me, Contact = new UserProfile { Wxid = "wxid_looked", Nick = "Looked up", City = "Hangzhou" }, Status = 1, V1 = "v1_l", V2 = "v2_l" });
        await client.ReportAsync(new UpdateContactReport { Account = Me, Contact = new UserProfile { Wxid = "wxid_failed", Nick = "Not found" }, Status = 0 });
    }

    /// <summary>Messages with the second generation's fields, and its own message kinds.</summary>
    private static async Task MessagesAsync(TestClient client)
    {
        await client.ReportAsync(new TextMessageReport
        {
            Account = Me,
            MsgType = 1,
            MyMsg = false,
            RoomWxid = Room,
            WxidFrom = "wxid_f1",
            WxidTo = Room,
            Message = "@me @Two hello",
            MsgId = "7654321987654321",
            Timestamp = 1767254400,
            AtList = [Me, "wxid_f2"],
        });
        await client.ReportAsync(new LocationMessageReport { Account = Me, MsgType = 48, MyMsg = false, WxidFrom = "wxid_f1", WxidTo = Me, XmlMsg = "<msg><location x=\"30.2\" y=\"120.1\" /></msg>", MsgId = "11", Timestamp = 1767254401 });
        await client.ReportAsync(new LinkMessageReport { Account = Me, MsgType = 49, MyMsg = false, WxidFrom = "wxid_f1", WxidTo = Me, XmlMsg = "<msg><appmsg><url>https://example.com/a</url></appmsg></msg>", MsgId = "12", Timestamp = 1767254402 });
        await client.ReportAsync(new OtherMessageReport { Account = Me, MsgType = 42, MyMsg = false, WxidFrom = "wxid_f1", WxidTo = Me, Message = "something else", MsgId = "13", Timestamp = 1767254403 });
        await client.ReportAsync(new OtherAppMessageReport { Account = Me, MsgType = 4905, MyMsg = false, WxidFrom = "wxid_f1", WxidTo = Me, Message = "app", MsgId = "14", Timestamp = 1767254404 });
    }

    /// <summary>
    /// A query command submitted through the API, handed to the client, acked, and answered by <paramref name="answer"/>
    /// (which carries no sendId: it is correlated by its kind). Returns the finished command record.
    /// </summary>
    private static async Task<JsonElement> AnsweredAsync(TestGateway gateway, TestClient client, string api, object option, Report answer)
    {
        var id = (await gateway.PostCommandAsync(Me, api, option)).GetProperty("id").GetInt64();
        var command = Assert.Single(await client.PollUntilAnyAsync());
        Assert.Equal(api, command.Kind);
        await client.ReportAsync(new CommandAck { Account = Me, SendId = command.SendId, SendResult = "1" });
        await client.ReportAsync(answer);
        var record = await gateway.WaitForCommandAsync(id, "completed");
        Assert.Equal(answer.Kind, record.GetProperty("answerKind").GetString());
        Assert.Equal(answer.Kind, record.GetProperty("answer").GetProperty("kind").GetString());
        return record;
    }

    private static async Task CommandAnswersAsync(TestGateway gateway, TestClient client)
    {
        await client.PollAsync();
        await AnsweredAsync(gateway, client, "zombieCheck", new { wxid = "wxid_f1" }, new ZombieCheckMessageReport { Account = Me, Wxid = "wxid_f1", Status = 2 });
        await AnsweredAsync(gateway, client, "zombieCheck", new { wxid = "wxid_looked" }, new ZombieCheckMessageReport { Account = Me, Wxid = "wxid_looked", Status = 0 });
        await AnsweredAsync(gateway, client, "getFavorites", new { }, new FavitemsReport
        {
            Account = Me,
            Status = 1,
            Items =
            [
                new FavItem { LocalId = "1", FromUser = "wxid_f1", Title = "Recipe", ItemType = "5", UpdateTime = "1767254400", Xml = "<favitem type=\"5\" />" },
                new FavItem { LocalId = "2", FromUser = Room, RoomMember = "wxid_f1", Title = "Photo", ItemType = "2" },
            ],
        });
        // A list the client could not read changes nothing; the next whole list replaces the one before.
        await AnsweredAsync(gateway, client, "getFavorites", new { }, new FavitemsReport { Account = Me, Status = 0, Items = [] });
        var search = await AnsweredAsync(gateway, client, "searchContact", new { search = "13800000000" }, new SearchContactReport
        {
            Account = Me,
            Contact = new UserProfile { Wxid = "wxid_found", Nick = "Found" },
            Search = "13800000000",
            Status = 1,
            V1 = "v1_found",
            V2 = "v2_found",
        });
        Assert.Equal("v2_found", search.GetProperty("answer").GetProperty("data").GetProperty("v2").GetString());
        var voice = await AnsweredAsync(gateway, client, "transVoice", new { wxid = "wxid_f1", msgid = "99" }, new TransVoiceReport { Account = Me, MsgType = 34, MsgId = "99", WxidFrom = "wxid_f1", WxidTo = Me, Text = "see you at eight", Status = 1 });
        Assert.Equal("see you at eight", voice.GetProperty("answer").GetProperty("data").GetProperty("text").GetString());
        var url = await AnsweredAsync(gateway, client, "checkUrlStatus", new { url = "https://example.com/x" }, new CheckUrlStatusReport { Account = Me, Url = "https://example.com/x", RealUrl = "https://example.com/y", Status = 0 });
        Assert.Equal("https://example.com/y", url.GetProperty("answer").GetProperty("data").GetProperty("realUrl").GetString());
        var pic = await AnsweredAsync(gateway, client, "decryptPic", new { srcfile = "C:\\a.dat", tarfile = "C:\\a.jpg" }, new DecryptPicMessageReport { Account = Me, SrcFile = "C:\\a.dat", TarFile = "C:\\a.jpg", Status = 1 });
        Assert.Equal("C:\\a.jpg", pic.GetProperty("answer").GetProperty("data").GetProperty("tarFile").GetString());
    }

    private static async Task RunScenarioAsync(TestGateway gateway)
    {
        var client = Client(gateway);
        await ListsAsync(client);
        await RoomsAsync(client);
        await ContactChangesAsync(client);
        await MessagesAsync(client);
        await CommandAnswersAsync(gateway, client);
    }

    private static async Task<List<JsonElement>> ItemsAsync(TestGateway gateway, string path) =>
        [.. (await gateway.GetJsonAsync(path)).GetProperty("items").EnumerateArray()];

    private static JsonElement One(List<JsonElement> items, string wxid) =>
        Assert.Single(items, i => i.GetProperty("wxid").GetString() == wxid);

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    [Fact]
    public async Task The_separate_lists_are_kept_apart_by_category_and_a_shorter_list_removes_nothing()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        await ListsAsync(Client(gateway));

        var people = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts");
        Assert.Equal(["woim_c1", "wxid_f1", "wxid_f2"], people.Select(p => Text(p, "wxid") ?? "").Order(StringComparer.Ordinal).ToArray());
        var one = One(people, "wxid_f1");
        Assert.Equal("friend", Text(one, "category"));
        Assert.Equal("One renamed", Text(one, "nick"));
        Assert.Equal("Remark one", Text(one, "asName"));
        Assert.Equal("one_id", Text(one, "username"));
        Assert.Equal("friend", Text(One(people, "wxid_f2"), "category"));
        Assert.Equal("imFriend", Text(One(people, "woim_c1"), "category"));

        Assert.Equal("woim_c1", Text(Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=imFriend")), "wxid"));
        Assert.Equal(2, (await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=friend")).Count);
        Assert.Equal("News", Text(Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=public")), "nick"));

        var rooms = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms");
        Assert.Equal(2, rooms.Count);
        var family = One(rooms, Room);
        Assert.Equal("room", Text(family, "category"));
        Assert.Equal("False", Text(family, "isOwner"));
        Assert.Equal("3", Text(family, "roomCount"));
        var work = One(rooms, ImRoom);
        Assert.Equal("imRoom", Text(work, "category"));
        Assert.Equal("True", Text(work, "isOwner"));
        Assert.Equal("imRoom", Text(One(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=room"), ImRoom), "category"));
        Assert.Equal(3, (await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms/{Room}/members")).Count);
    }

    [Fact]
    public async Task Members_join_leave_and_rejoin_and_a_quit_room_stays_listed_as_left()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = Client(gateway);
        await ListsAsync(client);
        await RoomsAsync(client);

        var members = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms/{Room}/members");
        Assert.Equal(4, members.Count);
        var dad = One(members, "wxid_f1");
        Assert.Equal("Dad", Text(dad, "roomNick"));
        Assert.Equal("True", Text(dad, "isOwner"));
        Assert.Null(Text(dad, "left"));
        var two = One(members, "wxid_f2");
        Assert.Equal("True", Text(two, "left"));
        Assert.NotNull(Text(two, "leftAt"));
        Assert.Equal("False", Text(two, "isOwner"));
        var three = One(members, "wxid_m3");
        Assert.Equal("False", Text(three, "left"));
        Assert.Equal(Me, Text(three, "inviteBy"));
        Assert.Equal("3", Text(One(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms"), Room), "roomCount"));
        Assert.Equal("Colleague", Text(Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms/{ImRoom}/members")), "nick"));

        var rooms = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms");
        var club = One(rooms, NewRoom);
        Assert.Equal("Club", Text(club, "nick"));
        Assert.Equal("True", Text(club, "left"));
        Assert.NotNull(Text(club, "joinedAt"));
        Assert.NotNull(Text(club, "leftAt"));
        Assert.Equal("True", Text(One(rooms, "8003@chatroom"), "left"));
        Assert.Null(Text(One(rooms, Room), "left"));
        Assert.Equal(2, (await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms/{NewRoom}/members")).Count);

        // Back in the room: not left any more.
        await client.ReportAsync(new NewChatRoomReport { Account = Me, Wxid = NewRoom, RoomCount = 3, UserLists = [new UserProfile { Wxid = "wxid_m4", Nick = "Four" }] });
        club = One(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms"), NewRoom);
        Assert.Equal("False", Text(club, "left"));
        Assert.Equal("Club", Text(club, "nick"));
        Assert.Equal(3, (await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/rooms/{NewRoom}/members")).Count);
    }

    [Fact]
    public async Task Contacts_added_deleted_and_looked_up_change_the_contact_documents()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = Client(gateway);
        await ListsAsync(client);
        await ContactChangesAsync(client);

        var people = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts");
        var asker = One(people, "wxid_asker");
        Assert.Equal("friend", Text(asker, "category"));
        Assert.Equal("Asker again", Text(asker, "nick"));
        Assert.Equal("New friend", Text(asker, "asName"));
        Assert.Null(Text(asker, "deletedAt"));
        Assert.Equal("accepted", Text(One(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/friend-requests"), "wxid_asker"), "state"));

        var gone = One(people, "wxid_f2");
        Assert.Equal("deleted", Text(gone, "category"));
        Assert.NotNull(Text(gone, "deletedAt"));
        Assert.Equal("wxid_f2", Text(Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=deleted")), "wxid"));

        var looked = One(people, "wxid_looked");
        Assert.Equal("unknown", Text(looked, "category"));
        Assert.Equal("Hangzhou", Text(looked, "city"));
        Assert.DoesNotContain(people, p => Text(p, "wxid") == "wxid_failed");
        Assert.DoesNotContain(people, p => Text(p, "wxid") == "gh_v2shop");
        Assert.Equal(["gh_v2news", "gh_v2shop"], (await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts?type=public")).Select(p => Text(p, "wxid") ?? "").ToArray());
    }

    [Fact]
    public async Task Messages_show_their_id_time_and_mentions_and_the_second_generations_own_kinds_are_messages()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        await MessagesAsync(Client(gateway));

        var text = Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/messages?kind=reportTextMessage"));
        Assert.Equal("7654321987654321", Text(text, "msgId"));
        Assert.Equal(1767254400, text.GetProperty("timestamp").GetInt64());
        Assert.Equal([Me, "wxid_f2"], text.GetProperty("mentions").EnumerateArray().Select(m => m.GetString() ?? "").ToArray());
        Assert.Equal(Room, Text(text, "conversation"));

        var all = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/messages?conversation=wxid_f1");
        Assert.Equal(
            ["reportOtherAppMessage", "reportOtherMessage", "reportLinkMessage", "reportLocationMessage"],
            all.Select(m => Text(m, "kind") ?? "").ToArray());
        Assert.Equal(["4905", "42", "49", "48"], all.Select(m => Text(m, "msgType") ?? "").ToArray());
        Assert.Equal(["14", "13", "12", "11"], all.Select(m => Text(m, "msgId") ?? "").ToArray());
        Assert.All(all, m => Assert.False(m.TryGetProperty("mentions", out _)));
        Assert.Contains("example.com/a", Assert.Single(all, m => Text(m, "kind") == "reportLinkMessage").GetProperty("report").GetRawText(), StringComparison.Ordinal);

        var conversation = Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/conversations"), c => Text(c, "conversation") == "wxid_f1");
        Assert.Equal("reportOtherAppMessage", Text(conversation.GetProperty("lastMessage"), "kind"));
    }

    [Fact]
    public async Task Command_results_complete_their_commands_and_zombie_checks_and_favourites_are_kept()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var client = Client(gateway);
        await ListsAsync(client);
        await ContactChangesAsync(client);
        await CommandAnswersAsync(gateway, client);

        var people = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/contacts");
        var one = One(people, "wxid_f1");
        Assert.Equal("deletedYou", Text(one, "zombie"));
        Assert.NotNull(Text(one, "zombieCheckedAt"));
        Assert.Equal("friend", Text(one, "category"));
        Assert.Equal("ok", Text(One(people, "wxid_looked"), "zombie"));
        Assert.Null(Text(One(people, "wxid_f2"), "zombie"));
        // Answers named report…Message (zombie checks, a decrypted picture) are no messages.
        Assert.Equal(0, (await gateway.GetJsonAsync($"/api/v1/accounts/{Me}")).GetProperty("counts").GetProperty("messages").GetInt64());
        Assert.Empty(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/messages"));
        // A search result answers its command; it is no contact of the account.
        Assert.DoesNotContain(people, p => Text(p, "wxid") == "wxid_found");

        var favorites = await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/favorites");
        Assert.Equal(["Recipe", "Photo"], favorites.Select(f => Text(f, "title") ?? "").ToArray());
        Assert.Equal("5", Text(favorites[0], "type"));
        Assert.Equal(Room, Text(favorites[1], "fromUser"));
        Assert.Equal("wxid_f1", Text(favorites[1], "roomMember"));

        await client.ReportAsync(new FavitemsReport { Account = Me, Status = 1, Items = [new FavItem { LocalId = "3", Title = "Only this" }] });
        Assert.Equal("Only this", Text(Assert.Single(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/favorites")), "title"));
    }

    [Fact]
    public async Task Favourites_of_an_unknown_account_are_a_404_and_of_an_account_without_a_list_an_empty_page()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        using (var unknown = await gateway.Http.GetAsync("/api/v1/accounts/wxid_nobody/favorites"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        await Client(gateway).ReportAsync(new ContactsReport { Account = Me });
        Assert.Empty(await ItemsAsync(gateway, $"/api/v1/accounts/{Me}/favorites"));
    }

    [Fact]
    public async Task The_instance_view_shows_the_generation_its_client_speaks()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false);
        var v2 = Client(gateway);
        var v1 = gateway.Client(pid: 1802, wxid: "wxid_v1me");
        var quiet = gateway.Client(pid: 1803);
        await v2.PollAsync();
        await v1.PollAsync();
        await quiet.PollAsync();
        await v2.ReportAsync(new ChatRoomsReport { Account = Me });
        await v1.ReportAsync(new ContactReport { Account = "wxid_v1me" });

        List<JsonElement> instances = [];
        await Eventually.TrueAsync(
            async () => (instances = await ItemsAsync(gateway, "/api/v1/instances")).Count == 3,
            () => $"three instances should be listed, got {instances.Count}");
        string? Of(int pid) => Text(Assert.Single(instances, i => i.GetProperty("pid").GetInt32() == pid), "interface");
        Assert.Equal("v2", Of(1801));
        Assert.Equal("v1", Of(1802));
        Assert.Null(Of(1803));
    }

    [Fact]
    public void Each_second_generation_query_names_the_report_that_answers_it()
    {
        foreach (var (api, report) in new[]
        {
            ("getContacts", ContactsReport.ActionName),
            ("getImContacts", ImContactsReport.ActionName),
            ("getPublics", PublicsReport.ActionName),
            ("getSingleContact", SingleContactReport.ActionName),
            ("updateContact", UpdateContactReport.ActionName),
            ("searchContact", SearchContactReport.ActionName),
            ("getChatRooms", ChatRoomsReport.ActionName),
            ("getImRooms", ImRoomsReport.ActionName),
            ("getSingleChatRoomMembers", SingleChatRoomMembersReport.ActionName),
            ("getSingleImRoomMembers", SingleImRoomMembersReport.ActionName),
            ("zombieCheck", ZombieCheckMessageReport.ActionName),
            ("getFavorites", FavitemsReport.ActionName),
            ("transVoice", TransVoiceReport.ActionName),
            ("decryptPic", DecryptPicMessageReport.ActionName),
            ("checkUrlStatus", CheckUrlStatusReport.ActionName),
            ("scanQrcodePic", ScanQrcodePicReport.ActionName),
            ("getSqlData", SqlDataReport.ActionName),
            ("acceptQrcodeChatRoom", AcceptQrCodeChatRoomReport.ActionName),
            ("uploadFile", UploadFileResultReport.ActionName),
        })
        {
            Assert.True(ProtocolRegistry.AnswerKindOf(api) == report, $"{api} should be answered by {report}, is by {ProtocolRegistry.AnswerKindOf(api) ?? "nothing"}");
        }
    }

    [Fact]
    public async Task Rebuild_from_the_log_reproduces_the_second_generations_projections_exactly()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            IReadOnlyList<Storage.ProjectionDocument> live;
            await using (var gateway = await TestGateway.StartAsync(o => o.RefreshOnLogin = false, dir))
            {
                await RunScenarioAsync(gateway);
                live = await gateway.Store.ReadAllDocumentsAsync(default);
            }

            var mine = live.Where(d => d.Account == Me).ToList();
            foreach (var collection in new[] { Collections.Contact, Collections.Room, Collections.Member, Collections.Public, Collections.Conversation, Collections.Favorites, Collections.FriendRequest })
            {
                Assert.Contains(mine, d => d.Collection == collection);
            }

            Assert.Contains(mine, d => d.Collection == Collections.Member && d.Json.Contains("\"left\":true", StringComparison.Ordinal));
            Assert.Contains(mine, d => d.Collection == Collections.Contact && d.Json.Contains("\"zombie\":", StringComparison.Ordinal));

            var (store, _) = await CliRebuild.FromEmptyAsync(dir);
            Assert.Equal(live, await store.ReadAllDocumentsAsync(default));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
