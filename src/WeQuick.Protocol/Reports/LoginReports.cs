using System.Text.Json.Serialization;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// A login QR code, whichever generation reported it: <c>reportLoginQrCode</c> (first) or
/// <c>reportQrCodeMessage</c> (second). Read <see cref="QrBase64"/> to show it either way.
/// </summary>
public abstract record LoginQrReport : Report
{
    /// <summary>The QR image as base64, whichever field of its kind carries it.</summary>
    [JsonIgnore]
    public abstract string? QrBase64 { get; }
}

/// <summary><c>reportLoginQrCode</c>: the login QR code, asked for by <c>getLoginQrCode</c>.</summary>
public sealed record LoginQrCodeReport : LoginQrReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportLoginQrCode";

    internal override string KindName => ActionName;

    /// <summary>The QR image as base64 (usable directly as an <c>img</c> <c>src</c>).</summary>
    public string? Message { get; init; }

    /// <summary>The <c>sendId</c> of the <c>getLoginQrCode</c> command this answers.</summary>
    public string? SendId { get; init; }

    /// <inheritdoc />
    public override string? QrBase64 => Message;

    internal static LoginQrCodeReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        Message = Flex.String(s.Data, "message"),
        SendId = Flex.String(s.Data, "sendId", "sendID"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("message", Message);
        w.Text("sendId", SendId);
    }
}

/// <summary><c>loginStatus</c>: whether the instance is logged in.</summary>
public sealed record LoginStatusReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "loginStatus";

    internal override string KindName => ActionName;

    /// <summary>1 logged in, 0 not.</summary>
    public int? Code { get; init; }

    /// <summary>True when <see cref="Code"/> is 1.</summary>
    public bool LoggedIn => Code == 1;

    internal static LoginStatusReport Read(ReportSource s) => new() { Account = s.Account, Code = Flex.Int(s.Data, "code") };

    internal override void WriteData(WireWriter w) => w.Number("code", Code, specAsString: true);
}

/// <summary><c>reportLoginUser</c>: the profile of the account that just logged in.</summary>
public sealed record LoginUserReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportLoginUser";

    internal override string KindName => ActionName;

    /// <summary>The account's wxid.</summary>
    public string? Wxid { get; init; }

    /// <summary>The account's WeChat number; may be absent.</summary>
    public string? Username { get; init; }

    /// <summary>The account's nickname.</summary>
    public string? Nick { get; init; }

    /// <summary>A remark; usually absent for the account itself.</summary>
    public string? AsName { get; init; }

    /// <summary>URL of the avatar.</summary>
    public string? HeadPic { get; init; }

    /// <summary>1 male, 2 female, 0 unknown.</summary>
    public int? Sex { get; init; }

    /// <summary>Country, when known.</summary>
    public string? Country { get; init; }

    /// <summary>Province, when known.</summary>
    public string? Province { get; init; }

    /// <summary>City, when known.</summary>
    public string? City { get; init; }

    /// <summary>WeChat's numeric user id.</summary>
    public long? Uin { get; init; }

    /// <summary>Sent by real clients (under <c>data.info</c>); not in the spec.</summary>
    public int? IsFriend { get; init; }

    /// <summary>The account's phone number (<c>phone</c>, second generation).</summary>
    public string? Phone { get; init; }

    /// <summary>How many messages are unread (<c>unreadmsg</c>, second generation).</summary>
    public int? UnreadMsg { get; init; }

    /// <summary>The account's WeChat cache folder on the client machine (<c>wxdir</c>, second generation).</summary>
    public string? WxDir { get; init; }

    internal static LoginUserReport Read(ReportSource s)
    {
        // The spec shows the fields flat under data; real clients nest them under data.info.
        var d = Flex.ObjectOrSelf(s.Data, "info");
        return new LoginUserReport
        {
            Account = s.Account,
            Wxid = Flex.String(d, "wxid"),

            // The second generation calls the WeChat number alias (docs/protocol-notes.md).
            Username = Flex.String(d, "username", "alias"),
            Nick = Flex.String(d, "nick"),
            AsName = Flex.String(d, "asName", "remark"),
            HeadPic = Flex.String(d, "headPic"),
            Sex = Flex.Int(d, "sex"),
            Country = Flex.String(d, "country"),
            Province = Flex.String(d, "province"),
            City = Flex.String(d, "city"),
            Uin = Flex.Long(d, "uin"),
            IsFriend = Flex.Int(d, "isFriend"),
            Phone = Flex.String(d, "phone"),
            UnreadMsg = Flex.Int(d, "unreadmsg", "unreadMsg"),
            WxDir = Flex.String(d, "wxdir", "wxDir"),
        };
    }

    internal override void WriteData(WireWriter w)
    {
        var json = w.Json;
        if (w.RealClient)
        {
            json.WriteStartObject("info");
        }

        w.Text("wxid", Wxid);
        w.Text("username", Username);
        w.Text("nick", Nick);
        w.Text("asName", AsName);
        w.Text("headPic", HeadPic);
        w.Number("sex", Sex, specAsString: false);
        w.Text("country", Country);
        w.Text("province", Province);
        w.Text("city", City);
        if (Uin is { } uin)
        {
            json.WriteNumber("uin", uin);
        }

        if (w.RealClient)
        {
            w.Number("isFriend", IsFriend ?? 1, specAsString: false);
        }
        else if (IsFriend is { } isFriend)
        {
            // Not in the spec's shape, but a known value is never dropped.
            json.WriteNumber("isFriend", isFriend);
        }

        // The second generation's fields: always in its shape, else when known.
        if (w.SecondGeneration && Username is not null)
        {
            w.Text("alias", Username);
        }

        if (Phone is not null || w.SecondGeneration)
        {
            w.Text("phone", Phone);
        }

        if (UnreadMsg is not null || w.SecondGeneration)
        {
            w.Number("unreadmsg", UnreadMsg, specAsString: true);
        }

        if (WxDir is not null || w.SecondGeneration)
        {
            w.Text("wxdir", WxDir);
        }

        if (w.RealClient)
        {
            json.WriteEndObject();
        }
    }
}

/// <summary><c>reportLogout</c>: the account was logged out from PC WeChat's button or from the phone.</summary>
public sealed record LogoutReport : Report
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportLogout";

    internal override string KindName => ActionName;

    /// <summary>1 logged out, 0 other.</summary>
    public int? Code { get; init; }

    internal static LogoutReport Read(ReportSource s) => new() { Account = s.Account, Code = Flex.Int(s.Data, "code") };

    internal override void WriteData(WireWriter w) => w.Number("code", Code, specAsString: true);
}

/// <summary><c>reportQrCodeMessage</c> (second generation): the login QR code, as a saved file and as base64.</summary>
public sealed record QrCodeMessageReport : LoginQrReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportQrCodeMessage";

    internal override string KindName => ActionName;

    /// <summary>Where the client saved the QR image.</summary>
    public string? File { get; init; }

    /// <summary>The QR image as base64.</summary>
    public string? Base64 { get; init; }

    /// <inheritdoc />
    public override string? QrBase64 => Base64;

    internal static QrCodeMessageReport Read(ReportSource s) => new()
    {
        Account = s.Account,
        File = Flex.String(s.Data, "file"),
        Base64 = Flex.String(s.Data, "base64"),
    };

    internal override void WriteData(WireWriter w)
    {
        w.Text("file", File);
        w.Text("base64", Base64);
    }
}
