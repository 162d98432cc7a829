using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// <c>reportContacts</c> (second generation): the friend list, asked for by <c>getContacts</c>. The first
/// generation's <c>reportContact</c> carried friends, rooms and official accounts in one report; the second
/// sends each list as its own kind, under the same list names (<see cref="FriendList"/> here).
/// </summary>
public sealed record ContactsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportContacts";

    internal override string KindName => ActionName;

    /// <summary>The friends; <see cref="UserProfile.Username"/> is the wire's <c>alias</c>, <see cref="UserProfile.AsName"/> its <c>remark</c>.</summary>
    public IReadOnlyList<UserProfile>? FriendList { get; init; }

    internal static ContactsReport Read(ReportSource s) => new() { Account = s.Account, FriendList = Flex.ObjectList(s.Data, "friendList", UserProfile.Read) };

    internal override void WriteData(WireWriter w) =>
        w.ObjectList("friendList", FriendList, static (w, f) => f.WriteV2(w, new(V2ProfileFields.Full)));
}

/// <summary><c>reportImContacts</c> (second generation): the WeCom (企业微信) friend list.</summary>
public sealed record ImContactsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportImContacts";

    internal override string KindName => ActionName;

    /// <summary>The WeCom friends.</summary>
    public IReadOnlyList<UserProfile>? FriendList { get; init; }

    internal static ImContactsReport Read(ReportSource s) => new() { Account = s.Account, FriendList = Flex.ObjectList(s.Data, "friendList", UserProfile.Read) };

    internal override void WriteData(WireWriter w) =>
        w.ObjectList("friendList", FriendList, static (w, f) => f.WriteV2(w, new(V2ProfileFields.Wxid | V2ProfileFields.Nick | V2ProfileFields.Remark | V2ProfileFields.HeadPic)));
}

/// <summary><c>reportPublics</c> (second generation): the official accounts (公众号).</summary>
public sealed record PublicsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportPublics";

    internal override string KindName => ActionName;

    /// <summary>The official accounts.</summary>
    public IReadOnlyList<PublicAccount>? PublicList { get; init; }

    internal static PublicsReport Read(ReportSource s) => new() { Account = s.Account, PublicList = Flex.ObjectList(s.Data, "publicList", PublicAccount.Read) };

    internal override void WriteData(WireWriter w) => w.ObjectList("publicList", PublicList, static (w, p) => p.Write(w));
}

/// <summary>A second-generation report about one person, printed flat under <c>data</c>.</summary>
public abstract record ContactProfileReport : Report
{
    /// <summary>The person.</summary>
    public UserProfile? Contact { get; init; }

    /// <summary>The wxid of <see cref="Contact"/>.</summary>
    public string? Wxid => Contact?.Wxid;

    internal static UserProfile? ReadContact(ReportSource s)
    {
        var profile = UserProfile.Read(s.Data);
        return profile == new UserProfile() ? null : profile;
    }
}

/// <summary><c>reportSingleContact</c> (second generation): one friend, asked for by <c>getSingleContact</c>.</summary>
public sealed record SingleContactReport : ContactProfileReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSingleContact";

    internal override string KindName => ActionName;

    internal static SingleContactReport Read(ReportSource s) => new() { Account = s.Account, Contact = ReadContact(s) };

    internal override void WriteData(WireWriter w) => (Contact ?? new UserProfile()).WriteV2(w, new(V2ProfileFields.Full));
}

/// <summary><c>reportContactAdd</c> (second generation): a contact was added.</summary>
public sealed record ContactAddReport : ContactProfileReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportContactAdd";

    internal override string KindName => ActionName;

    internal static ContactAddReport Read(ReportSource s) => new() { Account = s.Account, Contact = ReadContact(s) };

    internal override void WriteData(WireWriter w) => (Contact ?? new UserProfile()).WriteV2(w, new(V2ProfileFields.Full));
}

