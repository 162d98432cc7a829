// The second generation's own commands (spec/wequick-interface-v2.md), one record each, in the document's order.
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary><c>getLoginUser</c> (second generation): Asks for the logged-in account's profile; answered by <c>reportLoginUser</c>.</summary>
public sealed record GetLoginUserCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getLoginUser";

    internal override string KindName => ApiName;

    internal static GetLoginUserCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getContacts</c> (second generation): Asks for the friend list; answered by <c>reportContacts</c>. A <c>getContacts</c> that carries a <c>flag</c> is the first generation's <see cref="GetContactCommand"/> as a vendor demo spells it, and decodes to that.</summary>
public sealed record GetContactsCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getContacts";

    internal override string KindName => ApiName;

    internal static GetContactsCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    /// <summary>Reads the api <c>getContacts</c>: with a <c>flag</c> key (any value), the first generation's <see cref="GetContactCommand"/>.</summary>
    internal static Command ReadEither(string? sendId, JsonElement o) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty("flag", out _) ? GetContactCommand.Read(sendId, o) : Read(sendId, o);

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getImContacts</c> (second generation): Asks for the enterprise (WeCom) friend list; answered by <c>reportImContacts</c>.</summary>
public sealed record GetImContactsCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getImContacts";

    internal override string KindName => ApiName;

    internal static GetImContactsCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getPublics</c> (second generation): Asks for the official accounts followed; answered by <c>reportPublics</c>.</summary>
public sealed record GetPublicsCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getPublics";

    internal override string KindName => ApiName;

    internal static GetPublicsCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getSingleContact</c> (second generation): Asks for one friend's profile; answered by <c>reportSingleContact</c>.</summary>
public sealed record GetSingleContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getSingleContact";

    internal override string KindName => ApiName;

    /// <summary>The friend.</summary>
    public string? Wxid { get; init; }

    internal static GetSingleContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>updateContact</c> (second generation): Looks any WeChat user up over the network; answered by <c>reportUpdateContact</c>.</summary>
public sealed record UpdateContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateContact";

    internal override string KindName => ApiName;

    /// <summary>The user.</summary>
    public string? Wxid { get; init; }

    internal static UpdateContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>addFriend</c> (second generation): Sends a friend request; answered by <c>reportAddFriendMessage</c>.</summary>
public sealed record AddFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "addFriend";

    internal override string KindName => ApiName;

    /// <summary>Who to add.</summary>
    public string? Wxid { get; init; }

    /// <summary>The greeting.</summary>
    public string? Remark { get; init; }

    /// <summary>Where the contact was found: 6 added before, 14 a room member, 15 a search, 17 a card (needs the v1 ticket).</summary>
    public int? Scene { get; init; }

    /// <summary>The room the member is in, for scene 14; may be empty.</summary>
    public string? RoomWxid { get; init; }

    internal static AddFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Remark = Flex.String(o, "remark"),
        Scene = Flex.Int(o, "scene"),
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "remark", Remark);
        OptionWriter.Number(w, "scene", Scene);
        OptionWriter.Text(w, "roomWxid", RoomWxid);
    }
}

/// <summary><c>delFriend</c> (second generation): Deletes a friend or unfollows an official account.</summary>
public sealed record DelFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "delFriend";

    internal override string KindName => ApiName;

    /// <summary>The friend or official account.</summary>
    public string? Wxid { get; init; }

    internal static DelFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>updateRemark</c> (second generation): Sets a friend's remark.</summary>
public sealed record UpdateRemarkCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateRemark";

    internal override string KindName => ApiName;

    /// <summary>The friend.</summary>
    public string? Wxid { get; init; }

    /// <summary>The remark.</summary>
    public string? Remark { get; init; }

    internal static UpdateRemarkCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Remark = Flex.String(o, "remark"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "remark", Remark);
    }
}

/// <summary><c>refuseFriendWcpay</c> (second generation): Sends a friend's transfer back.</summary>
public sealed record RefuseFriendWcpayCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "refuseFriendWcpay";

    internal override string KindName => ApiName;

    /// <summary>The transfer (the <c>transferid</c> of its message).</summary>
    public string? TransferId { get; init; }

    internal static RefuseFriendWcpayCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        TransferId = Flex.String(o, "transferid", "transferId"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "transferid", TransferId);
    }
}

