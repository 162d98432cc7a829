using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>
/// Which generation of the interface each instance speaks, and what that changes in what it reports: a
/// second-generation client sends no <c>loginStatus</c>, stamps every message with <c>msgid</c>, <c>ispc</c> and
/// <c>timestamp</c>, reports links as <c>reportLinkMessage</c>, a new room as <c>reportNewChatRoom</c>, a room's
/// system text as <c>reportSystemMessage</c>; a first-generation client never sends a kind only the second has.
/// </summary>
internal sealed partial class SimulatedWeChat
{
    /// <summary>How many reported messages an account keeps by msgid (for forwarding, favourites, transcription).</summary>
    public const int KeptMessages = 500;

    private readonly ConcurrentDictionary<int, InterfaceGenerations> _generations = new();
    private readonly Dictionary<string, string> _qrContents = new(StringComparer.Ordinal);
    private InterfaceGenerations _interface = InterfaceGenerations.V1;
    private int _instancesCreated;
    private long _msgIds;

    /// <inheritdoc />
    InterfaceGenerations? IInstanceInterfaces.InterfaceOf(int pid) => _generations.TryGetValue(pid, out var g) ? g : null;

    /// <summary>The generation an instance speaks (the world's until it is attached: the first).</summary>
    public InterfaceGenerations GenerationOf(int pid) => _generations.TryGetValue(pid, out var g) ? g : _interface == InterfaceGenerations.Both ? InterfaceGenerations.V2 : _interface;

    /// <summary>The generation the instance an account is logged in on speaks; None when it is offline.</summary>
    public InterfaceGenerations GenerationOfAccount(string account)
    {
        lock (_gate)
        {
            return _pidOf.TryGetValue(account, out var pid) ? GenerationOf(pid) : InterfaceGenerations.None;
        }
    }

    private InterfaceGenerations GenerationFor(SimInstance instance) => _interface switch
    {
        InterfaceGenerations.Both => instance.Ordinal % 2 == 0 ? InterfaceGenerations.V2 : InterfaceGenerations.V1,
        var g => g,
    };

    /// <summary>Called under the lock when an instance is created after the world was attached.</summary>
    private void Registered(SimInstance instance) => _generations[instance.Pid] = GenerationFor(instance);

    private long UnixNow => _time.GetUtcNow().ToUnixTimeSeconds();

