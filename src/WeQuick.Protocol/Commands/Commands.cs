// One record per command of the spec; kept in one file because each is a few lines.
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary><c>openWeChat</c>: Starts a new WeChat instance (a new pid that polls with an empty wxid).</summary>
public sealed record OpenWeChatCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "openWeChat";

    internal override string KindName => ApiName;

    internal static OpenWeChatCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getLoginQrCode</c>: Asks the instance for its login QR code; answered by <c>reportLoginQrCode</c> carrying this <c>sendId</c>.</summary>
public sealed record GetLoginQrCodeCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getLoginQrCode";

    internal override string KindName => ApiName;

    internal static GetLoginQrCodeCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getLoginStatus</c>: Asks for the login status; answered by <c>loginStatus</c>.</summary>
public sealed record GetLoginStatusCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getLoginStatus";

    internal override string KindName => ApiName;

    internal static GetLoginStatusCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>logout</c>: Logs the account out; answered by <c>resLogout</c>.</summary>
public sealed record LogoutCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "logout";

    internal override string KindName => ApiName;

    internal static LogoutCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>sendTextMessage</c>: Sends a text to a contact or room.</summary>
public sealed record SendTextMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendTextMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>The text.</summary>
    public string? Text { get; init; }

    internal static SendTextMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Text = Flex.String(o, "text"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "text", Text);
    }
}

/// <summary><c>sendPicMessage</c>: Sends an image.</summary>
public sealed record SendPicMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendPicMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>A path on the client machine, or a URL.</summary>
    public string? ImgPath { get; init; }

    internal static SendPicMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        ImgPath = Flex.String(o, "imgPath"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "imgPath", ImgPath);
    }
}

/// <summary><c>sendFileMessage</c>: Sends a file (over 50 MB fails).</summary>
public sealed record SendFileMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendFileMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>A path on the client machine, or a URL.</summary>
    public string? FilePath { get; init; }

    internal static SendFileMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        FilePath = Flex.String(o, "filePath"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "filePath", FilePath);
    }
}

/// <summary>
/// <c>sendXmlMessage</c>: in the first generation, sends a web link card (<c>title</c>, <c>url</c>, <c>desc</c>,
/// <c>pic</c>); in the second, sends a message given as XML (<c>xml</c>), the link card having become
/// <see cref="SendLinkMessageCommand"/>. One model carries the fields of both.
/// </summary>
public sealed record SendXmlMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendXmlMessage";

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

    /// <summary>The message as XML (second generation).</summary>
    public string? Xml { get; init; }

    internal static SendXmlMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        Title = Flex.String(o, "title"),
        Url = Flex.String(o, "url"),
        Desc = Flex.String(o, "desc"),
        Pic = Flex.String(o, "pic"),
        Xml = Flex.String(o, "xml", "xmlmsg"),
        Shape = ShapeOf(o, ["title", "url", "desc", "pic"], ["xml", "xmlmsg"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        if (generation == InterfaceGenerations.V2)
        {
            OptionWriter.Text(w, "xml", Xml);
            return;
        }

        OptionWriter.Text(w, "title", Title);
        OptionWriter.Text(w, "url", Url);
        OptionWriter.Text(w, "desc", Desc);
        OptionWriter.Text(w, "pic", Pic);
    }
}

/// <summary><c>sendCardMessage</c>: Sends a contact card.</summary>
public sealed record SendCardMessageCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendCardMessage";

    internal override string KindName => ApiName;

    /// <inheritdoc/>
    public override string? Receiver => Wxid;

    /// <summary>The receiver: a contact or a room.</summary>
    public string? Wxid { get; init; }

    /// <summary>Whose card to send.</summary>
    public string? WxidCard { get; init; }

    internal static SendCardMessageCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        WxidCard = Flex.String(o, "wxidCard"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "wxidCard", WxidCard);
    }
}

/// <summary><c>sendChatroom</c>: Sends an invitation to a room.</summary>
public sealed record SendChatroomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "sendChatroom";

    internal override string KindName => ApiName;

    /// <summary>Who to invite.</summary>
    public string? Wxid { get; init; }

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    internal static SendChatroomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "chatroom", ChatRoom);
    }
}

