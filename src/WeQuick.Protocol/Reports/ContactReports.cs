using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary><c>reportContact</c>: the contact list, as selected by <c>getContact</c>'s flag.</summary>
public sealed record ContactReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportContact";

    internal override string KindName => ActionName;

    /// <summary>Friends, strangers and blacklisted contacts (flag bit 1); absent when not asked for.</summary>
    public IReadOnlyList<UserProfile>? FriendList { get; init; }

    /// <summary>Rooms (flag bit 2); absent when not asked for.</summary>
    public IReadOnlyList<RoomSummary>? GroupList { get; init; }

    /// <summary>Official accounts (flag bit 4); absent when not asked for.</summary>
    public IReadOnlyList<PublicAccount>? PublicList { get; init; }

    internal static ContactReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        FriendList = Flex.ObjectList(s.Data, "friendList", UserProfile.Read),
        GroupList = Flex.ObjectList(s.Data, "groupList", RoomSummary.Read),
        PublicList = Flex.ObjectList(s.Data, "publicList", PublicAccount.Read),
    };

    internal override void WriteData(WireWriter w)
    {
        if (FriendList is not null)
        {
            w.ObjectList("friendList", FriendList, static (w, f) => f.Write(w, sexAsString: false, withAsName: true, withIsFriend: true));
        }

        if (GroupList is not null)
        {
            w.ObjectList("groupList", GroupList, static (w, g) => g.Write(w));
        }

        if (PublicList is not null)
        {
            w.ObjectList("publicList", PublicList, static (w, p) => p.Write(w));
        }
    }
}

/// <summary><c>reportUsersWxid</c>: the wxids of all contacts and official accounts.</summary>
public sealed record UsersWxidReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportUsersWxid";

    internal override string KindName => ActionName;

    /// <summary>The wxids.</summary>
    public IReadOnlyList<string>? UserLists { get; init; }

    internal static UsersWxidReport Read(ReportSource s) => new() { Account = s.Account, UserLists = Flex.StringList(s.Data, "userLists") };

    internal override void WriteData(WireWriter w) => w.TextList("userLists", UserLists);
}

/// <summary><c>reportUsersInfo</c>: profiles asked for by <c>getUsersInfo</c>.</summary>
public sealed record UsersInfoReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportUsersInfo";

    internal override string KindName => ActionName;

    /// <summary>The profiles.</summary>
    public IReadOnlyList<UserProfile>? UserLists { get; init; }

    internal static UsersInfoReport Read(ReportSource s) => new() { Account = s.Account, UserLists = Flex.ObjectList(s.Data, "userLists", UserProfile.Read) };

    internal override void WriteData(WireWriter w) =>
        w.ObjectList("userLists", UserLists, static (w, u) => u.Write(w, sexAsString: true, withAsName: true, withIsFriend: false));
}

/// <summary><c>reportChatRoomUserLists</c>: a room and its members, asked for by <c>getChatRoomUsers</c>.</summary>
public sealed record ChatRoomUserListsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRoomUserLists";

    internal override string KindName => ActionName;

    /// <summary>The room id.</summary>
    public string? Wxid { get; init; }

    /// <summary>The owner's wxid.</summary>
    public string? Owner { get; init; }

    /// <summary>The room name.</summary>
    public string? Nick { get; init; }

    /// <summary>URL of the room avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>How many members the room has.</summary>
    public int? RoomCount { get; init; }

    /// <summary>The members.</summary>
    public IReadOnlyList<UserProfile>? UserLists { get; init; }

    internal static ChatRoomUserListsReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Wxid = Flex.String(s.Data, "wxid"),
        Owner = Flex.String(s.Data, "owner"),
        Nick = Flex.String(s.Data, "nick"),
        HeadPic = Flex.String(s.Data, "headPic"),
        RoomCount = Flex.Int(s.Data, "roomCount"),
        UserLists = Flex.ObjectList(s.Data, "userLists", UserProfile.Read),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("owner", Owner);
        w.Text("nick", Nick);
        w.Text("headPic", HeadPic);
        w.Number("roomCount", RoomCount, specAsString: true);
        w.ObjectList("userLists", UserLists, static (w, u) => u.Write(w, sexAsString: true, withAsName: false, withIsFriend: false));
    }
}

/// <summary><c>reportGetChatRoomUserNick</c>: a member's nickname in a room, asked for by <c>getChatRoomUserNick</c>.</summary>
public sealed record ChatRoomUserNickReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportGetChatRoomUserNick";

    internal override string KindName => ActionName;

    /// <summary>The room id.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The member's wxid.</summary>
    public string? Wxid { get; init; }

    /// <summary>The member's room nickname (the remark, when the account set one).</summary>
    public string? ChatNick { get; init; }

    internal static ChatRoomUserNickReport Read(ReportSource s)
    {
        var m = Flex.ObjectOrSelf(s.Data, "msg");
        return new ChatRoomUserNickReport
        {
            Account = s.Account,
            ChatRoom = Flex.String(m, "chatRoom", "chatroom"),
            Wxid = Flex.String(m, "wxid"),
            ChatNick = Flex.String(m, "chatNick"),
        };
    }

    internal override void WriteData(WireWriter w)
    {
        w.Json.WriteStartObject("msg");
        w.Text("chatRoom", ChatRoom);
        w.Text("wxid", Wxid);
        w.Text("chatNick", ChatNick);
        w.Json.WriteEndObject();
    }
}

