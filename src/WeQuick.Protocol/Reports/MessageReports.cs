using System.Runtime.InteropServices;
using System.Text.Json;
using WeQuick.Protocol.Wire;

namespace WeQuick.Protocol;

/// <summary>
/// A chat message report (<c>data.msg</c>): the fields every message kind shares, and the domain view
/// later layers need — which conversation it belongs to, who sent it, and whether the account itself did.
/// </summary>
public abstract record MessageReport : Report
{
    /// <summary>WeChat's message type (1 text, 3 image, 34 voice, 43 video, 47 emoji, 42 card, 49xx app messages, 10000 system).</summary>
    public int? MsgType { get; init; }

    /// <summary>Whether the account itself sent the message (<c>myMsg</c>).</summary>
    public bool? MyMsg { get; init; }

    /// <summary>The room the message happened in; absent for private chats.</summary>
    public string? RoomWxid { get; init; }

    /// <summary>The sender (for the account's own messages, the account; sometimes the room).</summary>
    public string? WxidFrom { get; init; }

    /// <summary>The receiver (the room for room messages, the account for private messages to it).</summary>
    public string? WxidTo { get; init; }

    /// <summary>The sender's nickname in a room; often absent in private chats.</summary>
    public string? Nick { get; init; }

    /// <summary>WeChat's raw XML for the message, where the kind carries one.</summary>
    public string? XmlMsg { get; init; }

    /// <summary>WeChat's message id (<c>msgid</c>, second generation), usable to forward the message; kept as text.</summary>
    public string? MsgId { get; init; }

    /// <summary>Whether the message was sent from PC WeChat (<c>ispc</c>, second generation).</summary>
    public bool? IsPc { get; init; }

    /// <summary>When the message was sent, in Unix seconds (<c>timestamp</c>, second generation).</summary>
    public long? Timestamp { get; init; }

    /// <summary>True when the account itself sent the message: <c>myMsg</c>, or failing that the sender is the account.</summary>
    public bool IsSelf => MyMsg ?? (Account is not null && WxidFrom == Account);

    /// <summary>
    /// The room of the conversation: <c>roomWxid</c>, or whichever side is a room id. Real clients send the
    /// account's own room messages with <c>roomWxid</c> null and the room in <c>wxidFrom</c>.
    /// </summary>
    public string? Room => RoomWxid ?? (Wxids.IsRoom(WxidFrom) ? WxidFrom : Wxids.IsRoom(WxidTo) ? WxidTo : null);

    /// <summary>True for a room conversation.</summary>
    public bool IsRoom => Room is not null;

    /// <summary>The conversation: the room, or in a private chat the peer (the other side from the account).</summary>
    public string? ConversationId => Room ?? (IsSelf ? WxidTo : WxidFrom);

    /// <summary>Who sent it: the account for its own messages, otherwise the sending member or peer.</summary>
    public string? SenderWxid => IsSelf
        ? Account ?? (Wxids.IsRoom(WxidFrom) ? WxidTo : WxidFrom)
        : Wxids.IsRoom(WxidFrom) ? null : WxidFrom;

    /// <summary>The msgType the spec gives this kind, written when the model has none (none for kinds that span several types).</summary>
    internal abstract int? DefaultMsgType { get; }

    /// <summary>
    /// Second-generation-only kinds are written in that generation's flat shape (the fields straight under
    /// <c>data</c>, with <c>ispc</c>, <c>msgid</c> and <c>timestamp</c> always present); the kinds both
    /// generations have keep the first generation's <c>data.msg</c> shape and add the second generation's
    /// fields when the model has them.
    /// </summary>
    internal virtual bool Flat => false;

    /// <summary>Whether the spec prints this kind's timestamp as a string.</summary>
    internal virtual bool TimestampAsString => true;

    internal virtual bool HasMyMsg => true;

    /// <summary>Whether the spec prints this kind's msgType as a string.</summary>
    internal virtual bool MsgTypeAsString => false;

    /// <summary>The spec spells the field <c>msg_type</c> for mini-program and emoji messages.</summary>
    internal virtual string MsgTypeName => "msgType";

    internal virtual bool HasRoom => true;

    internal virtual bool HasNick => true;

    internal virtual bool HasXml => true;

