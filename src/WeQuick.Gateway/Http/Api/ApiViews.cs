using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeQuick.Gateway.Http.Api;

// The developer API's answers about stored state. Each is made from a typed projection document or query record
// by the explicit mapping in ApiMapping, never by reading a stored document as it is: renaming a projection field
// cannot change an answer. A property always shown is written null too ([JsonIgnore(Never)]); the others are left
// out while unknown. Times are ISO 8601 UTC text with milliseconds, as stored.

/// <summary>An account the gateway knows: its login state, its WeChat instance and profile, and how much is stored for it.</summary>
internal sealed record AccountView
{
    /// <summary>The account's wxid.</summary>
    public required string Wxid { get; init; }

    /// <summary>loggedIn (logged in, its instance polling), offline (logged in, instance not polling), qrPending (waiting for a QR scan) or loggedOut.</summary>
    public required string LoginState { get; init; }

    /// <summary>Whether the account is logged in.</summary>
    public required bool LoggedIn { get; init; }

    /// <summary>Whether the account's WeChat instance is polling this gateway.</summary>
    public required bool Online { get; init; }

    /// <summary>Whether a login QR code is waiting to be scanned.</summary>
    public required bool QrPending { get; init; }

    /// <summary>Why the account last logged out (loginStatus, wechatOrPhone, logoutCommand, clientLogoutButton); null while logged in or never logged out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? LogoutCause { get; init; }

    /// <summary>The instance (client and pid) the account runs in; null when none is known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instance { get; init; }

    /// <summary>The profile from the account's reportLoginUser; null until one arrived.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public AccountProfile? Profile { get; init; }

    /// <summary>When the gateway first heard of the account.</summary>
    public required string FirstSeenAt { get; init; }

    /// <summary>When the account last reported logging in; left out before the first login report.</summary>
    public string? LoggedInAt { get; init; }

    /// <summary>When the account last logged out; left out if it never did.</summary>
    public string? LoggedOutAt { get; init; }

    /// <summary>The generation of the interface its client was heard speaking (<c>v1</c> or <c>v2</c>); left out until the gateway learned it.</summary>
    public string? Interface { get; init; }

    /// <summary>How many documents of each kind are stored for the account.</summary>
    public required AccountCounts Counts { get; init; }
}

/// <summary>The logged-in user, as reportLoginUser described it (fields the client did not send are null).</summary>
internal sealed record AccountProfile
{
    /// <summary>The wxid.</summary>
    public required string Wxid { get; init; }

    /// <summary>The chosen WeChat id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Username { get; init; }

    /// <summary>The nickname.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Nick { get; init; }

    /// <summary>The avatar URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Sex { get; init; }

    /// <summary>The country.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Country { get; init; }

    /// <summary>The province.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Province { get; init; }

    /// <summary>The city.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? City { get; init; }

    /// <summary>The account's numeric uin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Uin { get; init; }
}

/// <summary>Stored documents of an account, by kind.</summary>
internal sealed record AccountCounts(long Contacts, long Rooms, long RoomMembers, long PublicAccounts, long Messages, long FriendRequests, long Transfers, long Uploads);


/// <summary>
/// A contact of the account. For <c>?type=room</c> the items are rooms (with <c>owner</c>, <c>roomCount</c>,
/// <c>joinedAt</c>, <c>left</c>, and <c>category</c> room or imRoom when the client said which); for <c>?type=public</c>
/// official accounts (<c>wxid</c>, <c>nick</c>, <c>headPic</c>). Fields not yet reported are left out.
/// </summary>
internal sealed record ContactView
{
    /// <summary>The contact's wxid (or room id, for rooms).</summary>
    public required string Wxid { get; init; }

    /// <summary>People: friend, stranger, blacklisted or unknown; imFriend (a WeCom friend) or deleted (reportContactDel) from a second-generation client. Rooms: room or imRoom, when the client said which.</summary>
    public string? Category { get; init; }

    /// <summary>The chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The nickname (the room's name, for rooms).</summary>
    public string? Nick { get; init; }

    /// <summary>The account's remark for the contact.</summary>
    public string? AsName { get; init; }

    /// <summary>The avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int? Sex { get; init; }

    /// <summary>The country.</summary>
    public string? Country { get; init; }

    /// <summary>The province.</summary>
    public string? Province { get; init; }

    /// <summary>The city.</summary>
    public string? City { get; init; }

    /// <summary>Rooms: the owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>Rooms: how many members it has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>Rooms: when the account joined it (from reportChatRoomChange).</summary>
    public string? JoinedAt { get; init; }

