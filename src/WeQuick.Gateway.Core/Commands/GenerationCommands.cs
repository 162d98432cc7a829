using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// The typed endpoints whose command depends on the generation of the interface the target's client speaks: one
/// choice each, the second generation's command for a client known to speak it, the first generation's otherwise (an
/// unknown generation included, as every client spoke the first before the second existed). Beside
/// <see cref="ContactRefresh"/>, which makes the same choice for the contact lists.
/// </summary>
internal static class GenerationCommands
{
    /// <summary>
    /// The most members a room has for the account to add friends to it directly (<c>sendChatroomLow</c>); from this
    /// size on each invited friend must accept (<c>sendChatroomHigh</c>).
    /// </summary>
    public const int DirectAddBelow = 40;

    /// <summary>A link card: the second generation's <c>sendLinkMessage</c>, the first's <c>sendXmlMessage</c> with the same fields.</summary>
    public static Command Link(InterfaceGenerations generation, string? to, string? title, string? url, string? description, string? thumbnailUrl) =>
        generation == InterfaceGenerations.V2
            ? new SendLinkMessageCommand { Wxid = to, Title = title, Url = url, Desc = description, Pic = thumbnailUrl }
            : new SendXmlMessageCommand { Wxid = to, Title = title, Url = url, Desc = description, Pic = thumbnailUrl };

    /// <summary>Leaving a room: the first generation's <c>exitChatRoom</c>; the second has only <c>quitDelChatRoom</c>, which also deletes it.</summary>
    public static Command LeaveRoom(InterfaceGenerations generation, string? room) =>
        generation == InterfaceGenerations.V2
            ? new QuitDelChatRoomCommand { RoomWxid = room }
            : new ExitChatRoomCommand { ChatRoom = room };

    /// <summary>The account's nickname in a room: <c>updateChatRoomDisplayName</c> or <c>updateRoomAsName</c>.</summary>
    public static Command MyRoomNickname(InterfaceGenerations generation, string? room, string? nickname) =>
        generation == InterfaceGenerations.V2
            ? new UpdateChatRoomDisplayNameCommand { RoomWxid = room, Nick = nickname }
            : new UpdateRoomAsNameCommand { ChatRoom = room, Nick = nickname };

    /// <summary>A room's members: the second generation's <c>getSingleChatRoomMembers</c>, the first's <c>getChatRoomUsers</c>.</summary>
    public static Command RefreshRoomMembers(InterfaceGenerations generation, string? room) =>
        generation == InterfaceGenerations.V2
            ? new GetSingleChatRoomMembersCommand { RoomWxid = room }
            : new GetChatRoomUsersCommand { Wxid = room };

    /// <summary>Removing one member: the second generation's <c>delChatRoomMembers</c> with a list of one, the first's <c>delChatRoomUser</c>.</summary>
    public static Command RemoveRoomMember(InterfaceGenerations generation, string? room, string? member) =>
        generation == InterfaceGenerations.V2
            ? new DelChatRoomMembersCommand { RoomWxid = room, WxidList = member is null ? null : [member] }
            : new DelChatRoomUserCommand { ChatRoom = room, Wxid = member };

    /// <summary>Deleting a friend: <c>delFriend</c> or <c>delUser</c>.</summary>
    public static Command DeleteContact(InterfaceGenerations generation, string? contact) =>
        generation == InterfaceGenerations.V2
            ? new DelFriendCommand { Wxid = contact }
            : new DelUserCommand { Wxid = contact };

    /// <summary>A friend's remark: <c>updateRemark</c> or <c>updateAsName</c>.</summary>
    public static Command Remark(InterfaceGenerations generation, string? contact, string? remark) =>
        generation == InterfaceGenerations.V2
            ? new UpdateRemarkCommand { Wxid = contact, Remark = remark }
            : new UpdateAsNameCommand { Wxid = contact, AsName = remark };

    /// <summary>
    /// Uploading a client file: one kind in both generations, written in the shape of the account's generation, and
    /// carrying the account the second generation's option names (<c>cwxid</c>); the shape is set here so that the
    /// command is kept with it until it is handed out.
    /// </summary>
    public static Command Upload(InterfaceGenerations generation, string account, string? path, string? uploadUrl) =>
        new UploadFileCommand
        {
            FileUrl = path,
            UpUrl = uploadUrl,
            Account = account,
            Shape = generation == InterfaceGenerations.V2 ? InterfaceGenerations.V2 : InterfaceGenerations.None,
        };

    /// <summary>
    /// Bringing friends into a room (second generation only): <paramref name="method"/> <c>add</c> is
    /// <c>sendChatroomLow</c> (added at once; rooms under <see cref="DirectAddBelow"/> members), <c>invite</c> is
    /// <c>sendChatroomHigh</c> (each must accept). Without a method the room's known size chooses, and a room of unknown
    /// size is invited to, which works at any size.
    /// </summary>
    public static Command RoomMembers(string? method, int? roomSize, string? room, IReadOnlyList<string>? members) =>
        (method ?? (roomSize < DirectAddBelow ? RoomMemberMethods.Add : RoomMemberMethods.Invite)) == RoomMemberMethods.Add
            ? new SendChatroomLowCommand { RoomWxid = room, WxidList = members }
            : new SendChatroomHighCommand { RoomWxid = room, WxidList = members };
}

/// <summary>How friends are brought into a room (<see cref="GenerationCommands.RoomMembers"/>).</summary>
internal static class RoomMemberMethods
{
    /// <summary>Added at once, without their consent (<c>sendChatroomLow</c>).</summary>
    public const string Add = "add";

    /// <summary>Invited, each accepting on their own (<c>sendChatroomHigh</c>).</summary>
    public const string Invite = "invite";

    /// <summary>Both, as the API lists them.</summary>
    public static readonly string[] All = [Add, Invite];
}