    internal sealed override void WriteData(WireWriter w)
    {
        var json = w.Json;
        var flat = Flat || w.SecondGeneration;
        if (!flat)
        {
            json.WriteStartObject("msg");
        }

        w.Number(MsgTypeName, MsgType ?? DefaultMsgType, MsgTypeAsString);
        if (HasMyMsg || MyMsg is not null)
        {
            w.Flag("myMsg", MyMsg);
        }

        if (flat || IsPc is not null)
        {
            w.Flag("ispc", IsPc);
        }

        if (flat || MsgId is not null)
        {
            w.Text("msgid", MsgId);
        }

        if (HasRoom || RoomWxid is not null)
        {
            w.NullableText("roomWxid", RoomWxid);
        }

        w.Text("wxidFrom", WxidFrom);
        w.Text("wxidTo", WxidTo);
        if ((HasNick && !w.SecondGeneration) || Nick is not null)
        {
            if (Nick is null && w.RealClient && !IsRoom)
            {
                // Real clients leave nick out of private messages.
            }
            else
            {
                w.Text("nick", Nick);
            }
        }

        WriteExtra(w);
        if (HasXml || XmlMsg is not null)
        {
            w.Text("xmlmsg", XmlMsg);
        }

        if (flat || Timestamp is not null)
        {
            w.Number("timestamp", Timestamp, TimestampAsString);
        }

        if (!flat)
        {
            json.WriteEndObject();
        }
    }

    /// <summary>The kind's own fields, between <c>nick</c> and <c>xmlmsg</c> as the spec orders them.</summary>
    internal abstract void WriteExtra(WireWriter w);

    /// <summary>Reads the shared fields into a new message of the kind.</summary>
    internal static T ReadCommon<T>(ReportSource s, T empty, out JsonElement msg)
        where T : MessageReport
    {
        // data.msg per the spec; tolerate the fields straight under data.
        msg = Flex.ObjectOrSelf(s.Data, "msg");
        var f = CommonFields.Collect(msg);
        return empty with
        {
            Account = s.Account,
            MsgType = Flex.Int(Flex.Either(f.MsgType, f.MsgTypeAlternate)),
            MyMsg = Flex.Bool(f.MyMsg),
            RoomWxid = Flex.String(f.RoomWxid),
            WxidFrom = Flex.String(f.WxidFrom),
            WxidTo = Flex.String(f.WxidTo),
            Nick = Flex.String(f.Nick),
            XmlMsg = Flex.String(Flex.Either(f.XmlMsg, f.XmlMsgAlternate)),
            MsgId = Flex.String(Flex.Either(f.MsgId, f.MsgIdAlternate)),
            IsPc = Flex.Bool(f.IsPc),
            Timestamp = Flex.IsAbsent(f.Timestamp) ? null : Flex.AsLong(f.Timestamp),
        };
    }

    /// <summary>
    /// The shared fields of a message, found in one pass over <c>msg</c>: a lookup per field scans the object
    /// each time, and message reports are the hot path. Like a lookup, the last of duplicate names wins.
    /// </summary>
    internal struct CommonFields
    {
        public JsonElement MsgType;
        public JsonElement MsgTypeAlternate;
        public JsonElement MyMsg;
        public JsonElement RoomWxid;
        public JsonElement WxidFrom;
        public JsonElement WxidTo;
        public JsonElement Nick;
        public JsonElement XmlMsg;
        public JsonElement XmlMsgAlternate;
        public JsonElement MsgId;
        public JsonElement MsgIdAlternate;
        public JsonElement IsPc;
        public JsonElement Timestamp;

        public static CommonFields Collect(JsonElement msg)
        {
            var f = default(CommonFields);
            if (msg.ValueKind != JsonValueKind.Object)
            {
                return f;
            }

            foreach (var p in msg.EnumerateObject())
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(p);
                if (name.IndexOf((byte)'\\') >= 0)
                {
                    f.TakeEscaped(p);
                    continue;
                }

                switch (name.Length)
                {
                    case 4 when name.SequenceEqual("nick"u8):
                        f.Nick = p.Value;
                        break;
                    case 4 when name.SequenceEqual("ispc"u8):
                        f.IsPc = p.Value;
                        break;
                    case 5 when name.SequenceEqual("msgid"u8):
                        f.MsgId = p.Value;
                        break;
                    case 5 when name.SequenceEqual("msgId"u8):
                        f.MsgIdAlternate = p.Value;
                        break;
                    case 9 when name.SequenceEqual("timestamp"u8):
                        f.Timestamp = p.Value;
                        break;
                    case 5 when name.SequenceEqual("myMsg"u8):
                        f.MyMsg = p.Value;
                        break;
                    case 6 when name.SequenceEqual("wxidTo"u8):
                        f.WxidTo = p.Value;
                        break;
                    case 6 when name.SequenceEqual("xmlmsg"u8):
                        f.XmlMsg = p.Value;
                        break;
                    case 6 when name.SequenceEqual("xmlMsg"u8):
                        f.XmlMsgAlternate = p.Value;
                        break;
                    case 7 when name.SequenceEqual("msgType"u8):
                        f.MsgType = p.Value;
                        break;
                    case 8 when name.SequenceEqual("msg_type"u8):
                        f.MsgTypeAlternate = p.Value;
                        break;
                    case 8 when name.SequenceEqual("roomWxid"u8):
                        f.RoomWxid = p.Value;
                        break;
                    case 8 when name.SequenceEqual("wxidFrom"u8):
                        f.WxidFrom = p.Value;
                        break;
                }
            }

