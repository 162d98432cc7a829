using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using static WeQuick.Agent.Tests.WorldHarness;

namespace WeQuick.Agent.Tests;

public sealed class WorldRoomTests
{
    [Fact]
    public async Task Room_members_and_room_nicknames_are_reported()
    {
        var h = new WorldHarness(accounts: 2, roomSize: 20);
        var lobby = h.World.LobbyRoom;
        Ok(await h.World.GetRoomMembersAsync(h.Ctx(1), new GetChatRoomUsersCommand { Wxid = lobby }));
        var list = Assert.Single(h.Sink.Of<ChatRoomUserListsReport>());
        Assert.Equal((lobby, h.Account(0), 20), (list.Wxid, list.Owner, list.RoomCount));
        Assert.Equal(20, list.UserLists!.Count);
        Fails(await h.World.GetRoomMembersAsync(h.Ctx(1), new GetChatRoomUsersCommand { Wxid = "404@chatroom" }), "unknown room");

        Ok(await h.World.GetRoomNickAsync(h.Ctx(1), new GetChatRoomUserNickCommand { ChatRoom = lobby, Wxid = h.Account(0) }));
        var nick = Assert.Single(h.Sink.Of<ChatRoomUserNickReport>());
        Assert.StartsWith("群主", nick.ChatNick, StringComparison.Ordinal);
        Fails(await h.World.GetRoomNickAsync(h.Ctx(1), new GetChatRoomUserNickCommand { ChatRoom = lobby, Wxid = "wxid_ghost" }), "is not a member of room");

        Ok(await h.World.SetOwnRoomNickAsync(h.Ctx(1), new UpdateRoomAsNameCommand { ChatRoom = lobby, Nick = "二号" }));
        h.Sink.Clear();
        Ok(await h.World.GetRoomNickAsync(h.Ctx(0), new GetChatRoomUserNickCommand { ChatRoom = lobby, Wxid = h.Account(1) }));
        Assert.Equal("二号", Assert.Single(h.Sink.Of<ChatRoomUserNickReport>()).ChatNick);
        var foreign = h.World.RoomsOf(h.Account(0), ownedOnly: true)[0];
        Fails(await h.World.SetOwnRoomNickAsync(h.Ctx(1), new UpdateRoomAsNameCommand { ChatRoom = foreign, Nick = "x" }), "not a member of room");
    }

