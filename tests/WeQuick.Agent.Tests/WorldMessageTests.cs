using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using static WeQuick.Agent.Tests.WorldHarness;

namespace WeQuick.Agent.Tests;

public sealed class WorldMessageTests
{
    [Fact]
    public async Task A_text_between_two_accounts_is_seen_by_both_agents()
    {
        var h = new WorldHarness();
        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = h.Account(1), Text = "晚上好\uE04C" }));

        var mine = Assert.Single(h.Sink.Of<TextMessageReport>(h.Pid(0)));
        Assert.True(mine.MyMsg);
        Assert.Equal(h.Account(0), mine.WxidFrom);
        Assert.Equal(h.Account(1), mine.WxidTo);
        var theirs = Assert.Single(h.Sink.Of<TextMessageReport>(h.Pid(1)));
        Assert.False(theirs.MyMsg);
        Assert.Equal(h.Account(1), theirs.Account);
        Assert.Equal(h.Account(0), theirs.WxidFrom);
        Assert.Equal("晚上好\uE04C", theirs.Message);
        Assert.Null(theirs.RoomWxid);
    }

    [Fact]
    public async Task A_room_message_reaches_every_member_account()
    {
        var h = new WorldHarness(accounts: 3);
        var lobby = h.World.LobbyRoom;
        Ok(await h.World.SendTextAsync(h.Ctx(1), new SendTextMessageCommand { Wxid = lobby, Text = "大家好" }));

        for (var i = 0; i < 3; i++)
        {
            var r = Assert.Single(h.Sink.Of<TextMessageReport>(h.Pid(i)));
            Assert.Equal(lobby, r.RoomWxid);
            Assert.Equal(lobby, r.WxidTo);
            Assert.Equal(h.Account(1), r.WxidFrom);
            Assert.Equal(i == 1, r.MyMsg);
        }
    }

    [Fact]
    public async Task Sending_fails_clearly_for_unknown_wxids_strangers_blacklist_and_rooms_the_account_is_not_in()
    {
        var h = new WorldHarness(accounts: 2);
        var a = h.Account(0);
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = "wxid_nobody", Text = "x" }), "unknown wxid wxid_nobody");
        var stranger = Assert.Single(h.World.ContactsOf(a, ContactState.Stranger));
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = stranger, Text = "x" }), "is not a friend");
        var blocked = Assert.Single(h.World.ContactsOf(a, ContactState.Blacklisted));
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = blocked, Text = "x" }), "blacklist");
        var othersRoom = h.World.RoomsOf(h.Account(1), ownedOnly: true)[0];
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = othersRoom, Text = "x" }), "not a member of room");
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = "1@chatroom", Text = "x" }), "unknown room");
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = h.Account(1), Text = "" }), "text is empty");
        Fails(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = "", Text = "x" }), "wxid is empty");
        Assert.Empty(h.Sink.Posted);
    }

    [Fact]
    public async Task A_friend_who_deleted_the_account_refuses_and_the_sender_gets_the_system_notice()
    {
        var h = new WorldHarness(accounts: 1);
        var friends = h.World.ContactsOf(h.Account(0), ContactState.Friend);
        var refusing = friends.Single(f => h.World.Person(f)!.Rejects.Contains(h.Account(0)));
        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = refusing, Text = "还在吗" }));
        var notice = Assert.Single(h.Sink.Of<SystemMessageReport>());
        Assert.Equal(SystemMessageReport.RejectedByPeerText, notice.Message);
        Assert.Equal(refusing, notice.WxidFrom);
    }

    [Fact]
    public async Task Not_logged_in_instances_cannot_send()
    {
        var h = new WorldHarness(accounts: 1, loggedOut: true);
        var pid = h.World.Pids[0];
        Fails(await h.World.SendTextAsync(new CommandContext(pid, null, "1"), new SendTextMessageCommand { Wxid = "wxid_x", Text = "x" }), "not logged in");
    }

    [Fact]
    public async Task A_picture_from_the_fake_disk_arrives_as_a_file_on_the_receivers_side()
    {
        var h = new WorldHarness(accounts: 2);
        Ok(await h.World.SendPicAsync(h.Ctx(0), new SendPicMessageCommand { Wxid = h.Account(1), ImgPath = WorldBuilder.PhotoPath }));
        var pic = Assert.Single(h.Sink.Of<PicMessageReport>(h.Pid(1)));
        Assert.Contains(h.Account(1), pic.FileIndex, StringComparison.Ordinal);
        Assert.True(h.World.Disk.TryGet(pic.FileIndex!, out var file));
        Assert.Equal(2048, file.Length);
        Assert.Contains("<img", pic.XmlMsg, StringComparison.Ordinal);
        Ok(await h.World.SendPicAsync(h.Ctx(0), new SendPicMessageCommand { Wxid = h.Account(1), ImgPath = "https://example.invalid/a.png" }));
        Fails(await h.World.SendPicAsync(h.Ctx(0), new SendPicMessageCommand { Wxid = h.Account(1), ImgPath = @"C:\nope.png" }), "file not found");
        Fails(await h.World.SendPicAsync(h.Ctx(0), new SendPicMessageCommand { Wxid = h.Account(1), ImgPath = "" }), "imgPath is empty");
    }

    [Fact]
    public async Task Files_over_50_MB_fail_and_smaller_ones_arrive()
    {
        var h = new WorldHarness(accounts: 2);
        Fails(await h.World.SendFileAsync(h.Ctx(0), new SendFileMessageCommand { Wxid = h.Account(1), FilePath = WorldBuilder.HugePath }), "file over 50 MB");
        Fails(await h.World.SendFileAsync(h.Ctx(0), new SendFileMessageCommand { Wxid = h.Account(1), FilePath = @"C:\missing.pdf" }), "file not found");
        Ok(await h.World.SendFileAsync(h.Ctx(0), new SendFileMessageCommand { Wxid = h.Account(1), FilePath = WorldBuilder.ReportPath }));
        var f = Assert.Single(h.Sink.Of<FileMessageReport>(h.Pid(1)));
        Assert.EndsWith("report.pdf", f.FileIndex, StringComparison.Ordinal);
        Assert.Equal(4901, f.MsgType);
    }

    [Fact]
    public async Task Links_cards_and_room_invites_arrive_with_their_fields()
    {
        var h = new WorldHarness(accounts: 2);
        Ok(await h.World.SendXmlAsync(h.Ctx(0), new SendXmlMessageCommand { Wxid = h.Account(1), Title = "标题", Url = "https://example.invalid/x", Desc = "描述", Pic = "https://example.invalid/p.jpg" }));
        var url = Assert.Single(h.Sink.Of<UrlMessageReport>(h.Pid(1)));
        Assert.Equal(("标题", "https://example.invalid/x", "描述"), (url.Title, url.Url, url.Desc));
        Fails(await h.World.SendXmlAsync(h.Ctx(0), new SendXmlMessageCommand { Wxid = h.Account(1), Title = "t" }), "url is empty");

        Ok(await h.World.SendCardAsync(h.Ctx(0), new SendCardMessageCommand { Wxid = h.Account(1), WxidCard = h.Friend(0) }));
        var card = Assert.Single(h.Sink.Of<CardMessageReport>(h.Pid(1)));
        Assert.Contains(h.Friend(0), card.XmlMsg, StringComparison.Ordinal);
        Fails(await h.World.SendCardAsync(h.Ctx(0), new SendCardMessageCommand { Wxid = h.Account(1), WxidCard = "wxid_ghost" }), "unknown wxid for the card");

        var own = h.World.RoomsOf(h.Account(0), ownedOnly: true)[0];
        Ok(await h.World.SendChatroomInviteAsync(h.Ctx(0), new SendChatroomCommand { Wxid = h.Account(1), ChatRoom = own }));
        var invite = Assert.Single(h.Sink.Of<AddChatRoomMessageReport>(h.Pid(1)));
        Assert.StartsWith("https://", invite.Url, StringComparison.Ordinal);
        Fails(await h.World.SendChatroomInviteAsync(h.Ctx(0), new SendChatroomCommand { Wxid = h.Account(1), ChatRoom = h.World.LobbyRoom }), "already a member");

        // The invitee accepts the link: it joins and every member account hears of it.
        h.Sink.Clear();
        Ok(await h.World.AcceptRoomInviteAsync(h.Ctx(1), new AcceptChatroomInviteCommand { Url = invite.Url }));
        Assert.True(h.World.Room(own)!.Has(h.Account(1)));
        Assert.Single(h.Sink.Of<ChatRoomChangeReport>(h.Pid(1)));
        Assert.Contains("邀请你加入了群聊", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(1))).Message, StringComparison.Ordinal);
        Assert.Contains("你邀请", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(0))).Message, StringComparison.Ordinal);
        Fails(await h.World.AcceptRoomInviteAsync(h.Ctx(1), new AcceptChatroomInviteCommand { Url = invite.Url }), "unknown or expired invite url");
    }

    [Fact]
    public void Messages_of_every_kind_from_others_reach_the_account()
    {
        var h = new WorldHarness(accounts: 2);
        foreach (var kind in Enum.GetValues<IncomingKind>())
        {
            h.World.Incoming(kind, h.Account(0));
            h.World.Incoming(kind, h.Account(0), room: h.World.LobbyRoom);
        }

        var kinds = h.Sink.Posted.Where(p => p.Pid == h.Pid(0)).Select(p => p.Report.Kind).ToHashSet();
        foreach (var expected in new[] { "reportTextMessage", "reportPicMessage", "reportFileMessage", "reportVoiceMessage", "reportVideoMessage", "reportGifMessage", "reportUrlMessage", "reportCardMessage", "reportMiniMessage", "reportSystemMessage", "reportChatroomMessage" })
        {
            Assert.Contains(expected, kinds);
        }

        // Room messages from others reach the other account in the room as well.
        Assert.Contains(h.Sink.Of<MessageReport>(h.Pid(1)), m => m.RoomWxid == h.World.LobbyRoom);
    }
}