            return f;
        }

        // A name written with escapes (rare): compare it unescaped, as a lookup would.
        private void TakeEscaped(JsonProperty p)
        {
            if (p.NameEquals("nick"u8))
            {
                Nick = p.Value;
            }
            else if (p.NameEquals("ispc"u8))
            {
                IsPc = p.Value;
            }
            else if (p.NameEquals("msgid"u8))
            {
                MsgId = p.Value;
            }
            else if (p.NameEquals("msgId"u8))
            {
                MsgIdAlternate = p.Value;
            }
            else if (p.NameEquals("timestamp"u8))
            {
                Timestamp = p.Value;
            }
            else if (p.NameEquals("myMsg"u8))
            {
                MyMsg = p.Value;
            }
            else if (p.NameEquals("wxidTo"u8))
            {
                WxidTo = p.Value;
            }
            else if (p.NameEquals("xmlmsg"u8))
            {
                XmlMsg = p.Value;
            }
            else if (p.NameEquals("xmlMsg"u8))
            {
                XmlMsgAlternate = p.Value;
            }
            else if (p.NameEquals("msgType"u8))
            {
                MsgType = p.Value;
            }
            else if (p.NameEquals("msg_type"u8))
            {
                MsgTypeAlternate = p.Value;
            }
            else if (p.NameEquals("roomWxid"u8))
            {
                RoomWxid = p.Value;
            }
            else if (p.NameEquals("wxidFrom"u8))
            {
                WxidFrom = p.Value;
            }
        }
    }
}


/// <summary><c>reportTextMessage</c>: a text message (system senders put XML in <see cref="Message"/>).</summary>
public sealed record TextMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportTextMessage";

    internal override string KindName => ActionName;

    /// <summary>The text, exactly as sent (WeChat's private-use emoji and <c>[微笑]</c> tags included).</summary>
    public string? Message { get; init; }

    /// <summary>The members the message mentions (<c>atlist</c>, second generation); absent when it mentions none.</summary>
    public IReadOnlyList<string>? AtList { get; init; }

    internal override int? DefaultMsgType => 1;

    internal override bool HasXml => false;

    // The second generation's example prints the timestamp of a text message as a number.
    internal override bool TimestampAsString => false;

    internal static TextMessageReport Read(ReportSource s) => ReadCommon(s, new TextMessageReport(), out var m) with
    {
        Message = Flex.String(m, "message"),
        AtList = Flex.StringList(m, "atlist", "atList"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        w.Text("message", Message);
        if (AtList is not null)
        {
            w.TextList("atlist", AtList);
        }
    }
}

/// <summary><c>reportPicMessage</c>: an image; <see cref="FileIndex"/> is a path on the client machine.</summary>
public sealed record PicMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportPicMessage";

    internal override string KindName => ActionName;

    /// <summary>Where the client stored the image (WeChat's encrypted <c>.dat</c>; first generation).</summary>
    public string? FileIndex { get; init; }

    /// <summary>Where the client stored the image (<c>image</c>, second generation).</summary>
    public string? Image { get; init; }

    /// <summary>Where the client stored the thumbnail (<c>imagethumb</c>, second generation).</summary>
    public string? ImageThumb { get; init; }

    internal override int? DefaultMsgType => 3;

    internal static PicMessageReport Read(ReportSource s) => ReadCommon(s, new PicMessageReport(), out var m) with
    {
        FileIndex = Flex.String(m, "fileIndex"),
        Image = Flex.String(m, "image"),
        ImageThumb = Flex.String(m, "imagethumb", "imageThumb"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        if (FileIndex is not null || (Image is null && ImageThumb is null))
        {
            w.Text("fileIndex", FileIndex);
        }

        if (Image is not null)
        {
            w.Text("image", Image);
        }

        if (ImageThumb is not null)
        {
            w.Text("imagethumb", ImageThumb);
        }
    }
}

