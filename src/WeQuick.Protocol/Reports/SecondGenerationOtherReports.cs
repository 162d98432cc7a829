using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary><c>reportZombieCheckMessage</c> (second generation): whether a friend still has the account as a friend.</summary>
public sealed record ZombieCheckMessageReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportZombieCheckMessage";

    internal override string KindName => ActionName;

    /// <summary>The friend checked.</summary>
    public string? Wxid { get; init; }

    /// <summary>0 still a friend; 1 blocked the account; 2 deleted the account; 3 gone for another reason.</summary>
    public int? Status { get; init; }

    internal static ZombieCheckMessageReport Read(ReportSource s) => new() { Account = s.Account, Wxid = Flex.String(s.Data, "wxid"), Status = Flex.Int(s.Data, "status") };

    internal override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary><c>reportDecryptPicMessage</c> (second generation): an image decrypted from WeChat's <c>.dat</c> file.</summary>
public sealed record DecryptPicMessageReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportDecryptPicMessage";

    internal override string KindName => ActionName;

    /// <summary>The encrypted <c>.dat</c> file on the client machine.</summary>
    public string? SrcFile { get; init; }

    /// <summary>The decrypted image on the client machine.</summary>
    public string? TarFile { get; init; }

    /// <summary>1 decrypted, 0 failed.</summary>
    public int? Status { get; init; }

    internal static DecryptPicMessageReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        SrcFile = Flex.String(s.Data, "srcfile", "srcFile"),
        TarFile = Flex.String(s.Data, "tarfile", "tarFile"),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("srcfile", SrcFile);
        w.Text("tarfile", TarFile);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary><c>reportQrCodeWcPay</c> (second generation): someone paid the account through its payment QR code.</summary>
public sealed record QrCodeWcPayReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportQrCodeWcPay";

    internal override string KindName => ActionName;

    /// <summary>The payer.</summary>
    public string? Wxid { get; init; }

    /// <summary>The payer's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>The amount in fen (分).</summary>
    public long? Fee { get; init; }

    /// <summary>The payment type, as the client gives it.</summary>
    public string? FeeType { get; init; }

    /// <summary>The order number.</summary>
    public string? OrderNo { get; init; }

    /// <summary>When it was paid, in Unix seconds.</summary>
    public long? Timestamp { get; init; }

    internal static QrCodeWcPayReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Wxid = Flex.String(s.Data, "wxid"),
        Nick = Flex.String(s.Data, "nick"),
        Fee = Flex.Long(s.Data, "fee"),
        FeeType = Flex.String(s.Data, "feetype", "feeType"),
        OrderNo = Flex.String(s.Data, "orderno", "orderNo"),
        Timestamp = Flex.Long(s.Data, "timestamp"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Text("nick", Nick);
        w.Number("fee", Fee, specAsString: true);
        w.Text("feetype", FeeType);
        w.Text("orderno", OrderNo);
        w.Number("timestamp", Timestamp, specAsString: true);
    }
}

/// <summary>One saved item (收藏) of <c>reportFavitems</c>; the fields are kept as the client gives them.</summary>
public sealed record FavItem
{
    /// <summary>Who the item came from.</summary>
    public string? FromUser { get; init; }

    /// <summary>The item's local id.</summary>
    public string? LocalId { get; init; }

    /// <summary>The room member it came from, for items saved from a room.</summary>
    public string? RoomMember { get; init; }

    /// <summary>The item's title.</summary>
    public string? Title { get; init; }

    /// <summary>The item's type.</summary>
    public string? ItemType { get; init; }

    /// <summary>When the item was last updated.</summary>
    public string? UpdateTime { get; init; }

    /// <summary>WeChat's raw XML for the item.</summary>
    public string? Xml { get; init; }

    internal static FavItem Read(JsonElement o) => new()
    {
        FromUser = Flex.String(o, "fromUser"),
        LocalId = Flex.String(o, "localId"),
        RoomMember = Flex.String(o, "roomMember"),
        Title = Flex.String(o, "title"),
        ItemType = Flex.String(o, "type"),
        UpdateTime = Flex.String(o, "updateTime"),
        Xml = Flex.String(o, "xml"),
    };

    internal void Write(WireWriter w)
    {
        w.Text("fromUser", FromUser);
        w.Text("localId", LocalId);
        w.Text("roomMember", RoomMember);
        w.Text("title", Title);
        w.Text("type", ItemType);
        w.Text("updateTime", UpdateTime);
        w.Text("xml", Xml);
    }
}

/// <summary><c>reportFavitems</c> (second generation): the account's saved items.</summary>
public sealed record FavitemsReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportFavitems";

    internal override string KindName => ActionName;

    /// <summary>The saved items.</summary>
    public IReadOnlyList<FavItem>? Items { get; init; }

    /// <summary>Whether the list could be read (1 yes).</summary>
    public int? Status { get; init; }

    internal static FavitemsReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Items = Flex.ObjectList(s.Data, "items", FavItem.Read),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.ObjectList("items", Items, static (w, i) => i.Write(w));
        w.Number("status", Status, specAsString: false);
    }
}

/// <summary><c>reportAddFriendMessage</c> (second generation): the outcome of an <c>addFriend</c> command.</summary>
public sealed record AddFriendMessageReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportAddFriendMessage";

    internal override string KindName => ActionName;

    /// <summary>The person asked.</summary>
    public string? Wxid { get; init; }

    /// <summary>0 sent; 1 refused by their privacy settings; 2 too frequent; 3 no v2 ticket; negative: other errors.</summary>
    public int? Status { get; init; }

    internal static AddFriendMessageReport Read(ReportSource s) => new() { Account = s.Account, Wxid = Flex.String(s.Data, "wxid"), Status = Flex.Int(s.Data, "status") };

    internal override void WriteData(WireWriter w)
    {
        w.Text("wxid", Wxid);
        w.Number("status", Status, specAsString: false);
    }
}