/// <summary>
/// <c>reportUpdateContact</c> (second generation): any WeChat user's details looked up by <c>updateContact</c>,
/// with the tickets <c>addFriend</c> needs.
/// </summary>
public sealed record UpdateContactReport : ContactProfileReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportUpdateContact";

    internal override string KindName => ActionName;

    /// <summary>URL of the small avatar (<see cref="UserProfile.HeadPic"/> is the large one).</summary>
    public string? SmallPic { get; init; }

    /// <summary>The user's signature.</summary>
    public string? Signature { get; init; }

    /// <summary>URL of the user's Moments cover image.</summary>
    public string? SnsPic { get; init; }

    /// <summary>How the user can be added: 6 re-add, 14 from a room, 15 from a search, 17 from a card.</summary>
    public int? Scene { get; init; }

    /// <summary>1 the lookup succeeded, 0 it failed.</summary>
    public int? Status { get; init; }

    /// <summary>The user's v1 ticket.</summary>
    public string? V1 { get; init; }

    /// <summary>The user's v2 ticket.</summary>
    public string? V2 { get; init; }

    internal static UpdateContactReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Contact = ReadContact(s),
        SmallPic = Flex.String(s.Data, "smallPic"),
        Signature = Flex.String(s.Data, "signature"),
        SnsPic = Flex.String(s.Data, "snspic", "snsPic"),
        Scene = Flex.Int(s.Data, "scene"),
        Status = Flex.Int(s.Data, "status"),
        V1 = Flex.String(s.Data, "v1"),
        V2 = Flex.String(s.Data, "v2"),
    };

    internal override void WriteData(WireWriter w)
    {
        var c = Contact ?? new UserProfile();
        w.Text("wxid", c.Wxid);
        w.Text("alias", c.Username);
        w.Text("nick", c.Nick);
        w.Text("remark", c.AsName);
        w.Text("headPic", c.HeadPic);
        w.Text("smallPic", SmallPic);
        w.Number("sex", c.Sex, specAsString: false);
        w.Text("country", c.Country);
        w.Text("province", c.Province);
        w.Text("city", c.City);
        w.Text("signature", Signature);
        w.Text("snspic", SnsPic);
        w.Number("scene", Scene, specAsString: false);
        w.Number("status", Status, specAsString: false);
        w.Text("v1", V1);
        w.Text("v2", V2);
        V2Fields.WriteProfileRest(w, c);
    }
}

/// <summary>
/// <c>reportSearchContact</c> (second generation): a WeChat user found by phone number, WeChat number or QQ
/// number (<c>searchContact</c>), with the tickets <c>addSearchContact</c> needs.
/// </summary>
public sealed record SearchContactReport : ContactProfileReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSearchContact";

    internal override string KindName => ActionName;

    /// <summary>URL of the small avatar.</summary>
    public string? SmallPic { get; init; }

    /// <summary>What was searched for.</summary>
    public string? Search { get; init; }

    /// <summary>The user's signature.</summary>
    public string? Signature { get; init; }

    /// <summary>1 found, 0 not.</summary>
    public int? Status { get; init; }

    /// <summary>The user's v1 ticket.</summary>
    public string? V1 { get; init; }

    /// <summary>The user's v2 ticket.</summary>
    public string? V2 { get; init; }

    internal static SearchContactReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Contact = ReadContact(s),
        SmallPic = Flex.String(s.Data, "smallPic"),
        Search = Flex.String(s.Data, "search"),
        Signature = Flex.String(s.Data, "signature"),
        Status = Flex.Int(s.Data, "status"),
        V1 = Flex.String(s.Data, "v1"),
        V2 = Flex.String(s.Data, "v2"),
    };

    internal override void WriteData(WireWriter w)
    {
        var c = Contact ?? new UserProfile();
        w.Text("wxid", c.Wxid);
        w.Text("alias", c.Username);
        w.Text("nick", c.Nick);
        w.Text("headPic", c.HeadPic);
        w.Text("smallPic", SmallPic);
        w.Number("sex", c.Sex, specAsString: true);
        w.Text("country", c.Country);
        w.Text("province", c.Province);
        w.Text("city", c.City);
        w.Text("search", Search);
        w.Text("signature", Signature);
        w.Number("status", Status, specAsString: true);
        w.Number("isFriend", c.IsFriend, specAsString: true);
        w.Text("v1", V1);
        w.Text("v2", V2);
        if (c.AsName is not null)
        {
            w.Text("remark", c.AsName);
        }

        V2Fields.WriteProfileRest(w, c with { IsFriend = null });
    }
}

/// <summary><c>reportContactDel</c> (second generation): a contact was deleted.</summary>
public sealed record ContactDelReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportContactDel";

    internal override string KindName => ActionName;

    /// <summary>The deleted contact.</summary>
    public string? Wxid { get; init; }

    internal static ContactDelReport Read(ReportSource s) => new() { Account = s.Account, Wxid = Flex.String(s.Data, "wxid") };

    internal override void WriteData(WireWriter w) => w.Text("wxid", Wxid);
}

