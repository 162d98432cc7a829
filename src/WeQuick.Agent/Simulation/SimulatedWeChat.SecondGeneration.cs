using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>
/// The second generation's own commands. Each does to the world what WeChat would, and a query posts the report the
/// second generation's document names before the ack (the gateway ties the two together by the report's kind).
/// </summary>
internal sealed partial class SimulatedWeChat
{
    private readonly Dictionary<string, string> _searchTickets = new(StringComparer.Ordinal);

    private delegate CommandOutcome AccountStep(SimAccount me);

    /// <summary>Runs <paramref name="step"/> under the world's lock for the account logged in on the instance.</summary>
    private ValueTask<CommandOutcome> AsAccount(CommandContext context, AccountStep step)
    {
        lock (_gate)
        {
            return CommandOutcome.Done(TryAccount(context, out var me, out var failure) ? step(me) : failure);
        }
    }

    private static CommandOutcome Fail(string reason) => CommandOutcome.Fail(reason);

    private UserProfile ProfileFor(SimAccount me, string wxid) => _people.TryGetValue(wxid, out var p)
        ? p.ToProfile(me.Contacts.GetValueOrDefault(wxid)?.AsName ?? string.Empty, me.Contacts.TryGetValue(wxid, out var c) ? (int)c.State : 0)
        : new UserProfile { Wxid = wxid, Nick = _publics[wxid].Nick, HeadPic = _publics[wxid].HeadPic, Sex = 0, IsFriend = me.Publics.Contains(wxid) ? 1 : 0 };

    private bool Known(string? wxid) => wxid is not null && (_people.ContainsKey(wxid) || _publics.ContainsKey(wxid));

    // ---- login ----------------------------------------------------------------------------------------

    public ValueTask<CommandOutcome> GetLoginUserAsync(CommandContext context, GetLoginUserCommand command) => AsAccount(context, me =>
    {
        Emit(context.Pid, LoginUser(me));
        return CommandOutcome.Ok;
    });

    // ---- contacts -------------------------------------------------------------------------------------