/// <summary><c>reportFileMessage</c>: a file; <see cref="FileIndex"/> is a path on the client machine.</summary>
public sealed record FileMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportFileMessage";

    internal override string KindName => ActionName;

    /// <summary>Where the client stored the file.</summary>
    public string? FileIndex { get; init; }

    internal override int? DefaultMsgType => 4901;

    internal override bool MsgTypeAsString => true;

    internal static FileMessageReport Read(ReportSource s) =>
        ReadCommon(s, new FileMessageReport(), out var m) with { FileIndex = Flex.String(m, "fileIndex") };

    internal override void WriteExtra(WireWriter w) => w.Text("fileIndex", FileIndex);
}

/// <summary><c>reportAddChatRoomMessage</c>: a room invitation link; pass <see cref="Url"/> to <c>acceptChatroomInvite</c>.</summary>
public sealed record AddChatRoomMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportAddChatRoomMessage";

    internal override string KindName => ActionName;

    /// <summary>The invitation link.</summary>
    public string? Url { get; init; }

    internal override int? DefaultMsgType => 4902;

    internal override bool MsgTypeAsString => true;

    internal static AddChatRoomMessageReport Read(ReportSource s) =>
        ReadCommon(s, new AddChatRoomMessageReport(), out var m) with { Url = Flex.String(m, "url") };

    internal override void WriteExtra(WireWriter w) => w.Text("url", Url);
}

/// <summary><c>reportMiniMessage</c>: a mini-program card; its content is in <see cref="MessageReport.XmlMsg"/>.</summary>
public sealed record MiniMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportMiniMessage";

    internal override string KindName => ActionName;

    internal override int? DefaultMsgType => 4903;

    internal override bool MsgTypeAsString => true;

    internal override string MsgTypeName => "msg_type";

    internal static MiniMessageReport Read(ReportSource s) => ReadCommon(s, new MiniMessageReport(), out _);

    internal override void WriteExtra(WireWriter w)
    {
    }
}

/// <summary><c>reportUrlMessage</c>: a web link card.</summary>
public sealed record UrlMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportUrlMessage";

    internal override string KindName => ActionName;

    /// <summary>The link's title.</summary>
    public string? Title { get; init; }

    /// <summary>The link.</summary>
    public string? Url { get; init; }

    /// <summary>The link's description.</summary>
    public string? Desc { get; init; }

    /// <summary>The cover image URL.</summary>
    public string? Pic { get; init; }

    internal override int? DefaultMsgType => 4904;

    internal override bool MsgTypeAsString => true;

    internal static UrlMessageReport Read(ReportSource s) => ReadCommon(s, new UrlMessageReport(), out var m) with
    {
        Title = Flex.String(m, "title"),
        Url = Flex.String(m, "url"),
        Desc = Flex.String(m, "desc"),
        Pic = Flex.String(m, "pic"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        w.Text("title", Title);
        w.Text("url", Url);
        w.Text("desc", Desc);
        w.Text("pic", Pic);
    }
}

/// <summary><c>reportTransferMessage</c>: a money transfer moving through its states (<see cref="PaySubtype"/>).</summary>
public sealed record TransferMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportTransferMessage";

    internal override string KindName => ActionName;

    /// <summary>The transfer id <c>acceptBankTransfer</c> needs.</summary>
    public string? TransferId { get; init; }

    /// <summary>1 sent (either way), 3 accepted (either way), 4 returned (either way).</summary>
    public int? PaySubtype { get; init; }

    /// <summary>The transfer's memo.</summary>
    public string? PayMemo { get; init; }

    /// <summary>The amount as WeChat prints it (e.g. <c>￥0.01</c>).</summary>
    public string? FeeDesc { get; init; }

    internal override int? DefaultMsgType => 4905;

    internal override bool MsgTypeAsString => true;

    internal override bool HasRoom => false;

    internal static TransferMessageReport Read(ReportSource s) => ReadCommon(s, new TransferMessageReport(), out var m) with
    {
        TransferId = Flex.String(m, "transferid", "transferId"),
        PaySubtype = Flex.Int(m, "paysubtype", "paySubtype"),
        PayMemo = Flex.String(m, "paymemo", "payMemo"),
        FeeDesc = Flex.String(m, "feedesc", "feeDesc"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        w.Text("transferid", TransferId);
        w.Number("paysubtype", PaySubtype, specAsString: true);
        w.Text("paymemo", PayMemo);
        w.Text("feedesc", FeeDesc);
    }
}

