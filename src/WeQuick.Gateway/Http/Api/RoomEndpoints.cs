using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Queries;
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
        rooms.MapDelete("/{room}", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync(wxid, query, http, submitter, commands, (e, g) => GenerationCommands.LeaveRoom(g, e.Room("room", room))))
            .Command("LeaveRoom", "Leave a room (exitChatRoom; quitDelChatRoom on the second generation)",
                "The account leaves the room. A second-generation client is sent quitDelChatRoom, its only way out, which also deletes the room from its list.");
        rooms.MapPut("/{room}/name", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<RoomNameRequest>(wxid, query, http, submitter, (b, e) => new UpdateChatRoomNameCommand
                {
                    ChatRoom = e.Room("room", room),
                    Name = e.Text("name", b.Name, 64),
                }))
            .Command<RoomNameRequest>("RenameRoom", "Rename a room (updateChatRoomName)", "Sets the room's name.");
        rooms.MapPut("/{room}/my-nickname", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync<RoomNicknameRequest>(wxid, query, http, submitter, commands, (b, e, g) =>
                    GenerationCommands.MyRoomNickname(g, e.Room("room", room), e.Text("nickname", b.Nickname, 64))))
            .Command<RoomNicknameRequest>("SetMyRoomNickname", "Set the account's nickname in a room (updateRoomAsName; updateChatRoomDisplayName on the second generation)", "How the account is shown in this room.");
        rooms.MapPost("/{room}/members/refresh", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync(wxid, query, http, submitter, commands, (e, g) => GenerationCommands.RefreshRoomMembers(g, e.Room("room", room))))
            .Command("RefreshRoomMembers", "Refresh a room's members (getChatRoomUsers; getSingleChatRoomMembers on the second generation)", "Answered by reportChatRoomUserLists (reportSingleChatRoomMembers on the second generation).");
        rooms.MapPost("/{room}/members/{member}/nickname/refresh", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new GetChatRoomUserNickCommand { ChatRoom = e.Room("room", room), Wxid = e.User("member", member) }))
            .Command("RefreshRoomMemberNickname", "Refresh a member's room nickname (getChatRoomUserNick)", "Answered by reportGetChatRoomUserNick.");
        rooms.MapDelete("/{room}/members/{member}", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync(wxid, query, http, submitter, commands, (e, g) => GenerationCommands.RemoveRoomMember(g, e.Room("room", room), e.User("member", member))))
            .Command("RemoveRoomMember", "Remove a member from a room (delChatRoomUser; delChatRoomMembers on the second generation)", "The account must own or manage the room.");
        rooms.MapPost("/{room}/members/{member}/friend-request", (string wxid, string room, string member, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<AddRoomFriendRequest>(wxid, query, http, submitter, (b, e) => new AddRoomFriendCommand
                {
                    ChatRoom = e.Room("room", room),
                    Wxid = e.User("member", member),
                    NoticeWord = b.Message is null ? string.Empty : e.Text("message", b.Message, 200, allowEmpty: true),
                }, new AddRoomFriendRequest()))
            .Command<AddRoomFriendRequest>("AddRoomMemberAsFriend", "Ask a room member to be a friend (addRoomFriend)",
                "Beyond the spec: the vendor's own server sends it. Not every client supports it.", optionalBody: true);
        rooms.MapPut("/{room}/notice", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<RoomNoticeRequest>(wxid, query, http, submitter, (b, e) => new SendChatRoomNoticeCommand
                {
                    RoomWxid = e.Room("room", room),
                    Notice = e.Text("notice", b.Notice, MaxNoticeLength),
                }))
            .Command<RoomNoticeRequest>("SetRoomNotice", "Set a room's announcement (sendChatRoomNotice)", "Second-generation clients only. The account must own or manage the room.");
        rooms.MapPost("/{room}/members", AddMembersAsync)
            .Command<AddRoomMembersRequest>("AddRoomMembers", "Bring friends into a room (sendChatroomLow or sendChatroomHigh)",
                $"Second-generation clients only. method add puts them in at once (sendChatroomLow: rooms under {GenerationCommands.DirectAddBelow} members), invite asks each to accept (sendChatroomHigh); "
                + $"without a method the gateway adds to a stored room of under {GenerationCommands.DirectAddBelow} members and invites otherwise (a room it has not stored included).");
        rooms.MapPost("/{room}/members/remove", (string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<RemoveRoomMembersRequest>(wxid, query, http, submitter, (b, e) => new DelChatRoomMembersCommand
                {
                    RoomWxid = e.Room("room", room),
                    WxidList = ContactEndpoints.Wxids(e, "members", b.Members, 1, MaxMembersPerChange),
                }))
            .Command<RemoveRoomMembersRequest>("RemoveRoomMembers", "Remove members from a room (delChatRoomMembers)", "Second-generation clients only. The account must own or manage the room.");
        rooms.MapPost("/qrcode/accept", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<JoinRoomByQrCodeRequest>(wxid, query, http, submitter, (b, e) => new AcceptQrcodeChatRoomCommand { Url = e.Url("url", b.Url) }))
            .Command<JoinRoomByQrCodeRequest>("JoinRoomByQrCode", "Join a room by its QR code (acceptQrcodeChatRoom)",
                "Second-generation clients only. url is what the room's QR code holds (scanQrcodePic reads one from a picture); answered by reportAcceptQrCodeChatRoom.");
        return api;
    }

    /// <summary>The longest room announcement accepted.</summary>
    public const int MaxNoticeLength = 2000;

    /// <summary>The most members one command adds or removes.</summary>
    public const int MaxMembersPerChange = 40;

    internal static async Task<CommandResults> AddMembersAsync(string wxid, string room, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, StateQueries queries)
    {
        var (body, problem) = await ApiBody.ReadAsync<AddRoomMembersRequest>(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        // Without a method, the stored room's size chooses; a room never stored is invited to.
        var size = body!.Method is null && Wxids.IsWellFormedUser(wxid) && Wxids.IsWellFormedRoom(room)
            ? (await queries.RoomAsync(wxid, room, http.RequestAborted))?.RoomCount
            : null;
        return await CommandFlow.ToAccountAsync(wxid, query, http, submitter, e =>
        {
            if (body.Method is not null && !RoomMemberMethods.All.Contains(body.Method, StringComparer.Ordinal))
            {
                e.Add("method", $"'{FieldErrors.Shown(body.Method)}' is not one of {string.Join(", ", RoomMemberMethods.All)}");
            }

            return GenerationCommands.RoomMembers(body.Method, size, e.Room("room", room), ContactEndpoints.Wxids(e, "members", body.Members, 1, MaxMembersPerChange));
        });
    }
}
