using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary><c>reportLocationMessage</c> (second generation): a shared location; its content is in <see cref="MessageReport.XmlMsg"/>.</summary>
public sealed record LocationMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportLocationMessage";

    internal override string KindName => ActionName;

    internal override int? DefaultMsgType => 48;

    internal override bool Flat => true;

    internal override bool HasNick => false;

    internal static LocationMessageReport Read(ReportSource s) => ReadCommon(s, new LocationMessageReport(), out _);

    internal override void WriteExtra(WireWriter w)
    {
    }
}

/// <summary>
/// <c>reportLinkMessage</c> (second generation): a web link card or a room invitation link; its content is in
/// <see cref="MessageReport.XmlMsg"/>. The first generation reported these as <c>reportUrlMessage</c> and
/// <c>reportAddChatRoomMessage</c> with the fields taken out of the XML.
/// </summary>
public sealed record LinkMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportLinkMessage";

    internal override string KindName => ActionName;

    internal override int? DefaultMsgType => 49;

    internal override bool Flat => true;

    internal override bool HasNick => false;

    internal static LinkMessageReport Read(ReportSource s) => ReadCommon(s, new LinkMessageReport(), out _);

    internal override void WriteExtra(WireWriter w)
    {
    }
}

/// <summary><c>reportOtherMessage</c> (second generation): a message of a type no other kind covers.</summary>
public sealed record OtherMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportOtherMessage";

    internal override string KindName => ActionName;

    /// <summary>The message's content as the client gives it.</summary>
    public string? Message { get; init; }

    // The kind spans message types: none is written when the model has none.
    internal override int? DefaultMsgType => null;

    internal override bool MsgTypeAsString => true;

    internal override bool Flat => true;

    internal override bool HasNick => false;

    internal override bool HasXml => false;

    internal static OtherMessageReport Read(ReportSource s) =>
        ReadCommon(s, new OtherMessageReport(), out var m) with { Message = Flex.String(m, "message") };

    internal override void WriteExtra(WireWriter w) => w.Text("message", Message);
}

/// <summary><c>reportOtherAppMessage</c> (second generation): an app message (type 49) of a sub-type no other kind covers.</summary>
public sealed record OtherAppMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportOtherAppMessage";

    internal override string KindName => ActionName;

    /// <summary>The message's content as the client gives it.</summary>
    public string? Message { get; init; }

    internal override int? DefaultMsgType => null;

    internal override bool MsgTypeAsString => true;

    internal override bool Flat => true;

    internal override bool HasNick => false;

    internal override bool HasXml => false;

    internal static OtherAppMessageReport Read(ReportSource s) =>
        ReadCommon(s, new OtherAppMessageReport(), out var m) with { Message = Flex.String(m, "message") };

    internal override void WriteExtra(WireWriter w) => w.Text("message", Message);
}