/// <summary><c>autoAcceptFriend</c> (second generation): Turns accepting every friend request automatically on or off (admin scope).</summary>
public sealed record AutoAcceptFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "autoAcceptFriend";

    internal override string KindName => ApiName;

    /// <summary>On (1) or off (0).</summary>
    public bool? Auto { get; init; }

    internal static AutoAcceptFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Auto = Flex.Bool(o, "auto"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Flag(w, "auto", Auto, asNumber: true);
    }
}

/// <summary><c>autoAcceptWcpay</c> (second generation): Turns accepting every transfer automatically on or off (admin scope).</summary>
public sealed record AutoAcceptWcpayCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "autoAcceptWcpay";

    internal override string KindName => ApiName;

    /// <summary>On (1) or off (0).</summary>
    public bool? Auto { get; init; }

    internal static AutoAcceptWcpayCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Auto = Flex.Bool(o, "auto"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Flag(w, "auto", Auto, asNumber: true);
    }
}

/// <summary><c>autoAcceptCard</c> (second generation): Turns adding every contact card received automatically on or off (admin scope).</summary>
public sealed record AutoAcceptCardCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "autoAcceptCard";

    internal override string KindName => ApiName;

    /// <summary>On (1) or off (0).</summary>
    public bool? Auto { get; init; }

    internal static AutoAcceptCardCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Auto = Flex.Bool(o, "auto"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Flag(w, "auto", Auto, asNumber: true);
    }
}

/// <summary><c>acceptOnewayFriend</c> (second generation): Adds a friend one way (confirmed again when the other side adds back).</summary>
public sealed record AcceptOnewayFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "acceptOnewayFriend";

    internal override string KindName => ApiName;

    /// <summary>Who to add.</summary>
    public string? Wxid { get; init; }

    internal static AcceptOnewayFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>searchContact</c> (second generation): Looks a user up by phone number, WeChat id or QQ number; answered by <c>reportSearchContact</c>.</summary>
public sealed record SearchContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "searchContact";

    internal override string KindName => ApiName;

    /// <summary>The phone number, WeChat id or QQ number.</summary>
    public string? Search { get; init; }

    internal static SearchContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Search = Flex.String(o, "search"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "search", Search);
    }
}

/// <summary><c>addSearchContact</c> (second generation): Sends a friend request to a user found by <c>searchContact</c>; answered by <c>reportAddFriendMessage</c>.</summary>
public sealed record AddSearchContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "addSearchContact";

    internal override string KindName => ApiName;

    /// <summary>The user's v1 ticket.</summary>
    public string? V1 { get; init; }

    /// <summary>The user's v2 ticket.</summary>
    public string? V2 { get; init; }

    /// <summary>The greeting.</summary>
    public string? Remark { get; init; }

    /// <summary>Where the contact was found (15 for a search).</summary>
    public int? Scene { get; init; }

    internal static AddSearchContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        V1 = Flex.String(o, "v1"),
        V2 = Flex.String(o, "v2"),
        Remark = Flex.String(o, "remark"),
        Scene = Flex.Int(o, "scene"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "v1", V1);
        OptionWriter.Text(w, "v2", V2);
        OptionWriter.Text(w, "remark", Remark);
        OptionWriter.Number(w, "scene", Scene, asNumber: true);
    }
}

/// <summary><c>getChatRooms</c> (second generation): Asks for the room list; answered by <c>reportChatRooms</c>.</summary>
public sealed record GetChatRoomsCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getChatRooms";

    internal override string KindName => ApiName;

    internal static GetChatRoomsCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getImRooms</c> (second generation): Asks for the enterprise room list; answered by <c>reportImRooms</c>.</summary>
public sealed record GetImRoomsCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getImRooms";

    internal override string KindName => ApiName;

    internal static GetImRoomsCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getSingleChatRoomMembers</c> (second generation): Asks for a room's members; answered by <c>reportSingleChatRoomMembers</c>.</summary>
public sealed record GetSingleChatRoomMembersCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getSingleChatRoomMembers";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    internal static GetSingleChatRoomMembersCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
    }
}

/// <summary><c>getSingleImRoomMembers</c> (second generation): Asks for an enterprise room's members; answered by <c>reportSingleImRoomMembers</c>.</summary>
public sealed record GetSingleImRoomMembersCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getSingleImRoomMembers";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    internal static GetSingleImRoomMembersCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
    }
}

/// <summary><c>updateChatRoom</c> (second generation): Refreshes a room's members over the network; answered by <c>reportSingleChatRoomMembers</c>.</summary>
public sealed record UpdateChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateChatRoom";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    internal static UpdateChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
    }
}

/// <summary><c>sendChatroomLow</c> (second generation): Adds friends to a room of under 40 members (no consent asked).</summary>
public sealed record SendChatroomLowCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendChatroomLow";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The friends to add.</summary>
    public IReadOnlyList<string>? WxidList { get; init; }

    internal static SendChatroomLowCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        WxidList = Flex.StringList(o, "wxidList", "wxidLists"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.List(w, "wxidList", WxidList);
    }
}

/// <summary><c>sendChatroomHigh</c> (second generation): Invites friends to a room of 40 members or more (each must accept).</summary>
public sealed record SendChatroomHighCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendChatroomHigh";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The friends to invite.</summary>
    public IReadOnlyList<string>? WxidList { get; init; }

    internal static SendChatroomHighCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        WxidList = Flex.StringList(o, "wxidList", "wxidLists"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.List(w, "wxidList", WxidList);
    }
}

/// <summary><c>delChatRoomMembers</c> (second generation): Removes members from a room (the account must be allowed to).</summary>
public sealed record DelChatRoomMembersCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "delChatRoomMembers";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The members to remove.</summary>
    public IReadOnlyList<string>? WxidList { get; init; }

    internal static DelChatRoomMembersCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        WxidList = Flex.StringList(o, "wxidList", "wxidLists"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.List(w, "wxidList", WxidList);
    }
}

/// <summary><c>sendChatRoomNotice</c> (second generation): Sets a room's announcement.</summary>
public sealed record SendChatRoomNoticeCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendChatRoomNotice";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The announcement.</summary>
    public string? Notice { get; init; }

    internal static SendChatRoomNoticeCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        Notice = Flex.String(o, "notice"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.Text(w, "notice", Notice);
    }
}

/// <summary><c>updateChatRoomDisplayName</c> (second generation): Sets the account's own nickname in a room.</summary>
public sealed record UpdateChatRoomDisplayNameCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateChatRoomDisplayName";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The nickname.</summary>
    public string? Nick { get; init; }

    internal static UpdateChatRoomDisplayNameCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        Nick = Flex.String(o, "nick", "name"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.Text(w, "nick", Nick);
    }
}

/// <summary><c>showDisplayName</c> (second generation): Shows or hides the members' room nicknames.</summary>
public sealed record ShowDisplayNameCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "showDisplayName";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>Show (1) or hide (0).</summary>
    public bool? Code { get; init; }

    internal static ShowDisplayNameCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        Code = Flex.Bool(o, "code"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.Flag(w, "code", Code, asNumber: true);
    }
}

/// <summary><c>quitDelChatRoom</c> (second generation): Leaves a room and deletes it.</summary>
public sealed record QuitDelChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "quitDelChatRoom";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    internal static QuitDelChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
    }
}

/// <summary><c>autoAcceptChatRoom</c> (second generation): Turns accepting every room invitation automatically on or off.</summary>
public sealed record AutoAcceptChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "autoAcceptChatRoom";

    internal override string KindName => ApiName;

    /// <summary>On (1) or off (0).</summary>
    public bool? Auto { get; init; }

    internal static AutoAcceptChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Auto = Flex.Bool(o, "auto"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Flag(w, "auto", Auto, asNumber: true);
    }
}

