using System.ComponentModel;

namespace WeQuick.Gateway.Http.Api;

// The bodies of the typed command endpoints. Every field is nullable so a missing one becomes a field
// error naming it, rather than a deserialization failure; the endpoints check them.

/// <summary>A message to send. <c>type</c> says which other fields apply.</summary>
internal sealed record SendMessageRequest
{
    [Description("text | image | file | link | card | room-invite | video | gif | mini-program | card-xml | favorite | forward (the last six: second-generation clients only)")]
    public string? Type { get; init; }

    [Description("The receiver: a wxid, or a room id (…@chatroom). For room-invite, the person to invite.")]
    public string? To { get; init; }

    [Description("text: the text, 1-10000 characters.")]
    public string? Text { get; init; }

    [Description("text in a room: the members to @-mention (sendAtTextMessage, second-generation clients only). Each {$@} in text marks where the next one goes; a text without any gets one {$@} and a space per mention at its start.")]
    public IReadOnlyList<string>? Mentions { get; init; }

    [Description("image, file: a path on the client machine, or a URL. video, gif: a path on the client machine.")]
    public string? Path { get; init; }

    [Description("file: the size in bytes when known; over 50 MiB (52428800) is refused, as WeChat fails such files.")]
    public long? Size { get; init; }

    [Description("link: the card's title.")]
    public string? Title { get; init; }

    [Description("link: the link (http or https).")]
    public string? Url { get; init; }

    [Description("link: the card's description.")]
    public string? Description { get; init; }

    [Description("link: the cover image URL.")]
    public string? ThumbnailUrl { get; init; }

    [Description("card: the wxid whose contact card to send.")]
    public string? Card { get; init; }

    [Description("room-invite: the room to invite to (…@chatroom).")]
    public string? Room { get; init; }

    [Description("mini-program: the id (msgid) of a received message that carried the mini program. forward: the id of the message to forward.")]
    public string? MessageId { get; init; }

    [Description("card-xml: the contact card's XML, at most 50000 characters.")]
    public string? Xml { get; init; }

    [Description("favorite: the favourite's localId, from reportFavitems (POST …/favorites/refresh asks for them).")]
    public string? FavoriteId { get; init; }
}

/// <summary>Which instance opens a new WeChat.</summary>
internal sealed record OpenWeChatRequest
{
    [Description("The pid of a running instance whose client opens the new WeChat; absent: the most recently heard-from online instance.")]
    public int? Pid { get; init; }
}

/// <summary>What <c>getContact</c> reports.</summary>
internal sealed record RefreshContactsRequest
{
    [Description("Bitmask: 1 friends, 2 rooms, 4 official accounts; 0-7, default 7 (everything).")]
    public int? Flag { get; init; }
}

/// <summary>Profiles to look up.</summary>
internal sealed record ContactsInfoRequest
{
    [Description("1 to 50 wxids.")]
    public IReadOnlyList<string>? Wxids { get; init; }
}

/// <summary>A friend's new remark.</summary>
internal sealed record RemarkRequest
{
    [Description("The remark, at most 64 characters; empty clears it.")]
    public string? Remark { get; init; }
}

/// <summary>The tickets of a friend request.</summary>
internal sealed record AcceptFriendRequest
{
    [Description("The request's v1 (from reportFriendAddRequest).")]
    public string? V1 { get; init; }

    [Description("The request's v2 (from reportFriendAddRequest).")]
    public string? V2 { get; init; }
}

/// <summary>A room's new name.</summary>
internal sealed record RoomNameRequest
{
    [Description("The new room name, 1-64 characters.")]
    public string? Name { get; init; }
}

/// <summary>The account's new nickname in a room.</summary>
internal sealed record RoomNicknameRequest
{
    [Description("The account's nickname in this room, 1-64 characters.")]
    public string? Nickname { get; init; }
}

/// <summary>A room to create.</summary>
internal sealed record CreateRoomRequest
{
    [Description("The other members: at least 2 (WeChat needs three people in a new room), at most 500, without the account itself.")]
    public IReadOnlyList<string>? Members { get; init; }
}

/// <summary>A room invitation link to accept.</summary>
internal sealed record AcceptRoomInviteRequest
{
    [Description("The invitation URL from the reportAddChatRoomMessage.")]
    public string? Url { get; init; }
}

/// <summary>Who sent a transfer.</summary>
internal sealed record AcceptTransferRequest
{
    [Description("The sender's wxid; absent: taken from the stored transfer.")]
    public string? From { get; init; }
}

