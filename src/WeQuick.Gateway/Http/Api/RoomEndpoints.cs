using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Rooms (group chats): members, nicknames, kick, rename, create, leave, invitations.</summary>
internal static class RoomEndpoints
{
    public const int MaxRoomMembers = 500;

    public static RouteGroupBuilder MapRoomEndpoints(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/accounts/{wxid}/rooms").WithTags("Rooms");
        rooms.MapPost("/", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<CreateRoomRequest>(wxid, query, http, submitter, (b, e) =>
                {
                    var members = ContactEndpoints.Wxids(e, "members", b.Members, 2, MaxRoomMembers);
                    if (members is not null && members.Contains(wxid, StringComparer.Ordinal))
                    {
                        e.Add("members", "lists the account itself; list only the others (at least 2)");
                    }

                    return new CreateChatRoomCommand { WxidLists = members };
                }))
            .Command<CreateRoomRequest>("CreateRoom", "Create a room (createChatRoom)", "A new room with the account and at least two others; reportChatRoomChange announces it.");
        rooms.MapPost("/invites/accept", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<AcceptRoomInviteRequest>(wxid, query, http, submitter, (b, e) => new AcceptChatroomInviteCommand { Url = e.Url("url", b.Url) }))
            .Command<AcceptRoomInviteRequest>("AcceptRoomInvite", "Accept a room invitation (acceptChatroomInvite)", "The url comes from the invitation message (reportAddChatRoomMessage).");
        rooms.MapDelete("/{room}", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new ExitChatRoomCommand { ChatRoom = e.Room("room", room) }))
            .Command("LeaveRoom", "Leave a room (exitChatRoom)", "The account leaves the room.");
        rooms.MapPut("/{room}/name", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<RoomNameRequest>(wxid, query, http, submitter, (b, e) => new UpdateChatRoomNameCommand
                {
                    ChatRoom = e.Room("room", room),
                    Name = e.Text("name", b.Name, 64),
                }))
            .Command<RoomNameRequest>("RenameRoom", "Rename a room (updateChatRoomName)", "Sets the room's name.");
        rooms.MapPut("/{room}/my-nickname", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<RoomNicknameRequest>(wxid, query, http, submitter, (b, e) => new UpdateRoomAsNameCommand
                {
                    ChatRoom = e.Room("room", room),
                    Nick = e.Text("nickname", b.Nickname, 64),
                }))
            .Command<RoomNicknameRequest>("SetMyRoomNickname", "Set the account's nickname in a room (updateRoomAsName)", "How the account is shown in this room.");
        rooms.MapPost("/{room}/members/refresh", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new GetChatRoomUsersCommand { Wxid = e.Room("room", room) }))
            .Command("RefreshRoomMembers", "Refresh a room's members (getChatRoomUsers)", "Answered by reportChatRoomUserLists.");
        rooms.MapPost("/{room}/members/{member}/nickname/refresh", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new GetChatRoomUserNickCommand { ChatRoom = e.Room("room", room), Wxid = e.User("member", member) }))
            .Command("RefreshRoomMemberNickname", "Refresh a member's room nickname (getChatRoomUserNick)", "Answered by reportGetChatRoomUserNick.");
        rooms.MapDelete("/{room}/members/{member}", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new DelChatRoomUserCommand { ChatRoom = e.Room("room", room), Wxid = e.User("member", member) }))
            .Command("RemoveRoomMember", "Remove a member from a room (delChatRoomUser)", "The account must own or manage the room.");
        rooms.MapPost("/{room}/members/{member}/friend-request", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<AddRoomFriendRequest>(wxid, query, http, submitter, (b, e) => new AddRoomFriendCommand
                {
                    ChatRoom = e.Room("room", room),
                    Wxid = e.User("member", member),
                    NoticeWord = b.Message is null ? string.Empty : e.Text("message", b.Message, 200, allowEmpty: true),
                }, new AddRoomFriendRequest()))
            .Command<AddRoomFriendRequest>("AddRoomMemberAsFriend", "Ask a room member to be a friend (addRoomFriend)",
                "Beyond the spec: the vendor's own server sends it. Not every client supports it.", optionalBody: true);
        return api;
    }
}
