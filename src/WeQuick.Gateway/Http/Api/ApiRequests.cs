using System.ComponentModel;

namespace WeQuick.Gateway.Http.Api;

// The bodies of the typed command endpoints. Every field is nullable so a missing one becomes a field
// error naming it, rather than a deserialization failure; the endpoints check them.

/// <summary>A message to send. <c>type</c> says which other fields apply.</summary>
internal sealed record SendMessageRequest
{
    [Description("text | image | file | link | card | room-invite")]
    public string? Type { get; init; }

    [Description("The receiver: a wxid, or a room id (…@chatroom). For room-invite, the person to invite.")]
    public string? To { get; init; }

    [Description("text: the text, 1-10000 characters.")]
    public string? Text { get; init; }

    [Description("text in a room: the members to @-mention (sendAtTextMessage, second-generation clients only). Each {$@} in text marks where the next one goes; a text without any gets one {$@} and a space per mention at its start.")]
    public IReadOnlyList<string>? Mentions { get; init; }

    [Description("image, file: a path on the client machine, or a URL.")]
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