/// <summary><c>reportChatRooms</c> (second generation): the room list, asked for by <c>getChatRooms</c>.</summary>
public sealed record ChatRoomsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRooms";

    internal override string KindName => ActionName;

    /// <summary>The rooms (the list name the first generation's <c>reportContact</c> used too).</summary>
    public IReadOnlyList<RoomSummary>? GroupList { get; init; }

    internal static ChatRoomsReport Read(ReportSource s) => new() { Account = s.Account, GroupList = Flex.ObjectList(s.Data, "groupList", RoomSummary.Read) };

    internal override void WriteData(WireWriter w) => w.ObjectList("groupList", GroupList, static (w, g) => g.WriteV2(w));
}

/// <summary><c>reportImRooms</c> (second generation): the WeCom room list.</summary>
public sealed record ImRoomsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportImRooms";

    internal override string KindName => ActionName;

    /// <summary>The WeCom rooms.</summary>
    public IReadOnlyList<RoomSummary>? GroupList { get; init; }

    internal static ImRoomsReport Read(ReportSource s) => new() { Account = s.Account, GroupList = Flex.ObjectList(s.Data, "groupList", RoomSummary.Read) };

    internal override void WriteData(WireWriter w) => w.ObjectList("groupList", GroupList, static (w, g) => g.WriteV2(w));
}

/// <summary>
/// A second-generation report about one room and (some of) its members. The property names are those of the
/// first generation's <c>reportChatRoomUserLists</c> (<see cref="ChatRoomUserListsReport"/>), so both read alike.
/// </summary>
public abstract record RoomMembersReport : Report
{
    /// <summary>The room id.</summary>
    public string? Wxid { get; init; }

    /// <summary>The room name.</summary>
    public string? Nick { get; init; }

    /// <summary>URL of the room avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>Whether the account owns the room.</summary>
    public bool? IsOwner { get; init; }

    /// <summary>The owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>How many members the room has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>The members this report is about (all of them, or the ones added or removed).</summary>
    public IReadOnlyList<UserProfile>? UserLists { get; init; }

    /// <summary>The room fields the kind's example prints besides <c>wxid</c>, <c>roomCount</c> and <c>userLists</c>.</summary>
    private protected virtual bool HasRoomDetails => true;

    /// <summary>The kind's example prints <c>owner</c> right after <c>wxid</c> and has no <c>isowner</c>.</summary>
    private protected virtual bool OwnerFirst => false;

    private protected abstract V2ProfileShape MemberShape { get; }

    internal static T ReadRoom<T>(ReportSource s, T empty)
        where T : RoomMembersReport => empty with
        {
            Account = s.Account,
            Wxid = Flex.String(s.Data, "wxid"),
            Nick = Flex.String(s.Data, "nick"),
            HeadPic = Flex.String(s.Data, "headPic"),
            IsOwner = Flex.Bool(s.Data, "isowner", "isOwner"),
            Owner = Flex.String(s.Data, "owner"),
            RoomCount = Flex.Int(s.Data, "roomCount", "roomcount"),
            UserLists = Flex.ObjectList(s.Data, "userLists", UserProfile.Read),
        };

    internal sealed override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        if (OwnerFirst)
        {
            w.Text("owner", Owner);
        }

        if (HasRoomDetails || Nick is not null)
        {
            w.Text("nick", Nick);
        }

        if (HasRoomDetails || HeadPic is not null)
        {
            w.Text("headPic", HeadPic);
        }

        if ((HasRoomDetails && !OwnerFirst) || IsOwner is not null)
        {
            w.Flag("isowner", IsOwner);
        }

        if (!OwnerFirst && (HasRoomDetails || Owner is not null))
        {
            w.Text("owner", Owner);
        }

        w.Number("roomCount", RoomCount, specAsString: true);
        var shape = MemberShape;
        w.ObjectList("userLists", UserLists, (w, u) => u.WriteV2(w, shape));
    }
}