/// <summary>
/// <c>getContact</c> (first generation): Asks for the contact list; answered by <c>reportContact</c>. A
/// <c>getContacts</c> that carries a <c>flag</c> (as a vendor demo sends it) decodes to this kind too; without one it is
/// the second generation's <see cref="GetContactsCommand"/>.
/// </summary>
public sealed record GetContactCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getContact";

    internal override string KindName => ApiName;

    /// <summary>Bitmask of what to report: 1 friends, 2 rooms, 4 official accounts (default 1).</summary>
    public int? Flag { get; init; }

    internal static GetContactCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Flag = Flex.Int(o, "flag"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Number(w, "flag", Flag);
    }
}

/// <summary><c>getUsersWxid</c>: Asks for the wxids of all contacts and official accounts; answered by <c>reportUsersWxid</c>.</summary>
public sealed record GetUsersWxidCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getUsersWxid";

    internal override string KindName => ApiName;

    internal static GetUsersWxidCommand Read(string? sendId, JsonElement o) => new() { SendId = sendId };

    internal override void WriteOption(Utf8JsonWriter w)
    {
    }
}

/// <summary><c>getUsersInfo</c>: Asks for profiles of 1–50 wxids; answered by <c>reportUsersInfo</c>.</summary>
public sealed record GetUsersInfoCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getUsersInfo";

    internal override string KindName => ApiName;

    /// <summary>The wxids (1 to 50).</summary>
    public IReadOnlyList<string>? WxidLists { get; init; }

    internal static GetUsersInfoCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        WxidLists = Flex.StringList(o, "wxidLists"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.List(w, "wxidLists", WxidLists);
    }
}

/// <summary><c>delUser</c>: Deletes a friend.</summary>
public sealed record DelUserCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "delUser";

    internal override string KindName => ApiName;

    /// <summary>The friend.</summary>
    public string? Wxid { get; init; }

    internal static DelUserCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary>
/// <c>acceptFriend</c>: Accepts a friend request with the tickets of its <c>reportFriendAddRequest</c>; the second
/// generation adds the request's <c>scene</c>.
/// </summary>
public sealed record AcceptFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "acceptFriend";

    internal override string KindName => ApiName;

    /// <summary>The request's v1.</summary>
    public string? V1 { get; init; }

    /// <summary>The request's v2.</summary>
    public string? V2 { get; init; }

    /// <summary>Where the request came from, from its XML (second generation): 6, 14, 15 or 17 as in <see cref="AddFriendCommand.Scene"/>.</summary>
    public int? Scene { get; init; }

    internal static AcceptFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        V1 = Flex.String(o, "v1"),
        V2 = Flex.String(o, "v2"),
        Scene = Flex.Int(o, "scene"),
        Shape = ShapeOf(o, [], ["scene"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        OptionWriter.Text(w, "v1", V1);
        OptionWriter.Text(w, "v2", V2);
        if (generation == InterfaceGenerations.V2 || Scene is not null)
        {
            // The first generation's document has no scene; a scene the command carries is written all the same.
            OptionWriter.Number(w, "scene", Scene);
        }
    }
}

/// <summary><c>updateAsName</c>: Sets a friend's remark.</summary>
public sealed record UpdateAsNameCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateAsName";

    internal override string KindName => ApiName;

    /// <summary>The friend.</summary>
    public string? Wxid { get; init; }

    /// <summary>The remark.</summary>
    public string? AsName { get; init; }

    internal static UpdateAsNameCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
        AsName = Flex.String(o, "asName"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "asName", AsName);
    }
}

/// <summary><c>getChatRoomUsers</c>: Asks for a room's members; answered by <c>reportChatRoomUserLists</c>.</summary>
public sealed record GetChatRoomUsersCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getChatRoomUsers";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? Wxid { get; init; }

    internal static GetChatRoomUsersCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>getChatRoomUserNick</c>: Asks for a member's room nickname; answered by <c>reportGetChatRoomUserNick</c>.</summary>