    private string NewMsgId() => (7_000_000_000_000_000_000L + Interlocked.Increment(ref _msgIds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A report as a first-generation client sends it: nothing of a kind only the second generation has.</summary>
    private static Report? AsFirstGeneration(Report report) => report switch
    {
        _ when ProtocolRegistry.FindReport(report.Kind)?.Generations == InterfaceGenerations.V2 => null,
        TextMessageReport { AtList: not null } t => t with { AtList = null },
        _ => report,
    };

    /// <summary>A report as a second-generation client sends it (null: it sends none).</summary>
    private Report? AsSecondGeneration(Report report)
    {
        switch (report)
        {
            case LoginStatusReport:
                return null;
            case LoginUserReport u:
                return u with
                {
                    Phone = u.Phone ?? "138" + ((u.Uin ?? 0) % 100_000_000).ToString("D8", CultureInfo.InvariantCulture),
                    UnreadMsg = u.UnreadMsg ?? 0,
                    WxDir = u.WxDir ?? $@"C:\Users\sim\Documents\WeChat Files\{u.Wxid}\",
                };
            case LogoutResultReport r:
                return new LogoutReport { Account = r.Account, Code = 1 };
            case ChatRoomChangeReport c:
                return _rooms.TryGetValue(c.ChatRoom ?? string.Empty, out var room) ? Members(new NewChatRoomReport(), c.Account!, room, room.Members) : null;
            case FriendAddRequestReport f:
                return f with { MsgType = 37, IsPc = false, MsgId = NewMsgId(), WxidFrom = f.Wxid, WxidTo = f.Account, Timestamp = UnixNow };
            case ChatroomMessageReport m:
                return Stamp(m, Routed(m, new SystemMessageReport { Message = m.Message }));
            case UrlMessageReport m:
                return Stamp(m, Routed(m, new LinkMessageReport()));
            case AddChatRoomMessageReport m:
                return Stamp(m, Routed(m, new LinkMessageReport()));
            case MessageReport m:
                return Stamp(m, m);
            default:
                return report;
        }
    }

    /// <summary><paramref name="to"/> with the routing and common fields of <paramref name="from"/>.</summary>
    private static MessageReport Routed(MessageReport from, MessageReport to) => to with
    {
        Account = from.Account,
        MsgType = from.MsgType,
        MyMsg = from.MyMsg,
        RoomWxid = from.RoomWxid,
        WxidFrom = from.WxidFrom,
        WxidTo = from.WxidTo,
        Nick = from.Nick,
        XmlMsg = from.XmlMsg,
    };

    /// <summary>Gives a message its msgid, ispc and timestamp, and keeps what was sent under the msgid for the account.</summary>
    private MessageReport Stamp(MessageReport original, MessageReport shaped)
    {
        var msgId = shaped.MsgId ?? NewMsgId();
        if (original.Account is { } account && _accounts.TryGetValue(account, out var a))
        {
            a.Messages[msgId] = original with { MsgId = msgId };
            a.MessageOrder.Enqueue(msgId);
            while (a.MessageOrder.Count > KeptMessages && a.MessageOrder.TryDequeue(out var old))
            {
                a.Messages.Remove(old);
            }
        }

        return shaped with { MsgId = msgId, IsPc = false, Timestamp = shaped.Timestamp ?? UnixNow };
    }

    /// <summary>A room member report (<paramref name="empty"/>'s kind) about <paramref name="room"/> as <paramref name="account"/> sees it, listing <paramref name="members"/>.</summary>
    private T Members<T>(T empty, string account, SimRoom room, IEnumerable<string> members)
        where T : RoomMembersReport => (T)((RoomMembersReport)empty with
        {
            Account = account,
            Wxid = room.Wxid,
            Nick = room.Name,
            HeadPic = room.HeadPic,
            IsOwner = room.Owner == account,
            Owner = room.Owner,
            RoomCount = room.Members.Count,
            UserLists = [.. members.Where(_people.ContainsKey).Select(m => _people[m].ToProfile() with
            {
                DisplayName = room.Nicks.GetValueOrDefault(m) ?? string.Empty,
                InviteBy = room.InvitedBy.GetValueOrDefault(m) ?? string.Empty,
            })],
        });

    // ---- second-generation events (scenarios, load and tests) ------------------------------------------

    /// <summary>Someone pays <paramref name="account"/> through its payment QR code (<c>reportQrCodeWcPay</c>, second generation).</summary>
    public string QrCodePaymentArrives(string account, string? from = null, long fen = 1000)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(account, out var me))
            {
                throw new SimulationException($"unknown account {account}");
            }

            var payer = from ?? PickFriend(me) ?? throw new SimulationException($"{account} has no friends to be paid by");
            var orderNo = "1000" + RandomText("0123456789", 24);
            EmitTo(account, new QrCodeWcPayReport { Account = account, Wxid = payer, Nick = NickOf(payer), Fee = fen, FeeType = "1", OrderNo = orderNo, Timestamp = UnixNow });
            return orderNo;
        }
    }

    /// <summary>The account opens the conversation with <paramref name="wxid"/> on the PC (<c>reportTalkerChange</c>, second generation).</summary>
    public void TalkerChanges(string account, string wxid)
    {
        lock (_gate)
        {
            if (!_accounts.ContainsKey(account))
            {
                throw new SimulationException($"unknown account {account}");
            }

            RoomSummary user;
            int type;
            if (_rooms.TryGetValue(wxid, out var room))
            {
                user = Summary(room) with { IsOwner = room.Owner == account, UserLists = null };
                type = 2;
            }
            else if (_publics.TryGetValue(wxid, out var pub))
            {
                user = new RoomSummary { Wxid = wxid, Nick = pub.Nick, HeadPic = pub.HeadPic };
                type = 3;
            }
            else if (_people.TryGetValue(wxid, out var p))
            {
                user = new RoomSummary { Wxid = wxid, Nick = p.Nick, HeadPic = p.HeadPic };
                type = 1;
            }
            else
            {
                throw new SimulationException($"unknown wxid {wxid}");
            }

            EmitTo(account, new TalkerChangeReport { Account = account, User = user, TalkerType = type, Status = 1 });
        }
    }

    /// <summary>The link a room's QR code holds, and the image of it saved on the client machine (for <c>scanQrcodePic</c>).</summary>
    public (string Link, string ImagePath) RoomQrCode(string roomId)
    {
        lock (_gate)
        {
            if (!_rooms.ContainsKey(roomId))
            {
                throw new SimulationException($"unknown room {roomId}");
            }

            var link = RoomQrLink(roomId);
            var path = $@"C:\Users\sim\Pictures\{roomId.Replace("@chatroom", string.Empty, StringComparison.Ordinal)}_qrcode.png";
            var image = QrImage(link);
            Disk.Write(path, Convert.FromBase64String(image[(image.IndexOf(',', StringComparison.Ordinal) + 1)..]));
            _qrContents[path] = link;
            return (link, path);
        }
    }

    /// <summary>The room invitation links sent to <paramref name="account"/> that it has not accepted yet.</summary>
    public IReadOnlyList<string> InvitesFor(string account)
    {
        lock (_gate)
        {
            return [.. _invites.Values.Where(i => i.Invitee == account).Select(i => i.Url)];
        }
    }

    private static string RoomQrLink(string roomId) =>
        "https://weixin.qq.com/g/" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(roomId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string? RoomOfQrLink(string? link) =>
        link is null ? null : _rooms.Keys.FirstOrDefault(r => string.Equals(RoomQrLink(r), link, StringComparison.Ordinal));

    private static string LocationXml(double x, double y, string label) =>
        Xml(new XElement("msg", new XElement("location",
            new XAttribute("x", x.ToString("0.000000", CultureInfo.InvariantCulture)),
            new XAttribute("y", y.ToString("0.000000", CultureInfo.InvariantCulture)),
            new XAttribute("scale", 16),
            new XAttribute("label", label),
            new XAttribute("poiname", label))));
}