/// <summary><c>reportSingleChatRoomMembers</c> (second generation): a room's members, asked for by <c>getSingleChatRoomMembers</c>.</summary>
public sealed record SingleChatRoomMembersReport : RoomMembersReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSingleChatRoomMembers";

    internal override string KindName => ActionName;

    private protected override bool HasRoomDetails => false;

    private protected override V2ProfileShape MemberShape => new(V2ProfileFields.Full | V2ProfileFields.DisplayName, SexAsString: true);

    internal static SingleChatRoomMembersReport Read(ReportSource s) => ReadRoom(s, new SingleChatRoomMembersReport());
}

/// <summary><c>reportSingleImRoomMembers</c> (second generation): a WeCom room's members.</summary>
public sealed record SingleImRoomMembersReport : RoomMembersReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSingleImRoomMembers";

    internal override string KindName => ActionName;

    private protected override bool OwnerFirst => true;

    private protected override V2ProfileShape MemberShape =>
        new(V2ProfileFields.Wxid | V2ProfileFields.Nick | V2ProfileFields.HeadPic | V2ProfileFields.Sex | V2ProfileFields.Place, SexAsString: true);

    internal static SingleImRoomMembersReport Read(ReportSource s) => ReadRoom(s, new SingleImRoomMembersReport());
}

/// <summary><c>reportChatRoomMemberAdd</c> (second generation): members joined a room; each says who invited it.</summary>
public sealed record ChatRoomMemberAddReport : RoomMembersReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRoomMemberAdd";

    internal override string KindName => ActionName;

    private protected override V2ProfileShape MemberShape => new(V2ProfileFields.Wxid | V2ProfileFields.Nick | V2ProfileFields.InviteBy);

    internal static ChatRoomMemberAddReport Read(ReportSource s) => ReadRoom(s, new ChatRoomMemberAddReport());
}

/// <summary><c>reportChatRoomMemberDel</c> (second generation): members left or were removed from a room.</summary>
public sealed record ChatRoomMemberDelReport : RoomMembersReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRoomMemberDel";

    internal override string KindName => ActionName;

    private protected override V2ProfileShape MemberShape => new(V2ProfileFields.Wxid | V2ProfileFields.Nick);

    internal static ChatRoomMemberDelReport Read(ReportSource s) => ReadRoom(s, new ChatRoomMemberDelReport());
}

/// <summary>
/// <c>reportNewChatRoom</c> (second generation): the account is in a room it did not know before (the first
/// generation's <c>reportChatRoomChange</c> says the same with the room id and name only).
/// </summary>
public sealed record NewChatRoomReport : RoomMembersReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportNewChatRoom";

    internal override string KindName => ActionName;

    private protected override V2ProfileShape MemberShape => new(V2ProfileFields.Wxid | V2ProfileFields.Nick);

    internal static NewChatRoomReport Read(ReportSource s) => ReadRoom(s, new NewChatRoomReport());
}

/// <summary><c>reportChatRoomQuit</c> (second generation): the account left a room or was removed from it.</summary>
public sealed record ChatRoomQuitReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRoomQuit";

    internal override string KindName => ActionName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    internal static ChatRoomQuitReport Read(ReportSource s) => new() { Account = s.Account, RoomWxid = Flex.String(s.Data, "roomWxid", "roomwxid") };

    internal override void WriteData(WireWriter w) => w.Text("roomWxid", RoomWxid);
}

/// <summary><c>reportAcceptQrCodeChatRoom</c> (second generation): the outcome of joining a room by its QR code.</summary>
public sealed record AcceptQrCodeChatRoomReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportAcceptQrCodeChatRoom";

    internal override string KindName => ActionName;

    /// <summary>The QR image's link.</summary>
    public string? Url { get; init; }

    /// <summary>0 joined, 1 the room requires the owner's approval, 2 the code has expired.</summary>
    public int? Status { get; init; }

    internal static AcceptQrCodeChatRoomReport Read(ReportSource s) => new() { Account = s.Account, Url = Flex.String(s.Data, "url"), Status = Flex.Int(s.Data, "status") };

    internal override void WriteData(WireWriter w)
    {
        w.Text("url", Url);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary>Writing helpers the second-generation kinds share.</summary>
internal static class V2Fields
{
    /// <summary>The profile fields a flat person report's shape does not name, when known: nothing known is dropped.</summary>
    public static void WriteProfileRest(WireWriter w, UserProfile c) =>
        (c with { Wxid = null, Username = null, Nick = null, AsName = null, HeadPic = null, Sex = null, Country = null, Province = null, City = null })
            .WriteV2(w, new(V2ProfileFields.None));
}
