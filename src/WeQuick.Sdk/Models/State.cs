using System.Text.Json;
using System.Text.Json.Serialization;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// A page of a list of the developer API (<c>{ items, nextCursor }</c>, the shape of every list); pass
/// <see cref="NextCursor"/> back as <c>cursor</c> for the next page.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>
{
    /// <summary>The items of this page (possibly fewer than the limit, even when more pages follow).</summary>
    public IReadOnlyList<T> Items { get; init; } = [];

    /// <summary>
    /// The cursor of the next page; null on the last page. Logs that grow (a webhook's deliveries and dead letters)
    /// always give one: an empty page there means nothing new yet.
    /// </summary>
    public string? NextCursor { get; init; }

    /// <summary>True when the gateway gave a cursor for a next page (always, for a log that grows).</summary>
    [JsonIgnore]
    public bool HasMore => NextCursor is not null;
}

/// <summary>A logged-in (or once logged-in) WeChat account as the gateway knows it.</summary>
public sealed record Account
{
    /// <summary>The account's wxid (cwxid).</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary><c>loggedIn</c>, <c>offline</c> (logged in, instance not polling), <c>qrPending</c> or <c>loggedOut</c>.</summary>
    public string LoginState { get; init; } = string.Empty;

    /// <summary>Whether the account is logged in.</summary>
    public bool LoggedIn { get; init; }

    /// <summary>Whether its instance is polling.</summary>
    public bool Online { get; init; }

    /// <summary>Whether a login QR code is waiting to be scanned.</summary>
    public bool QrPending { get; init; }

    /// <summary>How it last logged out (<c>reportLogout</c> or <c>resLogout</c>), when it did.</summary>
    public string? LogoutCause { get; init; }

    /// <summary>The instance it is bound to.</summary>
    public string? Instance { get; init; }

    /// <summary>
    /// Which generation of the WeQuick interface its client was seen to speak, <c>v1</c> or <c>v2</c>; null until a report
    /// told. Commands the generation lacks are refused with 422 <c>generation-unsupported</c>.
    /// </summary>
    public string? Interface { get; init; }

    /// <summary>Its profile from the login report.</summary>
    public AccountProfile? Profile { get; init; }

    /// <summary>When the gateway first heard of it.</summary>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>When it last logged in.</summary>
    public DateTimeOffset? LoggedInAt { get; init; }

    /// <summary>When it last logged out.</summary>
    public DateTimeOffset? LoggedOutAt { get; init; }

    /// <summary>How many stored documents it has, by collection.</summary>
    public AccountCounts Counts { get; init; } = new();
}

/// <summary>The profile of an account, from its <c>reportLoginUser</c>.</summary>
public sealed record AccountProfile
{
    /// <summary>The wxid.</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary>The chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The nickname (what a room mention <c>@nick</c> uses).</summary>
    public string? Nick { get; init; }

    /// <summary>The avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int? Sex { get; init; }

    /// <summary>Country.</summary>
    public string? Country { get; init; }

    /// <summary>Province.</summary>
    public string? Province { get; init; }

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>The numeric uin, when the client sent it.</summary>
    public long? Uin { get; init; }
}

/// <summary>How many stored documents an account has.</summary>
public sealed record AccountCounts
{
    /// <summary>People (friends, strangers, …).</summary>
    public long Contacts { get; init; }

    /// <summary>Rooms.</summary>
    public long Rooms { get; init; }

    /// <summary>Room members over all rooms.</summary>
    public long RoomMembers { get; init; }

    /// <summary>Official accounts.</summary>
    public long PublicAccounts { get; init; }

    /// <summary>Messages.</summary>
    public long Messages { get; init; }

    /// <summary>Friend requests.</summary>
    public long FriendRequests { get; init; }

    /// <summary>Transfers.</summary>
    public long Transfers { get; init; }

    /// <summary>Uploads.</summary>
    public long Uploads { get; init; }
}

/// <summary>A WeChat process that has polled the gateway.</summary>
public sealed record Instance
{
    /// <summary>The instance id (client and pid).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The client (credential and address) it polls from.</summary>
    public string Client { get; init; } = string.Empty;

    /// <summary>The WeChat process id.</summary>
    public int Pid { get; init; }

    /// <summary>Whether it is polling.</summary>
    public bool Online { get; init; }

    /// <summary>The account logged in on it.</summary>
    public string? Account { get; init; }

    /// <summary>When it last polled.</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>The generation of the interface its client was heard speaking (<c>v1</c> or <c>v2</c>); null until known.</summary>
    public string? Interface { get; init; }
}