    /// <summary>People: when reportContactDel said the contact was deleted.</summary>
    public string? DeletedAt { get; init; }

    /// <summary>People: the latest zombie check (zombieCheck): ok (still a friend), blockedYou, deletedYou, gone (the account is gone for another reason) or unknown.</summary>
    public string? Zombie { get; init; }

    /// <summary>People: when the latest zombie check arrived.</summary>
    public string? ZombieCheckedAt { get; init; }

    /// <summary>Rooms: true once the account quit or was removed (reportChatRoomQuit); false when it is back.</summary>
    public bool? Left { get; init; }
}

/// <summary>A room (group chat) of the account. Fields not yet reported are left out.</summary>
internal sealed record RoomView
{
    /// <summary>The room id (…@chatroom).</summary>
    public required string Wxid { get; init; }

    /// <summary>The room's name.</summary>
    public string? Nick { get; init; }

    /// <summary>The owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>The room's avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>How many members it has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>When the account joined it (from reportChatRoomChange or reportNewChatRoom).</summary>
    public string? JoinedAt { get; init; }

    /// <summary>room (a WeChat room) or imRoom (a WeCom room), as a second-generation client tells them apart; left out when unsaid.</summary>
    public string? Category { get; init; }

    /// <summary>Whether the account owns the room (second-generation clients say so).</summary>
    public bool? IsOwner { get; init; }

    /// <summary>True once the account quit the room or was removed (reportChatRoomQuit): the room stays listed; false when it is back.</summary>
    public bool? Left { get; init; }

    /// <summary>When the account quit or was removed.</summary>
    public string? LeftAt { get; init; }
}

/// <summary>A member of a room. Fields not yet reported are left out.</summary>
internal sealed record MemberView
{
    /// <summary>The room id.</summary>
    public required string Room { get; init; }

    /// <summary>The member's wxid.</summary>
    public required string Wxid { get; init; }

    /// <summary>The member's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>The member's chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The member's avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int? Sex { get; init; }

    /// <summary>Whether the member owns the room.</summary>
    public bool? IsOwner { get; init; }

    /// <summary>The member's nickname in this room (from reportChatRoomUserNick, or a second-generation member list's displayname).</summary>
    public string? RoomNick { get; init; }

    /// <summary>Who invited the member (reportChatRoomMemberAdd).</summary>
    public string? InviteBy { get; init; }

    /// <summary>True once reportChatRoomMemberDel said the member left or was removed (the member stays listed); false when it rejoins.</summary>
    public bool? Left { get; init; }

    /// <summary>When the member left.</summary>
    public string? LeftAt { get; init; }
}

/// <summary>A stored message: where it belongs, who sent it, and the normalized report it came in.</summary>
internal sealed record MessageView
{
    /// <summary>The sequence number of the event that brought it.</summary>
    public required long Seq { get; init; }

    /// <summary>The report kind, for example reportTextMessage.</summary>
    public required string Kind { get; init; }

    /// <summary>When the gateway received it.</summary>
    public required string At { get; init; }

    /// <summary>The conversation: the friend's wxid, or the room id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Conversation { get; init; }

    /// <summary>Who sent it (in a room, the member).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Sender { get; init; }

    /// <summary>Whether the account itself sent it.</summary>
    public required bool IsSelf { get; init; }

    /// <summary>Whether it was sent in a room.</summary>
    public required bool IsRoom { get; init; }

    /// <summary>WeChat's message type (1 text, 3 image, 34 voice, 43 video, 47 sticker, 49 app/link/file/transfer, …).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MsgType { get; init; }

    /// <summary>WeChat's message id (second generation), as text; left out when the client sent none.</summary>
    public string? MsgId { get; init; }

    /// <summary>When the message was sent, in Unix seconds, as the client said (second generation); left out when it did not.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The wxids a room text mentions (its atlist, second generation); left out when it mentions none.</summary>
    public IReadOnlyList<string>? Mentions { get; init; }

    /// <summary>The normalized report, as the event's <c>data</c> (its fields depend on <c>kind</c>; see docs/protocol.md, the normalized form). When bodyOmitted, a preview: every text field cut to Gateway:BodyPreviewChars characters.</summary>
    public required JsonElement Report { get; init; }

    /// <summary>True when the message's body was over the inline limit (Gateway:InlineBodyBytes): report is a preview, and the whole body is read from bodyUrl. Left out otherwise.</summary>
    public bool? BodyOmitted { get; init; }

    /// <summary>The size in bytes of the stored body; given with bodyOmitted.</summary>
    public long? BodyBytes { get; init; }