/// <summary><c>acceptQrcodeChatRoom</c> (second generation): Joins a room through its QR code; answered by <c>reportAcceptQrCodeChatRoom</c>.</summary>
public sealed record AcceptQrcodeChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "acceptQrcodeChatRoom";

    internal override string KindName => ApiName;

    /// <summary>The QR code's address.</summary>
    public string? Url { get; init; }

    internal static AcceptQrcodeChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Url = Flex.String(o, "url"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "url", Url);
    }
}

/// <summary><c>saveRoomToContact</c> (second generation): Saves a room to the contact book or removes it.</summary>
public sealed record SaveRoomToContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "saveRoomToContact";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>Save (1) or remove (0).</summary>
    public bool? Code { get; init; }

    internal static SaveRoomToContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        RoomWxid = Flex.String(o, "roomWxid", "roomwxid"),
        Code = Flex.Bool(o, "code"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "roomWxid", RoomWxid);
        OptionWriter.Flag(w, "code", Code, asNumber: true);
    }
}

/// <summary><c>transAnyMessage</c> (second generation): Forwards any message by its id (no longer works, says the vendor).</summary>
public sealed record TransAnyMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "transAnyMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The message.</summary>
    public string? MsgId { get; init; }

    internal static TransAnyMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        MsgId = Flex.String(o, "msgid", "msgId"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "msgid", MsgId);
    }
}

/// <summary><c>sendAtTextMessage</c> (second generation): Sends a text in a room mentioning members: each <c>{$@}</c> in the text stands for the next id of <c>atlist</c>.</summary>
public sealed record SendAtTextMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendAtTextMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The text, with one <c>{$@}</c> per mention.</summary>
    public string? Text { get; init; }

    /// <summary>The members mentioned, in the order of the placeholders.</summary>
    public IReadOnlyList<string>? AtList { get; init; }

    internal static SendAtTextMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Text = Flex.String(o, "text"),
        AtList = Flex.StringList(o, "atlist", "atList"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "text", Text);
        OptionWriter.List(w, "atlist", AtList);
    }
}

/// <summary><c>sendVideoMessage</c> (second generation): Sends a video from the client machine.</summary>
public sealed record SendVideoMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendVideoMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The video's path on the client machine.</summary>
    public string? VideoPath { get; init; }

    internal static SendVideoMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        VideoPath = Flex.String(o, "videoPath", "videopath"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "videoPath", VideoPath);
    }
}

/// <summary><c>sendGifMessage</c> (second generation): Sends a GIF sticker from the client machine.</summary>
public sealed record SendGifMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendGifMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The GIF's path on the client machine.</summary>
    public string? GifPath { get; init; }

    internal static SendGifMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        GifPath = Flex.String(o, "gifPath", "gifpath"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "gifPath", GifPath);
    }
}

/// <summary><c>sendLinkMessage</c> (second generation): Sends a web link card (the first generation's <c>sendXmlMessage</c>).</summary>
public sealed record SendLinkMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendLinkMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The card's title.</summary>
    public string? Title { get; init; }

    /// <summary>The link.</summary>
    public string? Url { get; init; }

    /// <summary>The card's description.</summary>
    public string? Desc { get; init; }

    /// <summary>The cover image URL.</summary>
    public string? Pic { get; init; }

    internal static SendLinkMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Title = Flex.String(o, "title"),
        Url = Flex.String(o, "url"),
        Desc = Flex.String(o, "desc"),
        Pic = Flex.String(o, "pic"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "title", Title);
        OptionWriter.Text(w, "url", Url);
        OptionWriter.Text(w, "desc", Desc);
        OptionWriter.Text(w, "pic", Pic);
    }
}

/// <summary><c>sendMiniMessage</c> (second generation): Sends a mini program, by the id of a message that carried it.</summary>
public sealed record SendMiniMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendMiniMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The message that carried the mini program.</summary>
    public string? MsgId { get; init; }

    internal static SendMiniMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        MsgId = Flex.String(o, "msgid", "msgId"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "msgid", MsgId);
    }
}

/// <summary><c>sendFavorite</c> (second generation): Sends an item of the favourites.</summary>
public sealed record SendFavoriteCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendFavorite";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The item, from <c>reportFavitems</c>.</summary>
    public string? LocalId { get; init; }

    internal static SendFavoriteCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        LocalId = Flex.String(o, "localId", "localid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "localId", LocalId);
    }
}