public sealed record GetChatRoomUserNickCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "getChatRoomUserNick";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The member.</summary>
    public string? Wxid { get; init; }

    internal static GetChatRoomUserNickCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "chatroom", ChatRoom);
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>delChatRoomUser</c>: Removes a member from a room (the account must be owner or admin).</summary>
public sealed record DelChatRoomUserCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "delChatRoomUser";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The member to remove.</summary>
    public string? Wxid { get; init; }

    internal static DelChatRoomUserCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
        Wxid = Flex.String(o, "wxid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "chatroom", ChatRoom);
        OptionWriter.Text(w, "wxid", Wxid);
    }
}

/// <summary><c>updateChatRoomName</c>: Renames a room (the room is <c>chatroom</c> in the first generation, <c>roomWxid</c> in the second).</summary>
public sealed record UpdateChatRoomNameCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateChatRoomName";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    internal static UpdateChatRoomNameCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom") ?? Flex.String(o, "roomWxid", "roomwxid"),
        Name = Flex.String(o, "name"),
        Shape = ShapeOf(o, ["chatroom", "chatRoom"], ["roomWxid", "roomwxid"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        OptionWriter.Text(w, generation == InterfaceGenerations.V2 ? "roomWxid" : "chatroom", ChatRoom);
        OptionWriter.Text(w, "name", Name);
    }
}

/// <summary><c>updateRoomAsName</c>: Sets the account's own nickname in a room (the field is also accepted as <c>name</c>).</summary>
public sealed record UpdateRoomAsNameCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "updateRoomAsName";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The nickname.</summary>
    public string? Nick { get; init; }

    internal static UpdateRoomAsNameCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
        Nick = Flex.String(o, "nick", "name"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "chatroom", ChatRoom);
        OptionWriter.Text(w, "nick", Nick);
    }
}

/// <summary>
/// <c>createChatRoom</c>: Creates a room with at least two friends (daily limits apply in WeChat). Both documents
/// print the list as <c>wxidLists</c>; real second-generation clients take <c>wxidList</c>, an array. Both keys are read.
/// </summary>
public sealed record CreateChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "createChatRoom";

    internal override string KindName => ApiName;

    /// <summary>The friends to add (at least 2).</summary>
    public IReadOnlyList<string>? WxidLists { get; init; }

    internal static CreateChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        WxidLists = Flex.StringList(o, "wxidLists", "wxidList"),
        Shape = ShapeOf(o, [], ["wxidList"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        OptionWriter.List(w, generation == InterfaceGenerations.V2 ? "wxidList" : "wxidLists", WxidLists);
    }
}

/// <summary><c>exitChatRoom</c>: Leaves a room.</summary>
public sealed record ExitChatRoomCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "exitChatRoom";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    internal static ExitChatRoomCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "chatroom", ChatRoom);
    }
}

/// <summary>
/// <c>acceptChatroomInvite</c>: Joins a room through the link of an invitation message (<c>url</c> in the first
/// generation; <c>wxid</c> of the inviting friend and <c>inviteurl</c> in the second).
/// </summary>
public sealed record AcceptChatroomInviteCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "acceptChatroomInvite";

    internal override string KindName => ApiName;

    /// <summary>The invitation link.</summary>
    public string? Url { get; init; }

    /// <summary>The friend who sent the invitation (second generation).</summary>
    public string? Wxid { get; init; }

    internal static AcceptChatroomInviteCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Url = Flex.String(o, "url") ?? Flex.String(o, "inviteurl", "inviteUrl"),
        Wxid = Flex.String(o, "wxid"),
        Shape = ShapeOf(o, ["url"], ["inviteurl", "inviteUrl", "wxid"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        if (generation == InterfaceGenerations.V2)
        {
            OptionWriter.Text(w, "wxid", Wxid);
            OptionWriter.Text(w, "inviteurl", Url);
            return;
        }

        OptionWriter.Text(w, "url", Url);
    }
}