    [Fact]
    public async Task Only_the_owner_removes_members_and_both_sides_get_the_system_text()
    {
        var h = new WorldHarness(accounts: 2);
        var lobby = h.World.LobbyRoom;
        Fails(await h.World.RemoveMemberAsync(h.Ctx(1), new DelChatRoomUserCommand { ChatRoom = lobby, Wxid = h.Account(0) }), "not the room owner");
        Fails(await h.World.RemoveMemberAsync(h.Ctx(0), new DelChatRoomUserCommand { ChatRoom = lobby, Wxid = h.Account(0) }), "cannot remove itself");
        Fails(await h.World.RemoveMemberAsync(h.Ctx(0), new DelChatRoomUserCommand { ChatRoom = lobby, Wxid = "wxid_ghost" }), "is not a member");
        Ok(await h.World.RemoveMemberAsync(h.Ctx(0), new DelChatRoomUserCommand { ChatRoom = lobby, Wxid = h.Account(1) }));
        Assert.False(h.World.Room(lobby)!.Has(h.Account(1)));
        Assert.Contains("移出了群聊", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(0))).Message, StringComparison.Ordinal);
        Assert.Contains("移出群聊", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_a_room_tells_every_member_account()
    {
        var h = new WorldHarness(accounts: 3);
        var lobby = h.World.LobbyRoom;
        Ok(await h.World.RenameRoomAsync(h.Ctx(2), new UpdateChatRoomNameCommand { ChatRoom = lobby, Name = "新名字" }));
        Assert.Equal("新名字", h.World.Room(lobby)!.Name);
        Assert.Equal("你修改群名为“新名字”", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(2))).Message);
        Assert.EndsWith("修改群名为“新名字”", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(0))).Message, StringComparison.Ordinal);
        Fails(await h.World.RenameRoomAsync(h.Ctx(2), new UpdateChatRoomNameCommand { ChatRoom = lobby, Name = " " }), "name is empty");
    }

    [Fact]
    public async Task Creating_a_room_needs_two_friends_and_reports_the_new_room()
    {
        var h = new WorldHarness(accounts: 2);
        Fails(await h.World.CreateRoomAsync(h.Ctx(0), new CreateChatRoomCommand { WxidLists = [h.Friend(0)] }), "at least 2 friends");
        Fails(await h.World.CreateRoomAsync(h.Ctx(0), new CreateChatRoomCommand { WxidLists = [] }), "at least 2 friends");
        var stranger = h.World.ContactsOf(h.Account(0), ContactState.Stranger)[0];
        Fails(await h.World.CreateRoomAsync(h.Ctx(0), new CreateChatRoomCommand { WxidLists = [h.Friend(0), stranger] }), "not a friend: " + stranger);
        Ok(await h.World.CreateRoomAsync(h.Ctx(0), new CreateChatRoomCommand { WxidLists = [h.Friend(0), h.Account(1)] }));
        var created = Assert.Single(h.Sink.Of<ChatRoomChangeReport>(h.Pid(0)));
        Assert.EndsWith("@chatroom", created.ChatRoom, StringComparison.Ordinal);
        Assert.Equal(created.ChatRoom, Assert.Single(h.Sink.Of<ChatRoomChangeReport>(h.Pid(1))).ChatRoom);
        Assert.Equal(3, h.World.Room(created.ChatRoom!)!.Members.Count);
        Assert.StartsWith("你邀请", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(0))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_owner_leaves_the_next_member_becomes_owner()
    {
        var h = new WorldHarness(accounts: 2);
        var lobby = h.World.LobbyRoom;
        Ok(await h.World.LeaveRoomAsync(h.Ctx(0), new ExitChatRoomCommand { ChatRoom = lobby }));
        var room = h.World.Room(lobby)!;
        Assert.False(room.Has(h.Account(0)));
        Assert.Equal(h.Account(1), room.Owner);
        Assert.Equal("你已成为新群主", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(1))).Message);
        Fails(await h.World.LeaveRoomAsync(h.Ctx(0), new ExitChatRoomCommand { ChatRoom = lobby }), "not a member of room");
        Fails(await h.World.LeaveRoomAsync(h.Ctx(0), new ExitChatRoomCommand { ChatRoom = "" }), "chatroom is empty");
    }

    [Fact]
    public void Someone_joining_produces_the_spec_system_texts()
    {
        var h = new WorldHarness(accounts: 2);
        var lobby = h.World.LobbyRoom;
        var joined = h.World.MemberJoins(lobby, inviter: h.Account(0));
        Assert.StartsWith("你邀请", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(0))).Message, StringComparison.Ordinal);
        Assert.EndsWith("加入了群聊", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(1))).Message, StringComparison.Ordinal);
        h.Sink.Clear();
        h.World.MemberJoins(lobby, inviter: h.Account(1), viaQrCode: true);
        Assert.EndsWith("通过扫描你分享的二维码加入群聊", Assert.Single(h.Sink.Of<ChatroomMessageReport>(h.Pid(1))).Message, StringComparison.Ordinal);
        Assert.Throws<SimulationException>(() => h.World.MemberJoins(lobby, wxid: joined));
        Assert.Throws<SimulationException>(() => h.World.MemberJoins("404@chatroom"));
    }

    [Fact]
    public void Rooms_hold_up_to_500_members()
    {
        var h = new WorldHarness(accounts: 2, roomSize: 500);
        Assert.Equal(500, h.World.Room(h.World.LobbyRoom)!.Members.Count);
        Assert.Throws<SimulationException>(() => h.World.MemberJoins(h.World.LobbyRoom));
    }
}