/// <summary><c>sendCardXmlMessage</c> (second generation): Sends a contact card given as XML.</summary>
public sealed record SendCardXmlMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendCardXmlMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The card's XML.</summary>
    public string? Xml { get; init; }

    internal static SendCardXmlMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Xml = Flex.String(o, "xml"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "xml", Xml);
    }
}

/// <summary><c>addPublic</c> (second generation): Follows an official account.</summary>
public sealed record AddPublicCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "addPublic";

    internal override string KindName => ApiName;

    /// <summary>The official account.</summary>
    public string? Wxid { get; init; }

    /// <summary>Where it was found; may be empty.</summary>
    public int? Scene { get; init; }

    internal static AddPublicCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Scene = Flex.Int(o, "scene"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Number(w, "scene", Scene);
    }
}

/// <summary><c>getFavorites</c> (second generation): Asks for the favourites; answered by <c>reportFavitems</c>.</summary>
public sealed record GetFavoritesCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getFavorites";

    internal override string KindName => ApiName;

    internal static GetFavoritesCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>addFavoriteFrom</c> (second generation): Adds a message to the favourites.</summary>
public sealed record AddFavoriteFromCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "addFavoriteFrom";

    internal override string KindName => ApiName;

    /// <summary>The conversation the message is in.</summary>
    public string? Wxid { get; init; }

    /// <summary>The message.</summary>
    public string? MsgId { get; init; }

    internal static AddFavoriteFromCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        MsgId = Flex.String(o, "msgid", "msgId"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "msgid", MsgId);
    }
}

/// <summary><c>transVoice</c> (second generation): Transcribes a voice message; answered by <c>reportTransVoice</c>.</summary>
public sealed record TransVoiceCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "transVoice";

    internal override string KindName => ApiName;

    /// <summary>The conversation the message is in.</summary>
    public string? Wxid { get; init; }

    /// <summary>The voice message.</summary>
    public string? MsgId { get; init; }

    internal static TransVoiceCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        MsgId = Flex.String(o, "msgid", "msgId"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "msgid", MsgId);
    }
}

/// <summary><c>zombieCheck</c> (second generation): Checks, without a trace, whether a friend still has the account as a friend; answered by <c>reportZombieCheckMessage</c>.</summary>
public sealed record ZombieCheckCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "zombieCheck";

    internal override string KindName => ApiName;

    /// <summary>The friend.</summary>
    public string? Wxid { get; init; }

    internal static ZombieCheckCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>decryptPic</c> (second generation): Decrypts one of WeChat's <c>.dat</c> pictures on the client machine; answered by <c>reportDecryptPicMessage</c>.</summary>
public sealed record DecryptPicCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "decryptPic";

    internal override string KindName => ApiName;

    /// <summary>The encrypted <c>.dat</c> file.</summary>
    public string? SrcFile { get; init; }

    /// <summary>Where to write the JPEG.</summary>
    public string? TarFile { get; init; }

    internal static DecryptPicCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        SrcFile = Flex.String(o, "srcfile", "srcFile"),
        TarFile = Flex.String(o, "tarfile", "tarFile"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "srcfile", SrcFile);
        OptionWriter.Text(w, "tarfile", TarFile);
    }
}

/// <summary><c>unreadMsgCountChange</c> (second generation): Asks for the number of unread messages.</summary>
public sealed record UnreadMsgCountChangeCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "unreadMsgCountChange";

    internal override string KindName => ApiName;

    internal static UnreadMsgCountChangeCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>clearChatHistory</c> (second generation): Deletes the account's chat history on the client machine (admin scope).</summary>
public sealed record ClearChatHistoryCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "clearChatHistory";

    internal override string KindName => ApiName;

    internal static ClearChatHistoryCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>scanQrcodePic</c> (second generation): Reads a QR code from a picture on the client machine; answered by <c>reportScanQrcodePic</c>.</summary>
