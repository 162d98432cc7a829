using System.Text.Json.Serialization;

namespace WeQuick.Gateway.Projections;

// The projection documents: what the projector derives from the log and keeps in the store, one record per
// collection. They are storage, not API: the developer API maps each to its own response type explicitly, so a
// change here never changes a public answer by itself. A field the projector always writes is written null too
// ([JsonIgnore(Never)]); the others are left out until known. Times are ISO 8601 UTC text with milliseconds.

/// <summary>An account: its login state, its instance and profile (<c>account</c>, keyed by the account, key empty).</summary>
internal sealed record AccountDocument
{
    public required string Wxid { get; init; }

    /// <summary>qrPending, loggedIn, offline (logged in, instance not polling) or loggedOut: follows from the three flags.</summary>
    public string LoginState { get; init; } = "loggedOut";

    public bool LoggedIn { get; init; }

    public bool Online { get; init; }

    public bool QrPending { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? LogoutCause { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public AccountProfileDocument? Profile { get; init; }

    public required string FirstSeenAt { get; init; }

    public string? LoggedInAt { get; init; }

    public string? LoggedOutAt { get; init; }

    /// <summary>The generation of the interface its client was heard speaking (<c>v1</c>, <c>v2</c>); null until one is.</summary>
    public string? Interface { get; init; }

    /// <summary>This account with its login state worked out again from its flags.</summary>
    public AccountDocument Recomputed() => this with
    {
        LoginState = LoggedIn ? (Online ? "loggedIn" : "offline") : QrPending ? "qrPending" : "loggedOut",
    };
}

/// <summary>The profile of the account's reportLoginUser.</summary>
internal sealed record AccountProfileDocument
{
    public required string Wxid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Username { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Nick { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? HeadPic { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Sex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Country { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Province { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? City { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Uin { get; init; }
}

/// <summary>A WeChat instance (<c>instance</c>, account empty, keyed by the instance id).</summary>
internal sealed record InstanceDocument
{
    public required string Id { get; init; }

    public required string Client { get; init; }

    public required int Pid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Account { get; init; }

    public bool Online { get; init; }

    /// <summary>unknown, qrPending, loggedIn or loggedOut.</summary>
    public string LoginState { get; init; } = "unknown";

    public string? OnlineAt { get; init; }

    public string? OfflineAt { get; init; }

    /// <summary>The latest login QR code (base64), while one is pending.</summary>
    public string? QrCode { get; init; }

    public string? QrAt { get; init; }

    /// <summary>The generation of the interface the instance was heard speaking (<c>v1</c>, <c>v2</c>); null until one is.</summary>
    public string? Interface { get; init; }
}

/// <summary>A person the account knows (<c>contact</c>, keyed by wxid).</summary>
internal sealed record ContactDocument
{
    public required string Wxid { get; init; }

    /// <summary>
    /// friend, stranger, blacklisted or unknown (the first generation's isFriend); imFriend (a WeCom friend, second
    /// generation's reportImContacts); deleted (the second generation's reportContactDel: no longer a contact).
    /// </summary>
    public string Category { get; init; } = "unknown";

    public string? Username { get; init; }

    public string? Nick { get; init; }

    public string? AsName { get; init; }

    public string? HeadPic { get; init; }

    public int? Sex { get; init; }

    public string? Country { get; init; }

    public string? Province { get; init; }

    public string? City { get; init; }

    /// <summary>When reportContactDel said the contact was deleted (the category is then deleted).</summary>
    public string? DeletedAt { get; init; }

    /// <summary>The latest zombie check (reportZombieCheckMessage): ok, blockedYou, deletedYou, gone or unknown.</summary>
    public string? Zombie { get; init; }

    /// <summary>When the latest zombie check arrived.</summary>
    public string? ZombieCheckedAt { get; init; }
}

/// <summary>A room of the account (<c>room</c>, keyed by room id).</summary>
internal sealed record RoomDocument
{
    public required string Wxid { get; init; }

    public string? Nick { get; init; }

    public string? Owner { get; init; }

    public string? HeadPic { get; init; }

    public int? RoomCount { get; init; }

    public string? JoinedAt { get; init; }

    /// <summary>room (a WeChat room) or imRoom (a WeCom room), as the second generation's lists tell them apart; null when unsaid.</summary>
    public string? Category { get; init; }

    /// <summary>Whether the account owns the room (the second generation says so).</summary>
    public bool? IsOwner { get; init; }

    /// <summary>True once the account quit or was removed (reportChatRoomQuit); false again when it is back in the room.</summary>
    public bool? Left { get; init; }

    /// <summary>When the account quit or was removed.</summary>
    public string? LeftAt { get; init; }
}

/// <summary>A member of a room (<c>member</c>, keyed by room/wxid).</summary>
internal sealed record MemberDocument
{
    public required string Room { get; init; }

    public required string Wxid { get; init; }

    public string? Nick { get; init; }

    public string? Username { get; init; }

    public string? HeadPic { get; init; }

    public int? Sex { get; init; }

    public bool? IsOwner { get; init; }

    public string? RoomNick { get; init; }

    /// <summary>Who invited the member (reportChatRoomMemberAdd).</summary>
    public string? InviteBy { get; init; }

    /// <summary>True once reportChatRoomMemberDel said the member left or was removed; false again when it rejoins.</summary>
    public bool? Left { get; init; }

    /// <summary>When the member left.</summary>
    public string? LeftAt { get; init; }
}

/// <summary>An official account the account follows (<c>public</c>, keyed by wxid).</summary>
internal sealed record PublicDocument
{
    public required string Wxid { get; init; }

    public string? Nick { get; init; }

    public string? HeadPic { get; init; }
}

/// <summary>A conversation's pointer to its latest message in the log (<c>conversation</c>, keyed by conversation id).</summary>
internal sealed record ConversationPointer
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Conversation { get; init; }

    public long LastSeq { get; init; }
}

/// <summary>A friend request received (<c>friendRequest</c>, keyed by the requester's wxid).</summary>
internal sealed record FriendRequestDocument
{
    public required string Wxid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Nick { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Username { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? HeadPic { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NoticeWord { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? V1 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? V2 { get; init; }

    /// <summary>pending, or accepted once the requester shows up as a friend.</summary>
    public required string State { get; init; }

    public required string RequestedAt { get; init; }

    public required long Seq { get; init; }
}

/// <summary>A money transfer seen in a conversation (<c>transfer</c>, keyed by transfer id).</summary>
internal sealed record TransferDocument
{
    public required string TransferId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Conversation { get; init; }

    public required IReadOnlyList<TransferStepDocument> History { get; init; }

    public string? FeeDesc { get; init; }

    public string? PayMemo { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? PaySubtype { get; init; }

    /// <summary>sent, accepted, returned or unknown, from the latest paysubtype.</summary>
    public string State { get; init; } = "unknown";
}

/// <summary>One transfer message of a transfer.</summary>
internal sealed record TransferStepDocument
{
    public required long Seq { get; init; }

    public required string At { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? PaySubtype { get; init; }

    public required bool IsSelf { get; init; }
}

/// <summary>The result of an uploadFile (<c>upload</c>, keyed by sendId).</summary>
internal sealed record UploadDocument
{
    public required string SendId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SendResult { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? ServerCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ErrorReason { get; init; }

    public bool Succeeded { get; init; }

    public required string At { get; init; }

    public required long Seq { get; init; }
}

/// <summary>
/// The account's saved items (收藏) as its latest reportFavitems listed them (<c>favorites</c>, keyed by the account,
/// key empty): each list replaces the one before, since it is the whole list.
/// </summary>
internal sealed record FavoritesDocument
{
    public required IReadOnlyList<FavoriteItemDocument> Items { get; init; }

    /// <summary>The report's status (1: the list could be read).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Status { get; init; }

    public required string At { get; init; }

    public required long Seq { get; init; }
}

/// <summary>One saved item.</summary>
internal sealed record FavoriteItemDocument
{
    public string? LocalId { get; init; }

    public string? FromUser { get; init; }

    public string? RoomMember { get; init; }

    public string? Title { get; init; }

    public string? ItemType { get; init; }

    public string? UpdateTime { get; init; }

    public string? Xml { get; init; }
}