    /// <summary>Where the whole body is read (GET, read scope): /api/v1/events/{seq}/body. Given with bodyOmitted.</summary>
    public string? BodyUrl { get; init; }
}

/// <summary>A conversation and its newest message.</summary>
internal sealed record ConversationView
{
    /// <summary>The friend's wxid, or the room id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Conversation { get; init; }

    /// <summary>Whether it is a room.</summary>
    public required bool IsRoom { get; init; }

    /// <summary>When its newest message arrived.</summary>
    public required string LastAt { get; init; }

    /// <summary>Its newest message.</summary>
    public required MessageView LastMessage { get; init; }
}

/// <summary>A friend request the account received (reportFriendAddRequest); accept it with POST …/friend-requests/{wxid}/accept.</summary>
internal sealed record FriendRequestView
{
    /// <summary>The requester's wxid.</summary>
    public required string Wxid { get; init; }

    /// <summary>The requester's nickname.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Nick { get; init; }

    /// <summary>The requester's chosen WeChat id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Username { get; init; }

    /// <summary>The requester's avatar URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? HeadPic { get; init; }

    /// <summary>The requester's greeting.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NoticeWord { get; init; }

    /// <summary>The first ticket acceptFriend needs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? V1 { get; init; }

    /// <summary>The second ticket acceptFriend needs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? V2 { get; init; }

    /// <summary>pending, or accepted once the requester shows up as a friend.</summary>
    public required string State { get; init; }

    /// <summary>When the request arrived.</summary>
    public required string RequestedAt { get; init; }

    /// <summary>The sequence number of the event that brought it.</summary>
    public required long Seq { get; init; }
}

/// <summary>A money transfer in one of the account's conversations, with every step seen.</summary>
internal sealed record TransferView
{
    /// <summary>The transfer id (accept it with POST …/transfers/{transferId}/accept).</summary>
    public required string TransferId { get; init; }

    /// <summary>The conversation it was sent in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Conversation { get; init; }

    /// <summary>Each transfer message seen, oldest first.</summary>
    public required IReadOnlyList<TransferStep> History { get; init; }

    /// <summary>The amount as WeChat shows it, for example ￥0.01.</summary>
    public string? FeeDesc { get; init; }

    /// <summary>The payer's note.</summary>
    public string? PayMemo { get; init; }

    /// <summary>The latest paysubtype: 1 sent, 3 accepted, 4 returned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? PaySubtype { get; init; }

    /// <summary>sent, accepted, returned or unknown (from the latest paysubtype).</summary>
    public required string State { get; init; }
}

/// <summary>One transfer message of a transfer.</summary>
internal sealed record TransferStep
{
    /// <summary>The sequence number of its event.</summary>
    public required long Seq { get; init; }

    /// <summary>When it arrived.</summary>
    public required string At { get; init; }

    /// <summary>Its paysubtype: 1 sent, 3 accepted, 4 returned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? PaySubtype { get; init; }

    /// <summary>Whether the account itself sent it.</summary>
    public required bool IsSelf { get; init; }
}

/// <summary>A WeChat process that has polled this gateway.</summary>
internal sealed record InstanceView
{
    /// <summary>The instance id: the client and the pid.</summary>
    public required string Id { get; init; }

    /// <summary>The client (its address as the gateway saw it, or its name).</summary>
    public required string Client { get; init; }

    /// <summary>The WeChat process id.</summary>
    public required int Pid { get; init; }

    /// <summary>Whether it is polling now.</summary>
    public required bool Online { get; init; }

    /// <summary>The account logged in there; null while none is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Account { get; init; }

    /// <summary>When it last polled or reported.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>The generation of the interface its client was heard speaking (<c>v1</c> or <c>v2</c>); left out until the gateway learned it.</summary>
    public string? Interface { get; init; }
}

/// <summary>One saved item (收藏) of the account, as its client's latest reportFavitems listed it (second generation; ask with the getFavorites command).</summary>
internal sealed record FavoriteView
{
    /// <summary>The item's local id.</summary>
    public string? LocalId { get; init; }

    /// <summary>Who the item came from.</summary>
    public string? FromUser { get; init; }

    /// <summary>The room member it came from, for an item saved from a room.</summary>
    public string? RoomMember { get; init; }

    /// <summary>The item's title.</summary>
    public string? Title { get; init; }

    /// <summary>The item's type, as the client gives it.</summary>
    public string? Type { get; init; }

    /// <summary>When the item was last updated, as the client gives it.</summary>
    public string? UpdateTime { get; init; }

    /// <summary>WeChat's XML for the item.</summary>
    public string? Xml { get; init; }
}