public sealed record ScanQrcodePicCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "scanQrcodePic";

    internal override string KindName => ApiName;

    /// <summary>The picture's path on the client machine.</summary>
    public string? Pic { get; init; }

    internal static ScanQrcodePicCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Pic = Flex.String(o, "pic"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "pic", Pic);
    }
}

/// <summary><c>modRecvNotify</c> (second generation): Mutes or unmutes a conversation.</summary>
public sealed record ModRecvNotifyCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "modRecvNotify";

    internal override string KindName => ApiName;

    /// <summary>The contact or room.</summary>
    public string? Wxid { get; init; }

    /// <summary>Mute (1) or unmute (0).</summary>
    public bool? Code { get; init; }

    internal static ModRecvNotifyCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Code = Flex.Bool(o, "code"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Flag(w, "code", Code, asNumber: false);
    }
}

/// <summary><c>chatSessionTop</c> (second generation): Pins or unpins a conversation.</summary>
public sealed record ChatSessionTopCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "chatSessionTop";

    internal override string KindName => ApiName;

    /// <summary>The contact or room.</summary>
    public string? Wxid { get; init; }

    /// <summary>Pin (1) or unpin (0).</summary>
    public bool? Code { get; init; }

    internal static ChatSessionTopCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Code = Flex.Bool(o, "code"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Flag(w, "code", Code, asNumber: false);
    }
}

/// <summary><c>openBrowser</c> (second generation): Opens a page in WeChat's built-in browser on the client machine (admin scope).</summary>
public sealed record OpenBrowserCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "openBrowser";

    internal override string KindName => ApiName;

    /// <summary>The page.</summary>
    public string? Url { get; init; }

    internal static OpenBrowserCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Url = Flex.String(o, "url"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "url", Url);
    }
}

/// <summary><c>disableRevoke</c> (second generation): Turns keeping recalled messages on or off (admin scope).</summary>
public sealed record DisableRevokeCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "disableRevoke";

    internal override string KindName => ApiName;

    /// <summary>On (1) or off (0).</summary>
    public bool? Code { get; init; }

    internal static DisableRevokeCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Code = Flex.Bool(o, "code"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Flag(w, "code", Code, asNumber: false);
    }
}

/// <summary><c>checkUrlStatus</c> (second generation): Checks whether WeChat lets a URL open; answered by <c>reportCheckUrlStatus</c>.</summary>
public sealed record CheckUrlStatusCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "checkUrlStatus";

    internal override string KindName => ApiName;

    /// <summary>The URL.</summary>
    public string? Url { get; init; }

    internal static CheckUrlStatusCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Url = Flex.String(o, "url"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "url", Url);
    }
}

/// <summary><c>getSqlData</c> (second generation): Runs a query on one of WeChat's databases on the client machine; answered by <c>reportSqlData</c> (admin scope).</summary>
public sealed record GetSqlDataCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getSqlData";

    internal override string KindName => ApiName;

    /// <summary>The SQL query.</summary>
    public string? Sql { get; init; }

    /// <summary>Which database: 1 contacts and rooms, 2 avatars, 3 media, 4 chats, 5 favourites, 6 messages, 7 enterprise contacts.</summary>
    public int? Db { get; init; }

    /// <summary>A tag the answer carries back.</summary>
    public string? Extend { get; init; }

    internal static GetSqlDataCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Sql = Flex.String(o, "sql"),
        Db = Flex.Int(o, "db"),
        Extend = Flex.String(o, "extend"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "sql", Sql);
        OptionWriter.Number(w, "db", Db, asNumber: true);
        OptionWriter.Text(w, "extend", Extend);
    }
}

/// <summary><c>downloadFile</c> (second generation): Has the client download a file to its machine.</summary>
public sealed record DownloadFileCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "downloadFile";

    internal override string KindName => ApiName;

    /// <summary>The logged-in account, as the document asks for it.</summary>
    public string? Account { get; init; }

    /// <summary>The file's address.</summary>
    public string? Url { get; init; }

    internal static DownloadFileCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Account = Flex.String(o, "cwxid"),
        Url = Flex.String(o, "url"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "cwxid", Account);
        OptionWriter.Text(w, "url", Url);
    }
}
