using System.Xml.Linq;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Sending messages: every send is delivered to the receiving accounts' agents and echoed to the sender's.</summary>
internal sealed partial class SimulatedWeChat
{
    public ValueTask<CommandOutcome> SendTextAsync(CommandContext context, SendTextMessageCommand command)
    {
        if (string.IsNullOrEmpty(command.Text))
        {
            return CommandOutcome.Done(CommandOutcome.Fail("text is empty"));
        }

        return Send(context, command.Wxid, _ => new TextMessageReport { MsgType = 1, Message = command.Text });
    }

    public ValueTask<CommandOutcome> SendPicAsync(CommandContext context, SendPicMessageCommand command)
    {
        if (LoadMedia(command.ImgPath, "imgPath", out var file) is { } failure)
        {
            return CommandOutcome.Done(failure);
        }

        var xml = Xml(new XElement("msg", new XElement("img", new XAttribute("length", file.Length), new XAttribute("md5", Hex(32)))));
        return Send(context, command.Wxid, to => new PicMessageReport
        {
            MsgType = 3,
            FileIndex = to is null ? command.ImgPath : Receive(to, "Image", ".dat", file),
            XmlMsg = xml,
        });
    }

    public ValueTask<CommandOutcome> SendFileAsync(CommandContext context, SendFileMessageCommand command)
    {
        if (LoadMedia(command.FilePath, "filePath", out var file) is { } failure)
        {
            return CommandOutcome.Done(failure);
        }

        if (file.Length > MaxSendFileBytes)
        {
            return CommandOutcome.Done(CommandOutcome.Fail($"file over 50 MB: {command.FilePath} is {file.Length} bytes"));
        }

        var name = FakeDisk.FileName(command.FilePath!);
        var xml = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", name), new XElement("type", 6),
            new XElement("appattach", new XElement("totallen", file.Length), new XElement("fileext", Path.GetExtension(name).TrimStart('.'))))));
        return Send(context, command.Wxid, to => new FileMessageReport
        {
            MsgType = 4901,
            FileIndex = to is null ? command.FilePath : Receive(to, "File", "_" + name, file),
            XmlMsg = xml,
        });
    }

    public ValueTask<CommandOutcome> SendXmlAsync(CommandContext context, SendXmlMessageCommand command)
    {
        if (string.IsNullOrEmpty(command.Url) && !string.IsNullOrWhiteSpace(command.Xml))
        {
            // The second generation's sendXmlMessage: a message given as its XML (an app message, shown as a card).
            string title;
            try
            {
                title = XElement.Parse(command.Xml).Descendants("title").FirstOrDefault()?.Value ?? string.Empty;
            }
            catch (System.Xml.XmlException ex)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"xml is not well-formed: {ex.Message}"));
            }

            return Send(context, command.Wxid, _ => new UrlMessageReport { MsgType = 4904, Title = title, Url = string.Empty, Desc = string.Empty, Pic = string.Empty, XmlMsg = command.Xml });
        }

        if (string.IsNullOrEmpty(command.Url))
        {
            return CommandOutcome.Done(CommandOutcome.Fail("url is empty"));
        }

        var xml = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", command.Title ?? string.Empty),
            new XElement("des", command.Desc ?? string.Empty), new XElement("type", 5), new XElement("url", command.Url),
            new XElement("thumburl", command.Pic ?? string.Empty))));
        return Send(context, command.Wxid, _ => new UrlMessageReport
        {
            MsgType = 4904,
            Title = command.Title ?? string.Empty,
            Url = command.Url,
            Desc = command.Desc ?? string.Empty,
            Pic = command.Pic ?? string.Empty,
            XmlMsg = xml,
        });
    }

    public ValueTask<CommandOutcome> SendCardAsync(CommandContext context, SendCardMessageCommand command)
    {
        string xml;
        lock (_gate)
        {
            if (string.IsNullOrEmpty(command.WxidCard))
            {
                return CommandOutcome.Done(CommandOutcome.Fail("wxidCard is empty"));
            }

            if (!_people.ContainsKey(command.WxidCard) && !_publics.ContainsKey(command.WxidCard))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"unknown wxid for the card: {command.WxidCard}"));
            }

            xml = CardXml(command.WxidCard);
        }

        return Send(context, command.Wxid, _ => new CardMessageReport { MsgType = 42, XmlMsg = xml });
    }

    public ValueTask<CommandOutcome> SendChatroomInviteAsync(CommandContext context, SendChatroomCommand command)
    {
        string url;
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (RoomFor(me, command.ChatRoom, out var room) is { } roomFailure)
            {
                return CommandOutcome.Done(roomFailure);
            }

            if (string.IsNullOrEmpty(command.Wxid) || Wxids.IsRoom(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"an invite goes to a person; wxid is '{command.Wxid}'"));
            }

            if (room.Has(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is already a member of {room.Wxid}"));
            }

            url = $"https://support.weixin.qq.com/cgi-bin/mmsupport-bin/addchatroombyinvite?ticket={Hex(24)}";
            _invites[url] = new SimInvite(url, room.Wxid, me.Wxid, command.Wxid);
        }

        var xml = Xml(new XElement("msg", new XElement("appmsg", new XElement("title", "邀请你加入群聊"), new XElement("type", 5), new XElement("url", url))));
        return Send(context, command.Wxid, _ => new AddChatRoomMessageReport { MsgType = 4902, Url = url, XmlMsg = xml });
    }

    /// <summary>
    /// Delivers a message from the account on <paramref name="context"/> to <paramref name="target"/> (a friend,
    /// a room, an official account). <paramref name="build"/> makes the kind's report for one receiver
    /// (null = the sender's own echo); the routing fields are filled in here.
    /// </summary>
    private ValueTask<CommandOutcome> Send(CommandContext context, string? target, Func<string?, MessageReport> build)
    {
        SimDelivery? delivered = null;
        var outcome = SendLocked(context, target, build, ref delivered);
        if (delivered is not null)
        {
            PersonReceived?.Invoke(delivered);
        }

        return outcome;
    }

    private ValueTask<CommandOutcome> SendLocked(CommandContext context, string? target, Func<string?, MessageReport> build, ref SimDelivery? delivered)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(target))
            {
                return CommandOutcome.Done(CommandOutcome.Fail("wxid is empty"));
            }

            if (Wxids.IsRoom(target))
            {
                if (RoomFor(me, target, out var room) is { } roomFailure)
                {
                    return CommandOutcome.Done(roomFailure);
                }

                var nick = RoomNickOf(room, me.Wxid);
                foreach (var member in room.Members)
                {
                    if (member != me.Wxid && _accounts.ContainsKey(member))
                    {
                        EmitTo(member, build(member) with { Account = member, MyMsg = false, RoomWxid = room.Wxid, WxidFrom = me.Wxid, WxidTo = room.Wxid, Nick = nick });
                    }
                }

                EmitTo(me.Wxid, build(null) with { Account = me.Wxid, MyMsg = true, RoomWxid = room.Wxid, WxidFrom = me.Wxid, WxidTo = room.Wxid, Nick = nick });
                return CommandOutcome.Done(CommandOutcome.Ok);
            }

            if (_publics.ContainsKey(target))
            {
                if (!me.Publics.Contains(target))
                {
                    return CommandOutcome.Done(CommandOutcome.Fail($"{target} is an official account this account does not follow"));
                }

                EmitTo(me.Wxid, build(null) with { Account = me.Wxid, MyMsg = true, WxidFrom = me.Wxid, WxidTo = target });
                return CommandOutcome.Done(CommandOutcome.Ok);
            }

            if (!_people.ContainsKey(target))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"unknown wxid {target}"));
            }

            if (target == me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("cannot send a message to yourself; use filehelper"));
            }

            if (!me.Contacts.TryGetValue(target, out var contact) || contact.State == ContactState.Stranger)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{target} is not a friend"));
            }

            if (contact.State == ContactState.Blacklisted)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{target} is on this account's blacklist"));
            }

            EmitTo(me.Wxid, build(null) with { Account = me.Wxid, MyMsg = true, RoomWxid = null, WxidFrom = me.Wxid, WxidTo = target });
            if (Refuses(target, me.Wxid))
            {
                // WeChat sends it, then tells the sender it was refused.
                EmitTo(me.Wxid, new SystemMessageReport
                {
                    Account = me.Wxid,
                    MsgType = 10000,
                    MyMsg = false,
                    WxidFrom = target,
                    WxidTo = me.Wxid,
                    Message = SystemMessageReport.RejectedByPeerText,
                });
            }
            else if (_accounts.ContainsKey(target))
            {
                EmitTo(target, build(target) with { Account = target, MyMsg = false, RoomWxid = null, WxidFrom = me.Wxid, WxidTo = target });
            }
            else
            {
                delivered = Deliver(me.Wxid, target, build(null));
            }

            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>True when <paramref name="receiver"/> does not take messages from <paramref name="sender"/>.</summary>
    private bool Refuses(string receiver, string sender) =>
        _accounts.TryGetValue(receiver, out var account)
            ? !account.IsFriend(sender)
            : _people.TryGetValue(receiver, out var p) && p.Rejects.Contains(sender);

    private CommandOutcome? RoomFor(SimAccount me, string? roomId, out SimRoom room)
    {
        room = null!;
        if (string.IsNullOrEmpty(roomId))
        {
            return CommandOutcome.Fail("chatroom is empty");
        }

        if (!_rooms.TryGetValue(roomId, out room!))
        {
            return CommandOutcome.Fail($"unknown room {roomId}");
        }

        return room.Has(me.Wxid) ? null : CommandOutcome.Fail($"this account is not a member of room {roomId}");
    }

    private CommandOutcome? LoadMedia(string? path, string field, out FakeFile file)
    {
        file = null!;
        if (string.IsNullOrEmpty(path))
        {
            return CommandOutcome.Fail($"{field} is empty");
        }

        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // A network address: the simulator does not fetch it, it stands in a small file of its own.
            var bytes = new byte[1024];
            lock (_gate)
            {
                _rng.NextBytes(bytes);
            }

            file = new FakeFile(bytes.Length, bytes);
            return null;
        }

        return Disk.TryGet(path, out file) ? null : CommandOutcome.Fail($"file not found on the client machine: {path}");
    }

    /// <summary>Stores a received file on the receiver's side of the fake disk and returns its path.</summary>
    private string Receive(string account, string folder, string suffix, FakeFile file)
    {
        var path = ReceivedPath(account, folder, suffix);
        if (file.Content is { } content)
        {
            Disk.Write(path, content);
        }
        else
        {
            Disk.WriteSparse(path, file.Length);
        }

        return path;
    }

    private string CardXml(string wxid)
    {
        var p = _people.GetValueOrDefault(wxid);
        return Xml(new XElement("msg",
            new XAttribute("username", wxid),
            new XAttribute("nickname", p?.Nick ?? _publics.GetValueOrDefault(wxid)?.Nick ?? wxid),
            new XAttribute("bigheadimgurl", p?.HeadPic ?? _publics.GetValueOrDefault(wxid)?.HeadPic ?? string.Empty),
            new XAttribute("province", p?.Province ?? string.Empty),
            new XAttribute("city", p?.City ?? string.Empty),
            new XAttribute("sex", p?.Sex ?? 0)));
    }

    internal static string Xml(XElement e) => e.ToString(SaveOptions.DisableFormatting);
}