/// <summary><c>reportCardMessage</c>: a contact card; its content is in <see cref="MessageReport.XmlMsg"/>.</summary>
public sealed record CardMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportCardMessage";

    internal override string KindName => ActionName;

    internal override int? DefaultMsgType => 42;

    internal static CardMessageReport Read(ReportSource s) => ReadCommon(s, new CardMessageReport(), out _);

    internal override void WriteExtra(WireWriter w)
    {
    }
}

/// <summary><c>reportGifMessage</c>: an emoji sticker.</summary>
public sealed record GifMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportGifMessage";

    internal override string KindName => ActionName;

    /// <summary>The sticker's URL (real clients sometimes send garbage here; it is kept verbatim).</summary>
    public string? Url { get; init; }

    internal override int? DefaultMsgType => 47;

    internal override string MsgTypeName => "msg_type";

    internal static GifMessageReport Read(ReportSource s) =>
        ReadCommon(s, new GifMessageReport(), out var m) with { Url = Flex.String(m, "url") };

    internal override void WriteExtra(WireWriter w) => w.Text("url", Url);
}

/// <summary><c>reportVoiceMessage</c>: a voice message; <see cref="VoiceIndex"/> is a path on the client machine.</summary>
public sealed record VoiceMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportVoiceMessage";

    internal override string KindName => ActionName;

    /// <summary>Where the client stored the audio.</summary>
    public string? VoiceIndex { get; init; }

    /// <summary>Where the client stored the audio converted to MP3 (<c>mp3Index</c>, second generation).</summary>
    public string? Mp3Index { get; init; }

    internal override int? DefaultMsgType => 34;

    internal static VoiceMessageReport Read(ReportSource s) => ReadCommon(s, new VoiceMessageReport(), out var m) with
    {
        VoiceIndex = Flex.String(m, "voiceIndex"),
        Mp3Index = Flex.String(m, "mp3Index", "mp3index"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        w.Text("voiceIndex", VoiceIndex);
        if (Mp3Index is not null)
        {
            w.Text("mp3Index", Mp3Index);
        }
    }
}

/// <summary><c>reportVideoMessage</c>: a video; the paths are on the client machine.</summary>
public sealed record VideoMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportVideoMessage";

    internal override string KindName => ActionName;

    /// <summary>Where the client stored the cover image.</summary>
    public string? CoverIndex { get; init; }

    /// <summary>Where the client stored the video.</summary>
    public string? VideoIndex { get; init; }

    internal override int? DefaultMsgType => 43;

    internal static VideoMessageReport Read(ReportSource s) => ReadCommon(s, new VideoMessageReport(), out var m) with
    {
        CoverIndex = Flex.String(m, "coverIndex"),
        VideoIndex = Flex.String(m, "videoIndex"),
    };

    internal override void WriteExtra(WireWriter w)
    {
        w.Text("coverIndex", CoverIndex);
        w.Text("videoIndex", VideoIndex);
    }
}

/// <summary><c>reportChatroomMessage</c>: a room system notice (renames, joins, new owner, red packets …).</summary>
public sealed record ChatroomMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportChatroomMessage";

    internal override string KindName => ActionName;

    /// <summary>The notice as plain text.</summary>
    public string? Message { get; init; }

    internal override int? DefaultMsgType => 10000;

    internal override bool HasNick => false;

    internal override bool HasXml => false;

    internal static ChatroomMessageReport Read(ReportSource s) =>
        ReadCommon(s, new ChatroomMessageReport(), out var m) with { Message = Flex.String(m, "message") };

    internal override void WriteExtra(WireWriter w) => w.Text("message", Message);
}

/// <summary><c>reportSystemMessage</c>: another WeChat system notice (e.g. "消息已发出，但被对方拒收了").</summary>
public sealed record SystemMessageReport : MessageReport
{
    /// <summary>The wire action.</summary>
    public const string ActionName = "reportSystemMessage";

    /// <summary>The notice WeChat shows when the peer no longer has the account as a friend.</summary>
    public const string RejectedByPeerText = "消息已发出，但被对方拒收了";

    internal override string KindName => ActionName;

    /// <summary>The notice as plain text.</summary>
    public string? Message { get; init; }

    internal override int? DefaultMsgType => 10000;

    internal override bool HasNick => false;

    internal override bool HasXml => false;

    internal static SystemMessageReport Read(ReportSource s) =>
        ReadCommon(s, new SystemMessageReport(), out var m) with { Message = Flex.String(m, "message") };

    internal override void WriteExtra(WireWriter w) => w.Text("message", Message);
}