/// <summary><c>reportFriendAddRequest</c>: someone asks to be the account's friend.</summary>
public sealed record FriendAddRequestReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportFriendAddRequest";

    internal override string KindName => ActionName;

    /// <summary>The asker's wxid.</summary>
    public string? Wxid { get; init; }

    /// <summary>The asker's WeChat number.</summary>
    public string? Username { get; init; }

    /// <summary>The asker's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>URL of the asker's avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>1 male, 2 female, 0 unknown.</summary>
    public int? Sex { get; init; }

    /// <summary>Country, when known.</summary>
    public string? Country { get; init; }

    /// <summary>Province, when known.</summary>
    public string? Province { get; init; }

    /// <summary>City, when known.</summary>
    public string? City { get; init; }

    /// <summary>The v1 ticket <c>acceptFriend</c> needs.</summary>
    public string? V1 { get; init; }

    /// <summary>The v2 ticket <c>acceptFriend</c> needs.</summary>
    public string? V2 { get; init; }

    /// <summary>The greeting the asker wrote.</summary>
    public string? NoticeWord { get; init; }

    /// <summary>WeChat's raw XML.</summary>
    public string? XmlMsg { get; init; }

    /// <summary>WeChat's message type (37; second generation).</summary>
    public int? MsgType { get; init; }

    /// <summary>Whether the request was seen on PC WeChat (<c>ispc</c>, second generation).</summary>
    public bool? IsPc { get; init; }

    /// <summary>WeChat's message id (<c>msgid</c>, second generation).</summary>
    public string? MsgId { get; init; }

    /// <summary>The room the asker came from, if any (second generation).</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The asker (second generation; <see cref="Wxid"/> is filled from it when the report has no <c>wxid</c>).</summary>
    public string? WxidFrom { get; init; }

    /// <summary>The receiver, the account (second generation).</summary>
    public string? WxidTo { get; init; }

    /// <summary>When the request came, in Unix seconds (second generation).</summary>
    public long? Timestamp { get; init; }

    internal static FriendAddRequestReport Read(ReportSource s)
    {
        var d = Flex.ObjectOrSelf(s.Data, "msg");
        var from = Flex.String(d, "wxidFrom");
        return new FriendAddRequestReport
        {
            Account = s.Account,

            // The second generation names the asker only in wxidFrom; both read alike through Wxid.
            Wxid = Flex.String(d, "wxid") ?? from,
            Username = Flex.String(d, "username"),
            Nick = Flex.String(d, "nick"),
            HeadPic = Flex.String(d, "headPic"),
            Sex = Flex.Int(d, "sex"),
            Country = Flex.String(d, "country"),
            Province = Flex.String(d, "province"),
            City = Flex.String(d, "city"),
            V1 = Flex.String(d, "v1"),
            V2 = Flex.String(d, "v2"),
            NoticeWord = Flex.String(d, "noticeWord"),
            XmlMsg = Flex.String(d, "xmlmsg", "xmlMsg"),
            MsgType = Flex.Int(d, "msgType", "msg_type"),
            IsPc = Flex.Bool(d, "ispc"),
            MsgId = Flex.String(d, "msgid", "msgId"),
            RoomWxid = Flex.String(d, "roomWxid"),
            WxidFrom = from,
            WxidTo = Flex.String(d, "wxidTo"),
            Timestamp = Flex.Long(d, "timestamp"),
        };
    }

    internal override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("username", Username);
        w.Text("nick", Nick);
        w.Text("headPic", HeadPic);
        w.Number("sex", Sex, specAsString: true);
        w.Text("country", Country);
        w.Text("province", Province);
        w.Text("city", City);
        w.Text("v1", V1);
        w.Text("v2", V2);
        w.Text("noticeWord", NoticeWord);
        w.Text("xmlmsg", XmlMsg);

        // The second generation's fields, when known.
        if (MsgType is not null)
        {
            w.Number("msgType", MsgType, specAsString: false);
        }

        if (IsPc is not null)
        {
            w.Flag("ispc", IsPc);
        }

        if (MsgId is not null)
        {
            w.Text("msgid", MsgId);
        }

        if (RoomWxid is not null)
        {
            w.Text("roomWxid", RoomWxid);
        }

        if (WxidFrom is not null)
        {
            w.Text("wxidFrom", WxidFrom);
        }

        if (WxidTo is not null)
        {
            w.Text("wxidTo", WxidTo);
        }

        if (Timestamp is not null)
        {
            w.Number("timestamp", Timestamp, specAsString: true);
        }
    }
}

/// <summary><c>reportChatRoomChange</c>: the account joined a new room.</summary>
public sealed record ChatRoomChangeReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatRoomChange";

    internal override string KindName => ActionName;

    /// <summary>The room name; may be absent.</summary>
    public string? Nick { get; init; }

    /// <summary>The room id.</summary>
    public string? ChatRoom { get; init; }

    internal static ChatRoomChangeReport Read(ReportSource s)
    {
        var d = Flex.ObjectOrSelf(s.Data, "msg");
        return new ChatRoomChangeReport { Account = s.Account, Nick = Flex.String(d, "nick"), ChatRoom = Flex.String(d, "chatroom", "chatRoom") };
    }

    internal override void WriteData(WireWriter w)
    {
        w.Text("nick", Nick);
        w.Text("chatroom", ChatRoom);
    }
}