/// <summary>A room member to add as a friend.</summary>
internal sealed record AddRoomFriendRequest
{
    [Description("The greeting sent with the request, at most 200 characters.")]
    public string? Message { get; init; }
}

/// <summary>A client file to upload.</summary>
internal sealed record UploadFileRequest
{
    [Description("A path on the client machine.")]
    public string? Path { get; init; }

    [Description("Where the client uploads it (http or https); the server's numeric reply comes back in resUploadFile.")]
    public string? UploadUrl { get; init; }
}

/// <summary>A room's new announcement.</summary>
internal sealed record RoomNoticeRequest
{
    [Description("The announcement, 1-2000 characters.")]
    public string? Notice { get; init; }
}

/// <summary>Friends to bring into a room.</summary>
internal sealed record AddRoomMembersRequest
{
    [Description("The friends' wxids, 1 to 40.")]
    public IReadOnlyList<string>? Members { get; init; }

    [Description("add: added at once (sendChatroomLow, rooms under 40 members); invite: each must accept (sendChatroomHigh). Absent: add when the stored room has under 40 members, else invite.")]
    public string? Method { get; init; }
}

/// <summary>Members to remove from a room.</summary>
internal sealed record RemoveRoomMembersRequest
{
    [Description("The members' wxids, 1 to 40.")]
    public IReadOnlyList<string>? Members { get; init; }
}

/// <summary>A room QR code to join by.</summary>
internal sealed record JoinRoomByQrCodeRequest
{
    [Description("The address the room's QR code holds (http or https).")]
    public string? Url { get; init; }
}

/// <summary>A friend request to send.</summary>
internal sealed record SendFriendRequestRequest
{
    [Description("Who to add: a wxid.")]
    public string? To { get; init; }

    [Description("The greeting, at most 200 characters.")]
    public string? Message { get; init; }

    [Description("Where the person was found: 6 added before, 14 a room member, 15 a search, 17 a contact card. Default 14 with a room; required without one.")]
    public int? Scene { get; init; }

    [Description("The room the person is a member of (scene 14).")]
    public string? Room { get; init; }
}

/// <summary>What to search a WeChat user by.</summary>
internal sealed record SearchContactRequest
{
    [Description("A phone number, WeChat id or QQ number, 1-64 characters.")]
    public string? Query { get; init; }
}

/// <summary>A friend request to a user found by a search.</summary>
internal sealed record AddSearchedContactRequest
{
    [Description("The user's v1, from the reportSearchContact.")]
    public string? V1 { get; init; }

    [Description("The user's v2, from the reportSearchContact.")]
    public string? V2 { get; init; }

    [Description("The greeting, at most 200 characters.")]
    public string? Message { get; init; }

    [Description("Where the user was found: 6, 14, 15 or 17 (default 15, a search).")]
    public int? Scene { get; init; }
}

/// <summary>A received message, by its conversation and id.</summary>
internal sealed record MessageRefRequest
{
    [Description("The conversation the message is in: a wxid or a room id.")]
    public string? Conversation { get; init; }

    [Description("The message's id (msgid), as its report carried it.")]
    public string? MessageId { get; init; }
}

/// <summary>An encrypted picture to decrypt on the client machine.</summary>
internal sealed record DecryptPictureRequest
{
    [Description("The encrypted .dat file on the client machine.")]
    public string? Source { get; init; }

    [Description("Where the client writes the JPEG.")]
    public string? Target { get; init; }
}

/// <summary>A file the client downloads to its machine.</summary>
internal sealed record DownloadFileRequest
{
    [Description("The file's address (http or https).")]
    public string? Url { get; init; }
}

/// <summary>
/// The body of <c>POST /api/v1/commands</c>, as the wire protocol names things. The endpoint reads it by
/// hand (a JSON object of these fields) so each mistake gets its own problem; this record describes it.
/// </summary>
internal sealed record CreateCommandRequest
{
    [Description("Who runs it: an account wxid, or \"pid:N\" for a WeChat instance (openWeChat, getLoginQrCode, closeProcess).")]
    public required string Target { get; init; }

    [Description("The WeQuick command name, for example sendTextMessage (the 27 names are in docs/protocol.md).")]
    public required string Api { get; init; }

    [Description("The command's option object, with the wire protocol's field names (for sendTextMessage: wxid, text). Absent or null for commands without options.")]
    public System.Text.Json.JsonElement? Option { get; init; }
}