    public ValueTask<CommandOutcome> GetContactsAsync(CommandContext context, GetContactsCommand command) => AsAccount(context, me =>
    {
        Emit(context.Pid, new ContactsReport
        {
            Account = me.Wxid,
            FriendList = [.. me.Contacts.Values.Where(c => c.State != ContactState.Stranger).OrderBy(c => c.Wxid, StringComparer.Ordinal).Select(c => ProfileFor(me, c.Wxid))],
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetImContactsAsync(CommandContext context, GetImContactsCommand command) => AsAccount(context, me =>
    {
        WeCom(me);
        Emit(context.Pid, new ImContactsReport { Account = me.Wxid, FriendList = [.. me.ImContacts.Select(w => _people[w].ToProfile(string.Empty, 1))] });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetPublicsAsync(CommandContext context, GetPublicsCommand command) => AsAccount(context, me =>
    {
        Emit(context.Pid, new PublicsReport { Account = me.Wxid, PublicList = [.. me.Publics.Select(p => new PublicAccount { Wxid = p, Nick = _publics[p].Nick, HeadPic = _publics[p].HeadPic })] });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetSingleContactAsync(CommandContext context, GetSingleContactCommand command) => AsAccount(context, me =>
    {
        if (!Known(command.Wxid) || !me.Contacts.ContainsKey(command.Wxid!) && !me.Publics.Contains(command.Wxid!))
        {
            return Fail($"{command.Wxid} is not among this account's contacts");
        }

        Emit(context.Pid, new SingleContactReport { Account = me.Wxid, Contact = ProfileFor(me, command.Wxid!) });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> UpdateContactAsync(CommandContext context, UpdateContactCommand command) => AsAccount(context, me =>
    {
        if (!Known(command.Wxid))
        {
            return Fail($"unknown wxid {command.Wxid}");
        }

        var profile = ProfileFor(me, command.Wxid!);
        Emit(context.Pid, new UpdateContactReport
        {
            Account = me.Wxid,
            Contact = profile,
            SmallPic = profile.HeadPic + "132",
            Signature = "生活明朗，万物可爱",
            SnsPic = string.Empty,
            Scene = 14,
            Status = 1,
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AddFriendAsync(CommandContext context, AddFriendCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Wxid) || !_people.ContainsKey(command.Wxid) || command.Wxid == me.Wxid)
        {
            return Fail($"cannot add {command.Wxid} as a friend: unknown wxid or the account itself");
        }

        if (!string.IsNullOrEmpty(command.RoomWxid))
        {
            if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
            {
                return roomFailure;
            }

            if (!room.Has(command.Wxid))
            {
                return Fail($"{command.Wxid} is not a member of room {room.Wxid}");
            }
        }

        if (me.IsFriend(command.Wxid))
        {
            return Fail($"{command.Wxid} is already a friend");
        }

        AskToBefriend(me, command.Wxid, command.Remark);
        return CommandOutcome.Ok;
    });

    /// <summary>Sends a friend request and reports that it went out (<c>reportAddFriendMessage</c>, status 0).</summary>
    private void AskToBefriend(SimAccount me, string wxid, string? noticeWord)
    {
        var request = NewRequest(me.Wxid, wxid, noticeWord ?? string.Empty);
        if (_accounts.ContainsKey(wxid))
        {
            EmitTo(wxid, RequestReport(request));
        }

        EmitTo(me.Wxid, new AddFriendMessageReport { Account = me.Wxid, Wxid = wxid, Status = 0 });
    }

    public ValueTask<CommandOutcome> DeleteFriendAsync(CommandContext context, DelFriendCommand command) => AsAccount(context, me =>
    {
        if (command.Wxid is { } pub && me.Publics.Remove(pub))
        {
            EmitTo(me.Wxid, new ContactDelReport { Account = me.Wxid, Wxid = pub });
            return CommandOutcome.Ok;
        }

        if (string.IsNullOrEmpty(command.Wxid) || !me.Contacts.TryGetValue(command.Wxid, out var c) || c.State == ContactState.Stranger)
        {
            return Fail($"{command.Wxid} is neither a friend nor a followed official account");
        }

        me.Contacts.Remove(command.Wxid);
        EmitTo(me.Wxid, new ContactDelReport { Account = me.Wxid, Wxid = command.Wxid });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> UpdateRemarkAsync(CommandContext context, UpdateRemarkCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Wxid) || !me.IsFriend(command.Wxid))
        {
            return Fail($"{command.Wxid} is not a friend");
        }

        me.Contacts[command.Wxid].AsName = string.IsNullOrEmpty(command.Remark) ? null : command.Remark;
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AcceptOnewayFriendAsync(CommandContext context, AcceptOnewayFriendCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Wxid) || !_people.TryGetValue(command.Wxid, out var p) || command.Wxid == me.Wxid)
        {
            return Fail($"unknown wxid {command.Wxid}");
        }

        if (me.IsFriend(command.Wxid))
        {
            return Fail($"{command.Wxid} is already a friend");
        }

        if (p.Rejects.Contains(me.Wxid) || _accounts.TryGetValue(command.Wxid, out var other) && !other.IsFriend(me.Wxid))
        {
            return Fail($"{command.Wxid} does not have this account as a friend: send a friend request instead");
        }

        me.Befriend(command.Wxid);
        EmitTo(me.Wxid, new ContactAddReport { Account = me.Wxid, Contact = ProfileFor(me, command.Wxid) });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> SearchContactAsync(CommandContext context, SearchContactCommand command) => AsAccount(context, me =>
    {
        var search = command.Search?.Trim();
        if (string.IsNullOrEmpty(search))
        {
            return Fail("search is empty: give a phone number, a WeChat id or a QQ number");
        }

        var found = _people.Values.FirstOrDefault(p => string.Equals(p.Username, search, StringComparison.Ordinal) || p.Wxid == search);
        if (found is null)
        {
            Emit(context.Pid, new SearchContactReport { Account = me.Wxid, Search = search, Status = 0 });
            return CommandOutcome.Ok;
        }

        var v1 = $"v3_020b3826fd03010000000000{Hex(40)}@stranger";
        _searchTickets[v1] = found.Wxid;
        Emit(context.Pid, new SearchContactReport
        {
            Account = me.Wxid,
            Contact = ProfileFor(me, found.Wxid),
            SmallPic = found.HeadPic + "132",
            Search = search,
            Signature = "生活明朗，万物可爱",
            Status = 1,
            V1 = v1,
            V2 = $"v4_000b708f0b040000010000000000{Hex(40)}@stranger",
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AddSearchContactAsync(CommandContext context, AddSearchContactCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.V1) || !_searchTickets.TryGetValue(command.V1, out var wxid))
        {
            return Fail("no searched contact with this v1: search with searchContact first");
        }

        if (me.IsFriend(wxid) || wxid == me.Wxid)
        {
            return Fail($"{wxid} is already a friend");
        }

        AskToBefriend(me, wxid, command.Remark);
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AddPublicAsync(CommandContext context, AddPublicCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Wxid) || !_publics.TryGetValue(command.Wxid, out var pub))
        {
            return Fail($"{command.Wxid} is not an official account");
        }

        if (me.Publics.Contains(command.Wxid))
        {
            return Fail($"{command.Wxid} is already followed");
        }

        me.Publics.Add(command.Wxid);
        EmitTo(me.Wxid, new ContactAddReport { Account = me.Wxid, Contact = new UserProfile { Wxid = pub.Wxid, Nick = pub.Nick, HeadPic = pub.HeadPic, Sex = 0, IsFriend = 1 } });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> ZombieCheckAsync(CommandContext context, ZombieCheckCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Wxid) || !me.IsFriend(command.Wxid))
        {
            return Fail($"{command.Wxid} is not a friend");
        }

        // 0 a friend both ways, 1 blocked this account, 2 deleted it.
        var status = _people.TryGetValue(command.Wxid, out var p) && p.Rejects.Contains(me.Wxid) ? 2
            : _accounts.TryGetValue(command.Wxid, out var other) && !other.IsFriend(me.Wxid) ? (other.Contacts.TryGetValue(me.Wxid, out var c) && c.State == ContactState.Blacklisted ? 1 : 2)
            : 0;
        EmitTo(me.Wxid, new ZombieCheckMessageReport { Account = me.Wxid, Wxid = command.Wxid, Status = status });
        return CommandOutcome.Ok;
    });

    // ---- rooms ----------------------------------------------------------------------------------------

    public ValueTask<CommandOutcome> GetChatRoomsAsync(CommandContext context, GetChatRoomsCommand command) => AsAccount(context, me =>
    {
        Emit(context.Pid, new ChatRoomsReport
        {
            Account = me.Wxid,
            GroupList = [.. _roomOrder.Where(r => _rooms.TryGetValue(r, out var room) && room.Has(me.Wxid)).Select(r => Summary(_rooms[r]) with { IsOwner = _rooms[r].Owner == me.Wxid })],
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetImRoomsAsync(CommandContext context, GetImRoomsCommand command) => AsAccount(context, me =>
    {
        var room = WeCom(me);
        Emit(context.Pid, new ImRoomsReport { Account = me.Wxid, GroupList = [Summary(room) with { IsOwner = room.Owner == me.Wxid }] });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetRoomMembersAsync(CommandContext context, GetSingleChatRoomMembersCommand command) => AsAccount(context, me =>
    {
        if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
        {
            return roomFailure;
        }

        Emit(context.Pid, Members(new SingleChatRoomMembersReport(), me.Wxid, room, room.Members));
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> GetImRoomMembersAsync(CommandContext context, GetSingleImRoomMembersCommand command) => AsAccount(context, me =>
    {
        var room = WeCom(me);
        if (command.RoomWxid != room.Wxid)
        {
            return Fail($"{command.RoomWxid} is not one of this account's WeCom rooms");
        }

        Emit(context.Pid, Members(new SingleImRoomMembersReport(), me.Wxid, room, room.Members));
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> UpdateChatRoomAsync(CommandContext context, UpdateChatRoomCommand command) => AsAccount(context, me =>
    {
        if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
        {
            return roomFailure;
        }

        Emit(context.Pid, Members(new SingleChatRoomMembersReport(), me.Wxid, room, room.Members));
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> InviteDirectlyAsync(CommandContext context, SendChatroomLowCommand command) => AsAccount(context, me =>
    {
        if (Invitees(me, command.RoomWxid, command.WxidList, out var room, out var invitees) is { } failure)
        {
            return failure;
        }

        if (room.Members.Count + invitees.Count > 40)
        {
            return Fail($"room {room.Wxid} would have {room.Members.Count + invitees.Count} members: over 40, invite with sendChatroomHigh");
        }

        foreach (var who in invitees)
        {
            Join(room, who, me.Wxid, viaQrCode: false);
        }

        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> InviteByLinkAsync(CommandContext context, SendChatroomHighCommand command)
    {
        List<string> invitees;
        string roomId;
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (Invitees(me, command.RoomWxid, command.WxidList, out var room, out invitees) is { } inviteFailure)
            {
                return CommandOutcome.Done(inviteFailure);
            }

            roomId = room.Wxid;
        }

        // One invitation card per friend, as the first generation's sendChatroom sends.
        return InviteEachAsync(context, roomId, invitees);
    }

    private async ValueTask<CommandOutcome> InviteEachAsync(CommandContext context, string roomId, List<string> invitees)
    {
        foreach (var who in invitees)
        {
            var outcome = await SendChatroomInviteAsync(context, new SendChatroomCommand { Wxid = who, ChatRoom = roomId });
            if (!outcome.Success)
            {
                return outcome;
            }
        }

        return CommandOutcome.Ok;
    }

    private CommandOutcome? Invitees(SimAccount me, string? roomId, IReadOnlyList<string>? wanted, out SimRoom room, out List<string> invitees)
    {
        invitees = [.. (wanted ?? []).Where(w => !string.IsNullOrEmpty(w)).Distinct(StringComparer.Ordinal)];
        if (RoomFor(me, roomId, out room) is { } roomFailure)
        {
            return roomFailure;
        }

        if (invitees.Count == 0)
        {
            return Fail("wxidList is empty");
        }

        var r = room;
        var members = invitees.Where(r.Has).ToList();
        if (members.Count > 0)
        {
            return Fail($"already a member of {room.Wxid}: {string.Join(", ", members)}");
        }

        var strangers = invitees.Where(w => !me.IsFriend(w)).ToList();
        return strangers.Count > 0 ? Fail($"not a friend: {string.Join(", ", strangers)}") : null;
    }

    public ValueTask<CommandOutcome> RemoveMembersAsync(CommandContext context, DelChatRoomMembersCommand command) => AsAccount(context, me =>
    {
        if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
        {
            return roomFailure;
        }

        if (room.Owner != me.Wxid)
        {
            return Fail($"not the room owner: only {room.Owner} can remove members of {room.Wxid}");
        }

        var gone = (command.WxidList ?? []).Where(w => !string.IsNullOrEmpty(w)).Distinct(StringComparer.Ordinal).ToList();
        if (gone.Count == 0)
        {
            return Fail("wxidList is empty");
        }

        if (gone.FirstOrDefault(w => !room.Has(w) || w == me.Wxid) is { } bad)
        {
            return Fail(bad == me.Wxid ? "the owner cannot remove itself; use quitDelChatRoom" : $"{bad} is not a member of room {room.Wxid}");
        }

        foreach (var who in gone)
        {
            RemoveFromRoom(me, room, who);
        }

        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> SendNoticeAsync(CommandContext context, SendChatRoomNoticeCommand command) => AsAccount(context, me =>
    {
        if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
        {
            return roomFailure;
        }

        if (room.Owner != me.Wxid)
        {
            return Fail($"not the room owner: only {room.Owner} can publish the notice of {room.Wxid}");
        }

        if (string.IsNullOrWhiteSpace(command.Notice))
        {
            return Fail("notice is empty");
        }

        room.Notice = command.Notice;
        foreach (var member in MemberAccounts(room))
        {
            EmitTo(member, RoomText(member, room, $"@所有人 {command.Notice}") with { WxidFrom = me.Wxid, MyMsg = member == me.Wxid });
        }

        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> SetOwnRoomNickAsync(CommandContext context, UpdateChatRoomDisplayNameCommand command) =>
        SetOwnRoomNickAsync(context, new UpdateRoomAsNameCommand { ChatRoom = command.RoomWxid, Nick = command.Nick, SendId = command.SendId });

    public ValueTask<CommandOutcome> ShowDisplayNamesAsync(CommandContext context, ShowDisplayNameCommand command) =>
        RoomSetting(context, command.RoomWxid, "showDisplayName", command.Code);

    public ValueTask<CommandOutcome> SaveRoomToContactsAsync(CommandContext context, SaveRoomToContactCommand command) =>
        RoomSetting(context, command.RoomWxid, "saveRoomToContact", command.Code);

    private ValueTask<CommandOutcome> RoomSetting(CommandContext context, string? roomId, string name, bool? on) => AsAccount(context, me =>
    {
        if (RoomFor(me, roomId, out var room) is { } roomFailure)
        {
            return roomFailure;
        }

        if (on is null)
        {
            return Fail("code must be 1 (on) or 0 (off)");
        }

        me.Settings[name + ":" + room.Wxid] = on.Value;
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> QuitRoomAsync(CommandContext context, QuitDelChatRoomCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (RoomFor(me, command.RoomWxid, out var room) is { } roomFailure)
            {
                return CommandOutcome.Done(roomFailure);
            }

            Leave(me, room);
            EmitTo(me.Wxid, new ChatRoomQuitReport { Account = me.Wxid, RoomWxid = room.Wxid });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> AutoAcceptRoomsAsync(CommandContext context, AutoAcceptChatRoomCommand command) => Switch(context, "autoAcceptChatRoom", command.Auto);

    public ValueTask<CommandOutcome> JoinByQrCodeAsync(CommandContext context, AcceptQrcodeChatRoomCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Url))
        {
            return Fail("url is empty");
        }

        // 0 joined, 2 the code is unknown or expired (a room's code names the room while it exists).
        if (RoomOfQrLink(command.Url) is not { } roomId || !_rooms.TryGetValue(roomId, out var room))
        {
            EmitTo(me.Wxid, new AcceptQrCodeChatRoomReport { Account = me.Wxid, Url = command.Url, Status = 2 });
            return Fail("the room's QR code is unknown or expired");
        }

        if (room.Has(me.Wxid))
        {
            return Fail($"already a member of room {room.Wxid}");
        }

        EmitTo(me.Wxid, new AcceptQrCodeChatRoomReport { Account = me.Wxid, Url = command.Url, Status = 0 });
        Join(room, me.Wxid, room.Owner, viaQrCode: true);
        return CommandOutcome.Ok;
    });

    /// <summary>The account's WeCom room and friends, made the first time they are asked for.</summary>
    private SimRoom WeCom(SimAccount me)
    {
        if (me.ImRoom is { } existing)
        {
            return existing;
        }

        foreach (var nick in new[] { "企业客服小王", "企业销售小李" })
        {
            var p = new SimPerson
            {
                Wxid = "1688" + RandomText("0123456789", 12) + "@openim",
                Nick = nick,
                HeadPic = $"http://wework.qpic.cn/wwhead/{Hex(32)}/0",
                Sex = 0,
            };
            _people[p.Wxid] = p;
            me.ImContacts.Add(p.Wxid);
        }

        var room = new SimRoom
        {
            Wxid = RandomText("0123456789", 11).TrimStart('0') + "1@im.chatroom",
            Name = "企业微信服务群",
            Owner = me.ImContacts[0],
            HeadPic = $"http://wework.qpic.cn/wwhead/{Hex(32)}/0",
        };
        room.Members.Add(me.ImContacts[0]);
        room.Members.Add(me.ImContacts[1]);
        room.Members.Add(me.Wxid);
        me.ImRoom = room;
        return room;
    }

    // ---- messages -------------------------------------------------------------------------------------

    public ValueTask<CommandOutcome> SendAtTextAsync(CommandContext context, SendAtTextMessageCommand command)
    {
        string text;
        IReadOnlyList<string> atList;
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.Text))
            {
                return CommandOutcome.Done(Fail("text is empty"));
            }

            if (RoomFor(me, command.Wxid, out var room) is { } roomFailure)
            {
                return CommandOutcome.Done(roomFailure);
            }

            atList = [.. (command.AtList ?? []).Where(w => !string.IsNullOrEmpty(w))];
            if (atList.FirstOrDefault(w => w != "notify@all" && !room.Has(w)) is { } outsider)
            {
                return CommandOutcome.Done(Fail($"{outsider} is not a member of room {room.Wxid}"));
            }

            if (atList.Contains("notify@all") && room.Owner != me.Wxid)
            {
                return CommandOutcome.Done(Fail("only the room owner can mention everyone"));
            }

            // Each {$@} becomes the next mentioned member's "@nickname" and a four-per-em space, as WeChat writes a mention.
            var sb = new StringBuilder();
            var parts = command.Text.Split("{$@}");
            for (var i = 0; i < parts.Length; i++)
            {
                sb.Append(parts[i]);
                if (i < parts.Length - 1)
                {
                    var who = atList.ElementAtOrDefault(i);
                    sb.Append('@').Append(who is null ? string.Empty : who == "notify@all" ? "所有人" : RoomNickOf(room, who)).Append('\u2005');
                }
            }

            text = sb.ToString();
        }

        return Send(context, command.Wxid, _ => new TextMessageReport { MsgType = 1, Message = text, AtList = atList });
    }

    public ValueTask<CommandOutcome> SendVideoAsync(CommandContext context, SendVideoMessageCommand command)
    {
        if (LoadMedia(command.VideoPath, "videoPath", out var file) is { } failure)
        {
            return CommandOutcome.Done(failure);
        }

        var xml = Xml(new XElement("msg", new XElement("videomsg", new XAttribute("length", file.Length), new XAttribute("playlength", 10), new XAttribute("md5", Hex(32)))));
        return Send(context, command.Wxid, to => new VideoMessageReport
        {
            MsgType = 43,
            VideoIndex = to is null ? command.VideoPath : Receive(to, "Video", ".mp4", file),
            CoverIndex = to is null ? string.Empty : Receive(to, "Video", ".jpg", new FakeFile(512, new byte[512])),
            XmlMsg = xml,
        });
    }

    public ValueTask<CommandOutcome> SendGifAsync(CommandContext context, SendGifMessageCommand command)
    {
        if (LoadMedia(command.GifPath, "gifPath", out _) is { } failure)
        {
            return CommandOutcome.Done(failure);
        }

        string cdn;
        lock (_gate)
        {
            cdn = $"http://emoji.qpic.cn/wx_emoji/{Hex(40)}/";
        }

        return Send(context, command.Wxid, _ => new GifMessageReport { MsgType = 47, Url = cdn, XmlMsg = Xml(new XElement("msg", new XElement("emoji", new XAttribute("cdnurl", cdn)))) });
    }

    public ValueTask<CommandOutcome> SendLinkAsync(CommandContext context, SendLinkMessageCommand command) =>
        SendXmlAsync(context, new SendXmlMessageCommand { Wxid = command.Wxid, Title = command.Title, Url = command.Url, Desc = command.Desc, Pic = command.Pic, SendId = command.SendId });

    public ValueTask<CommandOutcome> SendMiniAsync(CommandContext context, SendMiniMessageCommand command) =>
        Forward(context, command.Wxid, command.MsgId, m => m is MiniMessageReport ? null : "is not a mini-program card");

    public ValueTask<CommandOutcome> ForwardAsync(CommandContext context, TransAnyMessageCommand command) =>
        Forward(context, command.Wxid, command.MsgId, _ => null);

    /// <summary>Sends a copy of a message the account received or sent (by its msgid) to <paramref name="target"/>.</summary>
    private ValueTask<CommandOutcome> Forward(CommandContext context, string? target, string? msgId, Func<MessageReport, string?> refuse)
    {
        MessageReport kept;
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(msgId) || !me.Messages.TryGetValue(msgId, out kept!))
            {
                return CommandOutcome.Done(Fail($"no message with msgid {msgId} on this account (of the last {KeptMessages})"));
            }

            if (refuse(kept) is { } why)
            {
                return CommandOutcome.Done(Fail($"message {msgId} {why}"));
            }
        }

        return Send(context, target, _ => kept with { MsgId = null, Timestamp = null, IsPc = null });
    }

    public ValueTask<CommandOutcome> SendFavoriteAsync(CommandContext context, SendFavoriteCommand command)
    {
        FavItem item;
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (me.Favorites.Find(f => f.LocalId == command.LocalId) is not { } found)
            {
                return CommandOutcome.Done(Fail($"no favourite with localid {command.LocalId}"));
            }

            item = found;
        }

        return Send(context, command.Wxid, _ => new UrlMessageReport
        {
            MsgType = 4904,
            Title = item.Title ?? string.Empty,
            Url = $"https://support.weixin.qq.com/cgi-bin/mmsupport-bin/favorite?localid={item.LocalId}",
            Desc = "收藏",
            Pic = string.Empty,
            XmlMsg = item.Xml,
        });
    }

    public ValueTask<CommandOutcome> SendCardXmlAsync(CommandContext context, SendCardXmlMessageCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.Xml))
        {
            return CommandOutcome.Done(Fail("xml is empty"));
        }

        try
        {
            var root = XElement.Parse(command.Xml);
            if (root.Attribute("username") is null)
            {
                return CommandOutcome.Done(Fail("the card's xml names nobody (no username attribute)"));
            }
        }
        catch (System.Xml.XmlException ex)
        {
            return CommandOutcome.Done(Fail($"xml is not well-formed: {ex.Message}"));
        }

        return Send(context, command.Wxid, _ => new CardMessageReport { MsgType = 42, XmlMsg = command.Xml });
    }

    public ValueTask<CommandOutcome> GetFavoritesAsync(CommandContext context, GetFavoritesCommand command) => AsAccount(context, me =>
    {
        Emit(context.Pid, new FavitemsReport { Account = me.Wxid, Items = [.. me.Favorites], Status = 1 });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AddFavoriteAsync(CommandContext context, AddFavoriteFromCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.MsgId) || !me.Messages.TryGetValue(command.MsgId, out var m))
        {
            return Fail($"no message with msgid {command.MsgId} on this account (of the last {KeptMessages})");
        }

        var title = m switch
        {
            TextMessageReport t => t.Message,
            UrlMessageReport u => u.Title,
            _ => m.Kind,
        };
        me.Favorites.Add(new FavItem
        {
            FromUser = m.WxidFrom,
            LocalId = (me.Favorites.Count + 1).ToString(CultureInfo.InvariantCulture),
            RoomMember = m.RoomWxid is null ? string.Empty : m.WxidFrom,
            Title = title,
            ItemType = m is TextMessageReport ? "1" : "5",
            UpdateTime = UnixNow.ToString(CultureInfo.InvariantCulture),
            Xml = m.XmlMsg ?? Xml(new XElement("favitem", new XAttribute("type", 1), new XElement("desc", title))),
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> TranscribeVoiceAsync(CommandContext context, TransVoiceCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.MsgId) || !me.Messages.TryGetValue(command.MsgId, out var m))
        {
            return Fail($"no message with msgid {command.MsgId} on this account (of the last {KeptMessages})");
        }

        if (m is not VoiceMessageReport)
        {
            return Fail($"message {command.MsgId} is not a voice message");
        }

        Emit(context.Pid, new TransVoiceReport
        {
            Account = me.Wxid,
            MsgType = 34,
            MsgId = command.MsgId,
            RoomWxid = m.RoomWxid,
            WxidFrom = m.WxidFrom,
            WxidTo = m.WxidTo,
            Text = Chatter(),
            Status = 1,
        });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> DecryptPicAsync(CommandContext context, DecryptPicCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.SrcFile) || !Disk.TryGet(command.SrcFile, out var file))
        {
            return Fail($"file not found on the client machine: {command.SrcFile}");
        }

        if (string.IsNullOrEmpty(command.TarFile))
        {
            return Fail("tarFile is empty");
        }

        // WeChat's .dat images are the picture XOR-ed with one byte; the simulated ones decrypt to themselves.
        if (file.Content is { } content)
        {
            Disk.Write(command.TarFile, content);
        }
        else
        {
            Disk.WriteSparse(command.TarFile, file.Length);
        }

        Emit(context.Pid, new DecryptPicMessageReport { Account = me.Wxid, SrcFile = command.SrcFile, TarFile = command.TarFile, Status = 1 });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> ScanQrCodeAsync(CommandContext context, ScanQrcodePicCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Pic) || !Disk.TryGet(command.Pic, out _))
        {
            return Fail($"file not found on the client machine: {command.Pic}");
        }

        var content = _qrContents.GetValueOrDefault(command.Pic);
        Emit(context.Pid, new ScanQrcodePicReport { Account = me.Wxid, Pic = command.Pic, Content = content ?? string.Empty, CodeType = content is null ? string.Empty : "QR_CODE", Status = content is null ? 0 : 1 });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> CheckUrlAsync(CommandContext context, CheckUrlStatusCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.Url))
        {
            return Fail("url is empty");
        }

        // 1: WeChat opens it; 0: WeChat blocks it (here: anything that is no http(s) address).
        var ok = Uri.TryCreate(command.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        Emit(context.Pid, new CheckUrlStatusReport { Account = me.Wxid, Url = command.Url, RealUrl = ok ? uri!.AbsoluteUri : string.Empty, Status = ok ? 1 : 0 });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> MarkReadAsync(CommandContext context, UnreadMsgCountChangeCommand command) => AsAccount(context, me =>
    {
        me.Settings["unread"] = false;
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> MuteAsync(CommandContext context, ModRecvNotifyCommand command) => ConversationSetting(context, command.Wxid, "mute", command.Code);

    public ValueTask<CommandOutcome> PinAsync(CommandContext context, ChatSessionTopCommand command) => ConversationSetting(context, command.Wxid, "top", command.Code);

    private ValueTask<CommandOutcome> ConversationSetting(CommandContext context, string? wxid, string name, bool? on) => AsAccount(context, me =>
    {
        var known = wxid is not null && (me.Contacts.ContainsKey(wxid) || me.Publics.Contains(wxid) || _rooms.TryGetValue(wxid, out var r) && r.Has(me.Wxid));
        if (!known)
        {
            return Fail($"{wxid} is no conversation of this account");
        }

        if (on is null)
        {
            return Fail("code must be 1 (on) or 0 (off)");
        }

        me.Settings[name + ":" + wxid] = on.Value;
        return CommandOutcome.Ok;
    });

    // ---- switches and the client machine ------------------------------------------------------------------

    private ValueTask<CommandOutcome> Switch(CommandContext context, string name, bool? on) => AsAccount(context, me =>
    {
        if (on is null)
        {
            return Fail("auto must be 1 (on) or 0 (off)");
        }

        me.Settings[name] = on.Value;
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> AutoAcceptFriendsAsync(CommandContext context, AutoAcceptFriendCommand command) => Switch(context, "autoAcceptFriend", command.Auto);

    public ValueTask<CommandOutcome> AutoAcceptTransfersAsync(CommandContext context, AutoAcceptWcpayCommand command) => Switch(context, "autoAcceptWcpay", command.Auto);

    public ValueTask<CommandOutcome> AutoAcceptCardsAsync(CommandContext context, AutoAcceptCardCommand command) => Switch(context, "autoAcceptCard", command.Auto);

    public ValueTask<CommandOutcome> DisableRevokeAsync(CommandContext context, DisableRevokeCommand command) => Switch(context, "disableRevoke", command.Code);

    public ValueTask<CommandOutcome> RefuseTransferAsync(CommandContext context, RefuseFriendWcpayCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrEmpty(command.TransferId) || !_transfers.TryGetValue(command.TransferId, out var t))
        {
            return Fail($"unknown transferid {command.TransferId}");
        }

        if (t.To != me.Wxid)
        {
            return Fail($"transfer {t.Id} is not addressed to this account");
        }

        if (t.PaySubtype != 1)
        {
            return Fail($"transfer {t.Id} was already {(t.PaySubtype == 3 ? "accepted" : "returned")}");
        }

        t.PaySubtype = 4;
        TellBoth(t);
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> ClearChatHistoryAsync(CommandContext context, ClearChatHistoryCommand command) => AsAccount(context, me =>
    {
        me.Messages.Clear();
        me.MessageOrder.Clear();
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> OpenBrowserAsync(CommandContext context, OpenBrowserCommand command) => AsAccount(context, me =>
        Uri.TryCreate(command.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? CommandOutcome.Ok
            : Fail($"url '{command.Url}' is not an http(s) address"));

    public ValueTask<CommandOutcome> GetSqlDataAsync(CommandContext context, GetSqlDataCommand command) => AsAccount(context, me =>
    {
        if (string.IsNullOrWhiteSpace(command.Sql))
        {
            return Fail("sql is empty");
        }

        // The simulated MicroMsg.db (db 1) has one table, Contact; anything else reads as no rows.
        var sql = command.Sql.Trim();
        var rows = new List<Dictionary<string, string>>();
        if ((command.Db ?? 1) == 1 && sql.StartsWith("select", StringComparison.OrdinalIgnoreCase) && sql.Contains("contact", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var c in me.Contacts.Values.OrderBy(c => c.Wxid, StringComparer.Ordinal))
            {
                var p = _people[c.Wxid];
                rows.Add(new() { ["UserName"] = p.Wxid, ["Alias"] = p.Username ?? string.Empty, ["NickName"] = p.Nick, ["Remark"] = c.AsName ?? string.Empty });
            }
        }

        Emit(context.Pid, new SqlDataReport { Account = me.Wxid, Result = JsonSerializer.Serialize(rows), Extend = command.Extend ?? string.Empty });
        return CommandOutcome.Ok;
    });

    public ValueTask<CommandOutcome> DownloadFileAsync(CommandContext context, DownloadFileCommand command) => AsAccount(context, me =>
    {
        if (!Uri.TryCreate(command.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Fail($"url '{command.Url}' is not an http(s) address");
        }

        var name = Path.GetFileName(uri.AbsolutePath);
        var path = ReceivedPath(me.Wxid, "File", "_" + (string.IsNullOrEmpty(name) ? "download" : name));
        var bytes = new byte[1024];
        _rng.NextBytes(bytes);
        Disk.Write(path, bytes);
        return CommandOutcome.Ok;
    });
}