/// <summary>
/// A contact of an account: a person (with a <see cref="Category"/>), or for <c>type=room</c> and <c>type=public</c>
/// queries a room or an official account.
/// </summary>
public sealed record Contact
{
    /// <summary>The wxid (or room id).</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary>For people: <c>friend</c>, <c>stranger</c>, <c>blacklisted</c> or <c>unknown</c>; <c>imFriend</c> or <c>deleted</c> from a second-generation client. For rooms: <c>room</c> or <c>imRoom</c> when said.</summary>
    public string? Category { get; init; }

    /// <summary>The chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The nickname (for a room, its name).</summary>
    public string? Nick { get; init; }

    /// <summary>The account's remark for them.</summary>
    public string? AsName { get; init; }

    /// <summary>The avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int? Sex { get; init; }

    /// <summary>Country.</summary>
    public string? Country { get; init; }

    /// <summary>Province.</summary>
    public string? Province { get; init; }

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>For a room: its owner.</summary>
    public string? Owner { get; init; }

    /// <summary>For a room: how many members it has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>For a room: when the account joined (was told of) it.</summary>
    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary>For a person: when the contact was deleted (category <c>deleted</c>, second generation).</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>For a person: the latest zombie check: <c>ok</c>, <c>blockedYou</c>, <c>deletedYou</c>, <c>gone</c> or <c>unknown</c>.</summary>
    public string? Zombie { get; init; }

    /// <summary>For a person: when the latest zombie check arrived.</summary>
    public DateTimeOffset? ZombieCheckedAt { get; init; }

    /// <summary>For a room: true once the account quit it or was removed.</summary>
    public bool? Left { get; init; }

    /// <summary>True for a friend.</summary>
    [JsonIgnore]
    public bool IsFriend => Category == "friend";
}

/// <summary>A room the account is in.</summary>
public sealed record Room
{
    /// <summary>The room id (<c>…@chatroom</c>).</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary>The room's name.</summary>
    public string? Nick { get; init; }

    /// <summary>The owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>The avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>How many members it has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>When the account joined (was told of) the room.</summary>
    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary><c>room</c> (WeChat) or <c>imRoom</c> (WeCom), when a second-generation client said which.</summary>
    public string? Category { get; init; }

    /// <summary>Whether the account owns the room (second generation).</summary>
    public bool? IsOwner { get; init; }

    /// <summary>True once the account quit the room or was removed (the room stays listed); false when it is back.</summary>
    public bool? Left { get; init; }

    /// <summary>When the account quit or was removed.</summary>
    public DateTimeOffset? LeftAt { get; init; }
}

/// <summary>A member of a room.</summary>
public sealed record RoomMember
{
    /// <summary>The room id.</summary>
    public string Room { get; init; } = string.Empty;

    /// <summary>The member's wxid.</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary>The member's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>The member's nickname in this room, once refreshed.</summary>
    public string? RoomNick { get; init; }

    /// <summary>The chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int? Sex { get; init; }

    /// <summary>Whether the member owns the room.</summary>
    public bool? IsOwner { get; init; }

    /// <summary>Who invited the member (second generation).</summary>
    public string? InviteBy { get; init; }

    /// <summary>True once the member left or was removed (the member stays listed); false when it rejoined.</summary>
    public bool? Left { get; init; }

    /// <summary>When the member left.</summary>
    public DateTimeOffset? LeftAt { get; init; }
}

/// <summary>A stored message of an account. Two are equal when they have the same seq and kind (the event they came in).</summary>
public sealed record StoredMessage
{
    private MessageReport? _message;
    private bool _decoded;

    /// <summary>The seq of the event it came in.</summary>
    public long Seq { get; init; }

    /// <summary>The report kind, e.g. <c>reportTextMessage</c>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>When the gateway received it.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The conversation: the room, or the peer of a private chat.</summary>
    public string? Conversation { get; init; }

    /// <summary>Who sent it.</summary>
    public string? Sender { get; init; }

    /// <summary>Whether the account itself sent it.</summary>
    public bool IsSelf { get; init; }

    /// <summary>Whether it is in a room.</summary>
    [JsonPropertyName("isRoom")]
    public bool InRoom { get; init; }

    /// <summary>WeChat's message type.</summary>
    public int? MsgType { get; init; }

    /// <summary>WeChat's message id, as text (second-generation clients send it); null otherwise.</summary>
    public string? MsgId { get; init; }

