using System.Xml.Linq;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>The kinds of message someone else can send an account (scenario steps, load mode).</summary>
internal enum IncomingKind
{
    Text,
    Pic,
    File,
    Voice,
    Video,
    Gif,
    Url,
    Card,
    Mini,
    System,

    /// <summary>A shared location (the second generation's <c>reportLocationMessage</c>; first-generation clients do not report it).</summary>
    Location,

    /// <summary>A call notice (the second generation's <c>reportOtherMessage</c>).</summary>
    Other,

    /// <summary>An app message of no other kind, a shared song (the second generation's <c>reportOtherAppMessage</c>).</summary>
    OtherApp,
}

/// <summary>Things that happen to the accounts without a command: messages from others, and what scenarios script.</summary>
internal sealed partial class SimulatedWeChat
{
    /// <summary>
    /// <paramref name="from"/> (default: one of the account's friends, or a member of <paramref name="room"/>)
    /// sends a message of <paramref name="kind"/> to <paramref name="account"/>, or to <paramref name="room"/>,
    /// where every member account sees it. When the sender is an account, its agent sees its own message too.
    /// </summary>
    public void Incoming(IncomingKind kind, string account, string? from = null, string? room = null, string? text = null)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(account, out var me))
            {
                throw new SimulationException($"unknown account {account}");
            }

            if (room is not null)
            {
                if (!_rooms.TryGetValue(room, out var r) || !r.Has(account))
                {
                    throw new SimulationException($"{account} is not a member of room {room}");
                }

                var sender = from ?? r.Members.Where(m => m != account).ElementAtOrDefault(_rng.Next(Math.Max(1, r.Members.Count - 1)))
                    ?? throw new SimulationException($"room {room} has nobody else in it");
                if (!r.Has(sender))
                {
                    throw new SimulationException($"{sender} is not a member of room {room}");
                }

                var nick = RoomNickOf(r, sender);
                foreach (var member in MemberAccounts(r))
                {
                    var mine = member == sender;
                    if (kind == IncomingKind.System)
                    {
                        EmitTo(member, RoomText(member, r, text ?? $"\"{nick}\"发出红包，请在手机上查看"));
                        continue;
                    }

                    EmitTo(member, Build(kind, mine ? null : member, sender, text) with
                    {
                        Account = member,
                        MyMsg = mine,
                        RoomWxid = r.Wxid,
                        WxidFrom = sender,
                        WxidTo = r.Wxid,
                        Nick = nick,
                    });
                }

                return;
            }

            var peer = from ?? PickFriend(me) ?? throw new SimulationException($"{account} has no friends to hear from");
            if (!_people.ContainsKey(peer) && !_publics.ContainsKey(peer))
            {
                throw new SimulationException($"unknown wxid {peer}");
            }

            if (kind == IncomingKind.System)
            {
                EmitTo(account, new SystemMessageReport { Account = account, MsgType = 10000, MyMsg = false, WxidFrom = peer, WxidTo = account, Message = text ?? "发出红包，请在手机上查看" });
                return;
            }

            EmitTo(account, Build(kind, account, peer, text) with { Account = account, MyMsg = false, RoomWxid = null, WxidFrom = peer, WxidTo = account });
            if (_accounts.ContainsKey(peer))
            {
                EmitTo(peer, Build(kind, null, peer, text) with { Account = peer, MyMsg = true, RoomWxid = null, WxidFrom = peer, WxidTo = account });
            }
        }
    }

    private string? PickFriend(SimAccount me)
    {
        var friends = me.Contacts.Values.Where(c => c.State == ContactState.Friend).Select(c => c.Wxid).Order(StringComparer.Ordinal).ToList();
        return friends.Count == 0 ? null : friends[_rng.Next(friends.Count)];
    }

    /// <summary>One message of a kind, as <paramref name="receiver"/> (null: the sender) stores it.</summary>
    private MessageReport Build(IncomingKind kind, string? receiver, string sender, string? text)
    {
        var owner = receiver ?? sender;
        FakeFile Media(int length)
        {
            var b = new byte[length];
            _rng.NextBytes(b);
            return new FakeFile(length, b);
        }

        switch (kind)
        {
            case IncomingKind.Text:
                return new TextMessageReport { MsgType = 1, Message = text ?? Chatter() };
            case IncomingKind.Pic:
                return new PicMessageReport
                {
                    MsgType = 3,
                    FileIndex = Receive(owner, "Image", ".dat", Media(2048)),
                    XmlMsg = Xml(new XElement("msg", new XElement("img", new XAttribute("length", 2048), new XAttribute("md5", Hex(32))))),
                };
            case IncomingKind.File:
                var name = text ?? "会议纪要.docx";
                return new FileMessageReport
                {
                    MsgType = 4901,
                    FileIndex = Receive(owner, "File", "_" + name, Media(4096)),
                    XmlMsg = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", name), new XElement("type", 6)))),
                };
            case IncomingKind.Voice:
                return new VoiceMessageReport
                {
                    MsgType = 34,
                    VoiceIndex = Receive(owner, "Voice", ".amr", Media(1500)),
                    XmlMsg = Xml(new XElement("msg", new XElement("voicemsg", new XAttribute("voicelength", 3000 + _rng.Next(20_000))))),
                };
            case IncomingKind.Video:
                return new VideoMessageReport
                {
                    MsgType = 43,
                    CoverIndex = Receive(owner, "Video", ".jpg", Media(1024)),
                    VideoIndex = Receive(owner, "Video", ".mp4", Media(8192)),
                    XmlMsg = Xml(new XElement("msg", new XElement("videomsg", new XAttribute("playlength", 5 + _rng.Next(60))))),
                };
            case IncomingKind.Gif:
                var cdn = $"http://emoji.qpic.cn/wx_emoji/{Hex(40)}/";
                return new GifMessageReport { MsgType = 47, Url = cdn, XmlMsg = Xml(new XElement("msg", new XElement("emoji", new XAttribute("cdnurl", cdn)))) };
            case IncomingKind.Url:
                var url = $"https://mp.weixin.qq.com/s/{RandomText(Alnum, 22)}";
                var title = text ?? "周末去哪儿玩";
                return new UrlMessageReport
                {
                    MsgType = 4904,
                    Title = title,
                    Url = url,
                    Desc = "一篇文章",
                    Pic = $"http://mmbiz.qpic.cn/{Hex(32)}/0",
                    XmlMsg = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", title), new XElement("type", 5), new XElement("url", url)))),
                };
            case IncomingKind.Card:
                var someone = _people.Keys.ElementAt(_rng.Next(_people.Count));
                return new CardMessageReport { MsgType = 42, XmlMsg = CardXml(someone) };
            case IncomingKind.Mini:
                return new MiniMessageReport
                {
                    MsgType = 4903,
                    XmlMsg = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", text ?? "拼车小程序"), new XElement("type", 33),
                        new XElement("weappinfo", new XElement("appid", "wx" + Hex(16)))))),
                };
            case IncomingKind.Location:
                return new LocationMessageReport { MsgType = 48, XmlMsg = LocationXml(39.9 + _rng.NextDouble() / 10, 116.3 + _rng.NextDouble() / 10, text ?? "北京市海淀区中关村") };
            case IncomingKind.Other:
                return new OtherMessageReport { MsgType = 50, Message = text ?? Xml(new XElement("voipmsg", new XAttribute("type", "VoIPBubbleMsg"), new XElement("VoIPBubbleMsg", new XElement("msg", "通话时长 00:42")))) };
            case IncomingKind.OtherApp:
                var song = text ?? "晴天";
                return new OtherAppMessageReport
                {
                    MsgType = 49,
                    Message = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", song), new XElement("type", 3),
                        new XElement("url", $"https://y.music.163.com/m/song?id={_rng.Next(100_000, 999_999)}")))),
                };
            default:
                throw new SimulationException($"no message of kind {kind}");
        }
    }

    private static readonly string[] Lines = ["在吗？", "今天晚上一起吃饭吧", "收到，谢谢！", "明天几点开会？", "哈哈哈[微笑]", "好的\uE04C", "周末有空吗", "文件我发你了"];

    private string Chatter() => Lines[_rng.Next(Lines.Length)];
}