/// <summary><c>acceptBankTransfer</c>: Accepts a transfer (the second generation's document drops the sender's <c>wxid</c>).</summary>
public sealed record AcceptBankTransferCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "acceptBankTransfer";

    internal override string KindName => ApiName;

    /// <summary>The transfer, from <c>reportTransferMessage</c>.</summary>
    public string? TransferId { get; init; }

    /// <summary>Who sent it.</summary>
    public string? Wxid { get; init; }

    internal static AcceptBankTransferCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        TransferId = Flex.String(o, "transferid", "transferId"),
        Wxid = Flex.String(o, "wxid"),

        // The shapes differ only by the sender, which the first generation has: a sender given says first generation.
        Shape = Flex.TryGet(o, "wxid", out _) ? InterfaceGenerations.V1 : InterfaceGenerations.None,
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        OptionWriter.Text(w, "transferid", TransferId);
        if (generation != InterfaceGenerations.V2 || Wxid is not null)
        {
            OptionWriter.Text(w, "wxid", Wxid);
        }
    }
}

/// <summary>
/// <c>uploadFile</c>: Uploads a client-side file to a URL; answered by <c>resUploadFile</c> with the server's numeric
/// reply. The first generation names the fields <c>fileUrl</c> and <c>upUrl</c>; the second <c>filepath</c> and
/// <c>url</c>, and adds the account as <c>cwxid</c>.
/// </summary>
public sealed record UploadFileCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "uploadFile";

    internal override string KindName => ApiName;

    /// <summary>The file's path on the client machine.</summary>
    public string? FileUrl { get; init; }

    /// <summary>Where to POST it.</summary>
    public string? UpUrl { get; init; }

    /// <summary>The logged-in account, as the second generation's document asks for it (<c>cwxid</c>).</summary>
    public string? Account { get; init; }

    internal static UploadFileCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        FileUrl = Flex.String(o, "fileUrl") ?? Flex.String(o, "filepath", "filePath"),
        UpUrl = Flex.String(o, "upUrl") ?? Flex.String(o, "url"),
        Account = Flex.String(o, "cwxid"),
        Shape = ShapeOf(o, ["fileUrl", "upUrl"], ["filepath", "filePath", "url", "cwxid"]),
    };

    internal override void WriteOption(Utf8JsonWriter w) => WriteOption(w, InterfaceGenerations.V1);

    internal override void WriteOption(Utf8JsonWriter w, InterfaceGenerations generation)
    {
        if (generation == InterfaceGenerations.V2)
        {
            OptionWriter.Text(w, "cwxid", Account);
            OptionWriter.Text(w, "filepath", FileUrl);
            OptionWriter.Text(w, "url", UpUrl);
            return;
        }

        OptionWriter.Text(w, "fileUrl", FileUrl);
        OptionWriter.Text(w, "upUrl", UpUrl);
    }
}

/// <summary><c>closeProcess</c>: Ends a WeChat process.</summary>
public sealed record CloseProcessCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "closeProcess";

    internal override string KindName => ApiName;

    /// <summary>The process id the instance polls with.</summary>
    public int? Pid { get; init; }

    internal static CloseProcessCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        Pid = Flex.Int(o, "pid"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Number(w, "pid", Pid);
    }
}

/// <summary><c>addRoomFriend</c>: Sends a friend request to a room member (not in the spec; sent by the vendor's demo server).</summary>
public sealed record AddRoomFriendCommand : Command
{
    /// <summary>The wire api.</summary>
    public const string ApiName = "addRoomFriend";

    internal override string KindName => ApiName;

    /// <summary>The room.</summary>
    public string? ChatRoom { get; init; }

    /// <summary>The member.</summary>
    public string? Wxid { get; init; }

    /// <summary>The greeting.</summary>
    public string? NoticeWord { get; init; }

    internal static AddRoomFriendCommand Read(string? sendId, JsonElement o) => new()
    {
        SendId = sendId,
        ChatRoom = Flex.String(o, "chatroom", "chatRoom"),
        Wxid = Flex.String(o, "wxid"),
        NoticeWord = Flex.String(o, "noticeWord"),
    };

    internal override void WriteOption(Utf8JsonWriter w)
    {
        OptionWriter.Text(w, "chatroom", ChatRoom);
        OptionWriter.Text(w, "wxid", Wxid);
        OptionWriter.Text(w, "noticeWord", NoticeWord);
    }
}
