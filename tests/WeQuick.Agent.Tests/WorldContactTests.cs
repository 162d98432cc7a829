using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using static WeQuick.Agent.Tests.WorldHarness;

namespace WeQuick.Agent.Tests;

public sealed class WorldContactTests
{
    [Theory]
    [InlineData(1, true, false, false)]
    [InlineData(2, false, true, false)]
    [InlineData(4, false, false, true)]
    [InlineData(7, true, true, true)]
    [InlineData(5, true, false, true)]
    public async Task GetContact_honours_the_flag_bitmask(int flag, bool friends, bool rooms, bool publics)
    {
        var h = new WorldHarness(accounts: 2);
        Ok(await h.World.GetContactAsync(h.Ctx(0), new GetContactCommand { Flag = flag }));
        var c = Assert.Single(h.Sink.Of<ContactReport>());
        Assert.Equal(friends, c.FriendList is not null);
        Assert.Equal(rooms, c.GroupList is not null);
        Assert.Equal(publics, c.PublicList is not null);
        if (friends)
        {
            Assert.Contains(c.FriendList!, f => f.IsFriend == 0);
            Assert.Contains(c.FriendList!, f => f.IsFriend == 2);
            Assert.Contains(c.FriendList!, f => f.Wxid == h.Account(1) && f.IsFriend == 1);
        }

        if (rooms)
        {
            var lobby = Assert.Single(c.GroupList!, g => g.Wxid == h.World.LobbyRoom);
            Assert.Equal(12, lobby.RoomCount);
            Assert.Equal(h.Account(0), lobby.Owner);
        }

        if (publics)
        {
            Assert.All(c.PublicList!, p => Assert.StartsWith("gh_", p.Wxid, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GetContact_with_flag_0_reports_nothing_and_a_bad_flag_fails()
    {
        var h = new WorldHarness(accounts: 1);
        Ok(await h.World.GetContactAsync(h.Ctx(0), new GetContactCommand { Flag = 0 }));
        Assert.Empty(h.Sink.Posted);
        Fails(await h.World.GetContactAsync(h.Ctx(0), new GetContactCommand { Flag = 9 }), "flag must be 0 to 7");
        Ok(await h.World.GetContactAsync(h.Ctx(0), new GetContactCommand()));
        Assert.NotNull(Assert.Single(h.Sink.Of<ContactReport>()).FriendList);
    }

    [Fact]
    public async Task GetUsersWxid_lists_contacts_and_official_accounts()
    {
        var h = new WorldHarness(accounts: 1);
        Ok(await h.World.GetUsersWxidAsync(h.Ctx(0), new GetUsersWxidCommand()));
        var ids = Assert.Single(h.Sink.Of<UsersWxidReport>()).UserLists!;
        Assert.Contains(h.Friend(0), ids);
        Assert.Contains(ids, id => id.StartsWith("gh_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUsersInfo_takes_1_to_50_known_wxids()
    {
        var h = new WorldHarness(accounts: 1);
        var remarked = h.World.ContactsOf(h.Account(0), ContactState.Friend).First(f => h.World.Contact(h.Account(0), f)!.AsName is not null);
        Ok(await h.World.GetUsersInfoAsync(h.Ctx(0), new GetUsersInfoCommand { WxidLists = [remarked, h.World.PublicIds[0]] }));
        var info = Assert.Single(h.Sink.Of<UsersInfoReport>()).UserLists!;
        Assert.Equal(2, info.Count);
        Assert.StartsWith("老", info[0].AsName, StringComparison.Ordinal);
        Fails(await h.World.GetUsersInfoAsync(h.Ctx(0), new GetUsersInfoCommand { WxidLists = [] }), "wxidLists is empty");
        Fails(await h.World.GetUsersInfoAsync(h.Ctx(0), new GetUsersInfoCommand { WxidLists = [.. Enumerable.Repeat(h.Friend(0), 51)] }), "at most 50 wxids at a time, got 51");
        Fails(await h.World.GetUsersInfoAsync(h.Ctx(0), new GetUsersInfoCommand { WxidLists = [h.Friend(0), "wxid_ghost"] }), "unknown wxid: wxid_ghost");
    }

    [Fact]
    public async Task A_friend_request_is_accepted_with_its_v1_v2_and_the_new_friend_can_be_messaged()
    {
        var h = new WorldHarness(accounts: 1);
        var request = h.World.FriendRequestArrives(h.Account(0), noticeWord: "我是小王");
        var report = Assert.Single(h.Sink.Of<FriendAddRequestReport>());
        Assert.Equal((request.V1, request.V2, "我是小王"), (report.V1, report.V2, report.NoticeWord));
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = request.From, Text = "hi" }), "not a friend");
        Fails(await h.World.AcceptFriendAsync(h.Ctx(0), new AcceptFriendCommand { V1 = request.V1, V2 = "v4_wrong" }), "no pending friend request");
        Fails(await h.World.AcceptFriendAsync(h.Ctx(0), new AcceptFriendCommand { V1 = "", V2 = "" }), "v1 and v2 are both needed");
        Ok(await h.World.AcceptFriendAsync(h.Ctx(0), new AcceptFriendCommand { V1 = request.V1, V2 = request.V2 }));
        Assert.Contains("现在可以开始聊天了", Assert.Single(h.Sink.Of<SystemMessageReport>()).Message, StringComparison.Ordinal);
        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = request.From, Text = "hi" }));
        Fails(await h.World.AcceptFriendAsync(h.Ctx(0), new AcceptFriendCommand { V1 = request.V1, V2 = request.V2 }), "no pending friend request");
    }

    [Fact]
    public async Task A_request_for_another_account_cannot_be_accepted_here()
    {
        var h = new WorldHarness(accounts: 2);
        var request = h.World.FriendRequestArrives(h.Account(1));
        Fails(await h.World.AcceptFriendAsync(h.Ctx(0), new AcceptFriendCommand { V1 = request.V1, V2 = request.V2 }), "sent to another account");
    }

    [Fact]
    public async Task Deleting_a_friend_and_setting_a_remark()
    {
        var h = new WorldHarness(accounts: 1);
        var f = h.Friend(0, 1);
        Ok(await h.World.UpdateRemarkAsync(h.Ctx(0), new UpdateAsNameCommand { Wxid = f, AsName = "同事" }));
        Assert.Equal("同事", h.World.Contact(h.Account(0), f)!.AsName);
        Fails(await h.World.UpdateRemarkAsync(h.Ctx(0), new UpdateAsNameCommand { Wxid = "wxid_ghost", AsName = "x" }), "is not a friend");
        Ok(await h.World.DeleteFriendAsync(h.Ctx(0), new DelUserCommand { Wxid = f }));
        Assert.Null(h.World.Contact(h.Account(0), f));
        Fails(await h.World.DeleteFriendAsync(h.Ctx(0), new DelUserCommand { Wxid = f }), "is not a friend");
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = f, Text = "x" }), "is not a friend");
    }

    [Fact]
    public async Task A_room_member_is_asked_to_be_a_friend_and_an_account_sees_the_request()
    {
        var h = new WorldHarness(accounts: 4);
        var lobby = h.World.LobbyRoom;

        // First a member no agent runs.
        var npc = h.World.Room(lobby)!.Members.First(m => !h.World.AccountIds.Contains(m));
        Ok(await h.World.AddRoomMemberAsFriendAsync(h.Ctx(0), new AddRoomFriendCommand { ChatRoom = lobby, Wxid = npc, NoticeWord = "群友你好" }));
        Assert.Contains(h.World.PendingRequests, r => r.From == h.Account(0) && r.To == npc);
        Fails(await h.World.AddRoomMemberAsFriendAsync(h.Ctx(0), new AddRoomFriendCommand { ChatRoom = lobby, Wxid = h.Account(1) }), "already a friend");
        Fails(await h.World.AddRoomMemberAsFriendAsync(h.Ctx(0), new AddRoomFriendCommand { ChatRoom = lobby, Wxid = "wxid_ghost" }), "is not a member of room");
        Fails(await h.World.AddRoomMemberAsFriendAsync(h.Ctx(0), new AddRoomFriendCommand { ChatRoom = lobby, Wxid = h.Account(0) }), "cannot add yourself");

        // Remove a friendship between two accounts, then one asks the other through the room.
        Ok(await h.World.DeleteFriendAsync(h.Ctx(0), new DelUserCommand { Wxid = h.Account(1) }));
        h.Sink.Clear();
        Ok(await h.World.AddRoomMemberAsFriendAsync(h.Ctx(0), new AddRoomFriendCommand { ChatRoom = lobby, Wxid = h.Account(1), NoticeWord = "加个好友" }));
        var seen = Assert.Single(h.Sink.Of<FriendAddRequestReport>(h.Pid(1)));
        Assert.Equal(h.Account(0), seen.Wxid);
        Ok(await h.World.AcceptFriendAsync(h.Ctx(1), new AcceptFriendCommand { V1 = seen.V1, V2 = seen.V2 }));
        Assert.True(h.World.Contact(h.Account(0), h.Account(1))!.State == ContactState.Friend);
    }

    [Fact]
    public async Task A_transfer_moves_from_1_to_3_when_accepted_and_both_sides_see_it()
    {
        var h = new WorldHarness(accounts: 2);
        var t = h.World.TransferArrives(h.Account(1), h.Account(0), 8.8m, "午饭");
        var sent = Assert.Single(h.Sink.Of<TransferMessageReport>(h.Pid(0)));
        Assert.Equal((t.Id, 1, "￥8.80", "午饭"), (sent.TransferId, sent.PaySubtype, sent.FeeDesc, sent.PayMemo));
        Assert.True(Assert.Single(h.Sink.Of<TransferMessageReport>(h.Pid(1))).MyMsg);
        h.Sink.Clear();

        Fails(await h.World.AcceptTransferAsync(h.Ctx(0), new AcceptBankTransferCommand { TransferId = "123", Wxid = h.Account(1) }), "unknown transferid 123");
        Fails(await h.World.AcceptTransferAsync(h.Ctx(0), new AcceptBankTransferCommand { TransferId = t.Id, Wxid = h.Friend(0) }), $"was sent by {h.Account(1)}");
        Fails(await h.World.AcceptTransferAsync(h.Ctx(1), new AcceptBankTransferCommand { TransferId = t.Id, Wxid = h.Account(1) }), "not addressed to this account");
        Fails(await h.World.AcceptTransferAsync(h.Ctx(0), new AcceptBankTransferCommand { TransferId = "", Wxid = h.Account(1) }), "transferid is empty");
        Ok(await h.World.AcceptTransferAsync(h.Ctx(0), new AcceptBankTransferCommand { TransferId = t.Id, Wxid = h.Account(1) }));
        var accepted = Assert.Single(h.Sink.Of<TransferMessageReport>(h.Pid(0)));
        Assert.Equal(3, accepted.PaySubtype);
        Assert.True(accepted.MyMsg);
        var payer = Assert.Single(h.Sink.Of<TransferMessageReport>(h.Pid(1)));
        Assert.Equal(3, payer.PaySubtype);
        Assert.False(payer.MyMsg);
        Assert.Equal(3, h.World.Transfer(t.Id)!.PaySubtype);
        Fails(await h.World.AcceptTransferAsync(h.Ctx(0), new AcceptBankTransferCommand { TransferId = t.Id, Wxid = h.Account(1) }), "already accepted");
    }

    [Fact]
    public async Task Files_are_read_from_the_fake_disk_for_upload()
    {
        var h = new WorldHarness(accounts: 1);
        var file = await h.World.ReadFileAsync(h.Ctx(0), WorldBuilder.ReportPath, default);
        Assert.Equal(4096, file.Content!.Length);
        Assert.Equal("report.pdf", file.FileName);
        var missing = await h.World.ReadFileAsync(h.Ctx(0), @"C:\nothing.txt", default);
        Assert.Null(missing.Content);
        Assert.Contains("file not found", missing.Error, StringComparison.Ordinal);
    }
}
