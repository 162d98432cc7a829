using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Room commands; member changes produce reportChatroomMessage system text for the member accounts.</summary>
internal sealed partial class SimulatedWeChat
{
    public ValueTask<CommandOutcome> GetRoomMembersAsync(CommandContext context, GetChatRoomUsersCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (RoomFor(me, command.Wxid, out var room) is { } roomFailure)
            {
                return CommandOutcome.Done(roomFailure);
            }

            Emit(context.Pid, new ChatRoomUserListsReport
            {
                Account = me.Wxid,
                Wxid = room.Wxid,
                Owner = room.Owner,
                Nick = room.Name,
                HeadPic = room.HeadPic,
                RoomCount = room.Members.Count,
                UserLists = [.. room.Members.Select(m => _people[m].ToProfile())],
            });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> GetRoomNickAsync(CommandContext context, GetChatRoomUserNickCommand command)
    {
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

            if (string.IsNullOrEmpty(command.Wxid) || !room.Has(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is not a member of room {room.Wxid}"));
            }

            // The remark the account gave, else the member's room nickname, else the nickname.
            var nick = me.Contacts.GetValueOrDefault(command.Wxid)?.AsName ?? RoomNickOf(room, command.Wxid);
            Emit(context.Pid, new ChatRoomUserNickReport { Account = me.Wxid, ChatRoom = room.Wxid, Wxid = command.Wxid, ChatNick = nick });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> RemoveMemberAsync(CommandContext context, DelChatRoomUserCommand command)
    {
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

            if (room.Owner != me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"not the room owner: only {room.Owner} can remove members of {room.Wxid}"));
            }

            if (string.IsNullOrEmpty(command.Wxid) || !room.Has(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is not a member of room {room.Wxid}"));
            }

            if (command.Wxid == me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("the owner cannot remove itself; use exitChatRoom"));
            }

            RemoveFromRoom(me, room, command.Wxid);
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>The owner removes a member: the owner and the removed account are told; second-generation clients of the members also get <c>reportChatRoomMemberDel</c>.</summary>
    private void RemoveFromRoom(SimAccount me, SimRoom room, string who)
    {
        var removedNick = RoomNickOf(room, who);
        var gone = _people.TryGetValue(who, out var p) ? p.ToProfile() with { DisplayName = room.Nicks.GetValueOrDefault(who) ?? string.Empty } : null;
        room.Members.Remove(who);
        room.Nicks.Remove(who);
        room.InvitedBy.Remove(who);
        EmitTo(me.Wxid, RoomText(me.Wxid, room, $"你将\"{removedNick}\"移出了群聊"));
        if (_accounts.ContainsKey(who))
        {
            EmitTo(who, RoomText(who, room, $"你被\"{RoomNickOf(room, me.Wxid)}\"移出群聊"));
        }

        foreach (var member in MemberAccounts(room))
        {
            EmitTo(member, Members(new ChatRoomMemberDelReport(), member, room, []) with { UserLists = gone is null ? [] : [gone] });
        }
    }

    public ValueTask<CommandOutcome> RenameRoomAsync(CommandContext context, UpdateChatRoomNameCommand command)
    {
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

            if (string.IsNullOrWhiteSpace(command.Name))
            {
                return CommandOutcome.Done(CommandOutcome.Fail("name is empty"));
            }

            room.Name = command.Name;
            var actor = RoomNickOf(room, me.Wxid);
            foreach (var member in MemberAccounts(room))
            {
                EmitTo(member, RoomText(member, room, member == me.Wxid ? $"你修改群名为“{command.Name}”" : $"\"{actor}\"修改群名为“{command.Name}”"));
            }

            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> SetOwnRoomNickAsync(CommandContext context, UpdateRoomAsNameCommand command)
    {
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

            if (string.IsNullOrEmpty(command.Nick))
            {
                room.Nicks.Remove(me.Wxid);
            }
            else
            {
                room.Nicks[me.Wxid] = command.Nick;
            }

            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> CreateRoomAsync(CommandContext context, CreateChatRoomCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            var wanted = (command.WxidLists ?? []).Where(w => !string.IsNullOrEmpty(w) && w != me.Wxid).Distinct(StringComparer.Ordinal).ToList();
            var strangers = wanted.Where(w => !me.IsFriend(w)).ToList();
            if (strangers.Count > 0)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"not a friend: {string.Join(", ", strangers)}"));
            }

            if (wanted.Count < 2)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"createChatRoom needs at least 2 friends besides this account, got {wanted.Count}"));
            }

            if (wanted.Count + 1 > 500)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"a room holds at most 500 members, asked for {wanted.Count + 1}"));
            }

            var room = WorldBuilder.NewRoom(this, me.Wxid, string.Empty);
            room.Members.Add(me.Wxid);
            room.Members.AddRange(wanted);
            var names = string.Join("、", wanted.Select(NickOf));
            foreach (var member in MemberAccounts(room))
            {
                EmitTo(member, new ChatRoomChangeReport { Account = member, ChatRoom = room.Wxid, Nick = room.Name });
                EmitTo(member, RoomText(member, room, member == me.Wxid ? $"你邀请{names}加入了群聊" : $"\"{me.Me.Nick}\"邀请你加入了群聊"));
            }

            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> LeaveRoomAsync(CommandContext context, ExitChatRoomCommand command)
    {
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

            Leave(me, room);
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>The account leaves a room; the room ends with its last member, and the first member left takes over from a leaving owner.</summary>
    private void Leave(SimAccount me, SimRoom room)
    {
        room.Members.Remove(me.Wxid);
        room.Nicks.Remove(me.Wxid);
        room.InvitedBy.Remove(me.Wxid);
        if (room.Members.Count == 0)
        {
            _rooms.Remove(room.Wxid);
        }
        else if (room.Owner == me.Wxid)
        {
            room.Owner = room.Members[0];
            var ownerNick = RoomNickOf(room, room.Owner);
            foreach (var member in MemberAccounts(room))
            {
                EmitTo(member, RoomText(member, room, member == room.Owner ? "你已成为新群主" : $"\"{ownerNick}\"已成为新群主"));
            }
        }
    }

    public ValueTask<CommandOutcome> AcceptRoomInviteAsync(CommandContext context, AcceptChatroomInviteCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.Url) || !_invites.TryGetValue(command.Url, out var invite))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"unknown or expired invite url: {command.Url}"));
            }

            if (invite.Invitee != me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("this invite was sent to another account"));
            }

            if (!_rooms.TryGetValue(invite.Room, out var room))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"room {invite.Room} no longer exists"));
            }

            if (room.Has(me.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"already a member of room {room.Wxid}"));
            }

            _invites.Remove(invite.Url);
            Join(room, me.Wxid, invite.Inviter, viaQrCode: false);
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>Someone joins a room (invited, or by the room's QR code); every member account is told.</summary>
    public string MemberJoins(string roomId, string? wxid = null, string? inviter = null, bool viaQrCode = false)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                throw new SimulationException($"unknown room {roomId}");
            }

            var who = wxid ?? WorldBuilder.NewPerson(this).Wxid;
            if (!_people.ContainsKey(who))
            {
                throw new SimulationException($"unknown wxid {who}");
            }

            if (room.Has(who))
            {
                throw new SimulationException($"{who} is already a member of {roomId}");
            }

            var by = inviter ?? room.Owner;
            if (!room.Has(by))
            {
                throw new SimulationException($"the inviter {by} is not a member of {roomId}");
            }

            Join(room, who, by, viaQrCode);
            return who;
        }
    }

    private void Join(SimRoom room, string who, string inviter, bool viaQrCode)
    {
        if (room.Members.Count >= 500)
        {
            throw new SimulationException($"room {room.Wxid} is full (500 members)");
        }

        room.Members.Add(who);
        room.InvitedBy[who] = inviter;
        var nick = NickOf(who);
        var by = RoomNickOf(room, inviter);
        foreach (var member in MemberAccounts(room))
        {
            string text;
            if (member == who)
            {
                EmitTo(member, new ChatRoomChangeReport { Account = member, ChatRoom = room.Wxid, Nick = room.Name });
                text = viaQrCode ? $"你通过扫描\"{by}\"分享的二维码加入群聊" : $"\"{by}\"邀请你加入了群聊";
            }
            else if (member == inviter)
            {
                text = viaQrCode ? $"\"{nick}\"通过扫描你分享的二维码加入群聊" : $"你邀请\"{nick}\"加入了群聊";
            }
            else
            {
                text = viaQrCode ? $"\"{nick}\"通过扫描\"{by}\"分享的二维码加入群聊" : $"\"{by}\"邀请\"{nick}\"加入了群聊";
            }

            EmitTo(member, RoomText(member, room, text));
            if (member != who)
            {
                EmitTo(member, Members(new ChatRoomMemberAddReport(), member, room, [who]));
            }
        }
    }

    private List<string> MemberAccounts(SimRoom room) => room.Members.Where(_accounts.ContainsKey).ToList();

    private static ChatroomMessageReport RoomText(string account, SimRoom room, string text) => new()
    {
        Account = account,
        MsgType = 10000,
        MyMsg = false,
        RoomWxid = room.Wxid,
        WxidFrom = room.Wxid,
        WxidTo = account,
        Message = text,
    };
}