    /// <summary>When the message was sent, in Unix seconds, as the client said (second generation); null otherwise.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The wxids a room text mentions (its atlist, second generation); null when it mentions none.</summary>
    public IReadOnlyList<string>? Mentions { get; init; }

    /// <summary>True when the message's body was over the gateway's inline limit: the report is a preview (text fields cut short); read the whole body with <see cref="WeQuickClient.GetEventBodyAsync"/>.</summary>
    public bool? BodyOmitted { get; init; }

    /// <summary>The size in bytes of the stored body; given with <see cref="BodyOmitted"/>.</summary>
    public long? BodyBytes { get; init; }

    /// <summary>Where the whole body is read (<c>/api/v1/events/{seq}/body</c>); given with <see cref="BodyOmitted"/>.</summary>
    public string? BodyUrl { get; init; }

    /// <summary>The normalized report.</summary>
    [JsonPropertyName("report")]
    public JsonElement Data { get; init; }

    /// <summary>The report typed with the Protocol models.</summary>
    [JsonIgnore]
    public MessageReport? Message
    {
        get
        {
            if (!_decoded)
            {
                _message = Data.ValueKind == JsonValueKind.Object ? NormalizedJson.ReadReport(Data) as MessageReport : null;
                _decoded = true;
            }

            return _message;
        }
    }

    /// <summary>The text of a text message or a notice; null for other kinds.</summary>
    [JsonIgnore]
    public string? Text => Message switch
    {
        TextMessageReport t => t.Message,
        ChatroomMessageReport n => n.Message,
        SystemMessageReport s => s.Message,
        _ => null,
    };

    /// <inheritdoc />
    public bool Equals(StoredMessage? other) => other is not null && Seq == other.Seq && string.Equals(Kind, other.Kind, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Seq, Kind);
}

/// <summary>A conversation of an account, with its latest message.</summary>
public sealed record Conversation
{
    /// <summary>The conversation id: a room, or the peer of a private chat; null when the latest message names neither.</summary>
    [JsonPropertyName("conversation")]
    public string? Id { get; init; }

    /// <summary>Whether it is a room.</summary>
    public bool IsRoom { get; init; }

    /// <summary>When its latest message arrived.</summary>
    public DateTimeOffset LastAt { get; init; }

    /// <summary>Its latest message.</summary>
    public StoredMessage LastMessage { get; init; } = new();
}

/// <summary>A friend request an account received.</summary>
public sealed record FriendRequest
{
    /// <summary>The requester's wxid.</summary>
    public string Wxid { get; init; } = string.Empty;

    /// <summary>The requester's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>The requester's chosen WeChat id.</summary>
    public string? Username { get; init; }

    /// <summary>The requester's avatar URL.</summary>
    public string? HeadPic { get; init; }

    /// <summary>The greeting sent with the request.</summary>
    public string? NoticeWord { get; init; }

    /// <summary>The first ticket <c>acceptFriend</c> needs.</summary>
    public string? V1 { get; init; }

    /// <summary>The second ticket <c>acceptFriend</c> needs.</summary>
    public string? V2 { get; init; }

    /// <summary><c>pending</c> or <c>accepted</c>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>When it arrived.</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The seq of its event.</summary>
    public long Seq { get; init; }
}

/// <summary>A money transfer with the history of its states.</summary>
public sealed record Transfer
{
    /// <summary>The transfer id.</summary>
    public string TransferId { get; init; } = string.Empty;

    /// <summary>The peer.</summary>
    public string? Conversation { get; init; }

    /// <summary>The amount as WeChat prints it.</summary>
    public string? FeeDesc { get; init; }

    /// <summary>The memo.</summary>
    public string? PayMemo { get; init; }

    /// <summary>The latest paysubtype: 1 sent, 3 accepted, 4 returned.</summary>
    public int? PaySubtype { get; init; }

    /// <summary><c>sent</c>, <c>accepted</c>, <c>returned</c> or <c>unknown</c>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>Every state report, oldest first.</summary>
    public IReadOnlyList<TransferStep> History { get; init; } = [];
}

/// <summary>One state report of a transfer.</summary>
public sealed record TransferStep
{
    /// <summary>The seq of its event.</summary>
    public long Seq { get; init; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The paysubtype it reported.</summary>
    public int? PaySubtype { get; init; }

    /// <summary>Whether the account itself caused it.</summary>
    public bool IsSelf { get; init; }
}

/// <summary>One saved item (收藏) of an account, as its client's latest list gave it (second generation).</summary>
public sealed record Favorite
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