/// <summary><c>reportSqlData</c> (second generation): the result of a database query command.</summary>
public sealed record SqlDataReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSqlData";

    internal override string KindName => ActionName;

    /// <summary>The result as the client gives it (JSON that is not a string is kept as its text).</summary>
    public string? Result { get; init; }

    /// <summary>The tag the command carried, if any.</summary>
    public string? Extend { get; init; }

    internal static SqlDataReport Read(ReportSource s) => new() { Account = s.Account, Result = Flex.String(s.Data, "result"), Extend = Flex.String(s.Data, "extend") };

    internal override void WriteData(WireWriter w)
    {
        w.Text("result", Result);
        w.Text("extend", Extend);
    }
}

/// <summary><c>reportScanQrcodePic</c> (second generation): what a QR image decoded to.</summary>
public sealed record ScanQrcodePicReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportScanQrcodePic";

    internal override string KindName => ActionName;

    /// <summary>The QR image.</summary>
    public string? Pic { get; init; }

    /// <summary>The QR code's content.</summary>
    public string? Content { get; init; }

    /// <summary>The QR code's type (the wire's <c>type</c>).</summary>
    public string? CodeType { get; init; }

    /// <summary>1 decoded, 0 failed.</summary>
    public int? Status { get; init; }

    internal static ScanQrcodePicReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Pic = Flex.String(s.Data, "pic"),
        Content = Flex.String(s.Data, "content"),
        CodeType = Flex.String(s.Data, "type"),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("pic", Pic);
        w.Text("content", Content);
        w.Text("type", CodeType);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary><c>reportTalkerChange</c> (second generation): the chat open in PC WeChat changed.</summary>
public sealed record TalkerChangeReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportTalkerChange";

    internal override string KindName => ActionName;

    /// <summary>The chat now open: a friend, a room or an official account (the room fields only for a room).</summary>
    public RoomSummary? User { get; init; }

    /// <summary>1 a friend, 2 a room, 3 an official account (the wire's <c>type</c>).</summary>
    public int? TalkerType { get; init; }

    /// <summary>The status, as the client gives it.</summary>
    public int? Status { get; init; }

    internal static TalkerChangeReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        User = Flex.TryGet(s.Data, "user", out var u) && u.ValueKind == JsonValueKind.Object ? RoomSummary.Read(u) : null,
        TalkerType = Flex.Int(s.Data, "type"),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        var u = User ?? new RoomSummary();
        w.Json.WriteStartObject("user");
        w.Text("wxid", u.Wxid);
        w.Text("nick", u.Nick);
        w.Text("headPic", u.HeadPic);
        w.Flag("isowner", u.IsOwner);
        w.Text("owner", u.Owner);
        w.Number("roomcount", u.RoomCount, specAsString: true);
        if (u.UserLists is not null)
        {
            w.TextList("userLists", u.UserLists);
        }

        w.Json.WriteEndObject();
        w.Number("type", TalkerType, specAsString: true);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary><c>reportTransVoice</c> (second generation): a voice message turned into text.</summary>
public sealed record TransVoiceReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportTransVoice";

    internal override string KindName => ActionName;

    /// <summary>WeChat's message type of the voice message.</summary>
    public int? MsgType { get; init; }

    /// <summary>The voice message's id (the wire spells it <c>msgId</c> here).</summary>
    public string? MsgId { get; init; }

    /// <summary>The room, for a room message.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The sender.</summary>
    public string? WxidFrom { get; init; }

    /// <summary>The receiver.</summary>
    public string? WxidTo { get; init; }

    /// <summary>The text.</summary>
    public string? Text { get; init; }

    /// <summary>The status, as the client gives it.</summary>
    public int? Status { get; init; }

    internal static TransVoiceReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        MsgType = Flex.Int(s.Data, "msgType", "msg_type"),
        MsgId = Flex.String(s.Data, "msgId", "msgid"),
        RoomWxid = Flex.String(s.Data, "roomWxid"),
        WxidFrom = Flex.String(s.Data, "wxidFrom"),
        WxidTo = Flex.String(s.Data, "wxidTo"),
        Text = Flex.String(s.Data, "text"),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Number("msgType", MsgType, specAsString: true);
        w.Text("msgId", MsgId);
        w.Text("roomWxid", RoomWxid);
        w.Text("wxidFrom", WxidFrom);
        w.Text("wxidTo", WxidTo);
        w.Text("text", Text);
        w.Number("status", Status, specAsString: true);
    }
}

/// <summary><c>reportCheckUrlStatus</c> (second generation): whether a URL can be opened.</summary>
public sealed record CheckUrlStatusReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportCheckUrlStatus";

    internal override string KindName => ActionName;

    /// <summary>The URL checked.</summary>
    public string? Url { get; init; }

    /// <summary>Where it leads.</summary>
    public string? RealUrl { get; init; }

    /// <summary>0 it opens; negative: it does not.</summary>
    public int? Status { get; init; }

    internal static CheckUrlStatusReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Url = Flex.String(s.Data, "url"),
        RealUrl = Flex.String(s.Data, "realUrl", "realurl"),
        Status = Flex.Int(s.Data, "status"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("url", Url);
        w.Text("realUrl", RealUrl);
        w.Number("status", Status, specAsString: true);
    }
}
