using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Contact queries and friend operations.</summary>
internal sealed partial class SimulatedWeChat
{
    public ValueTask<CommandOutcome> GetContactAsync(CommandContext context, GetContactCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            var flag = command.Flag ?? 1;
            if (flag is < 0 or > 7)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"flag must be 0 to 7 (1 friends, 2 rooms, 4 official accounts, added up), got {flag}"));
            }

            if (flag == 0)
            {
                // 0: report nothing at all.
                return CommandOutcome.Done(CommandOutcome.Ok);
            }

            Emit(context.Pid, new ContactReport
            {
                Account = me.Wxid,
                FriendList = (flag & 1) == 0 ? null : [.. me.Contacts.Values.OrderBy(c => c.Wxid, StringComparer.Ordinal)
                    .Select(c => _people[c.Wxid].ToProfile(c.AsName ?? string.Empty, (int)c.State))],
                GroupList = (flag & 2) == 0 ? null : [.. _roomOrder.Where(r => _rooms.TryGetValue(r, out var room) && room.Has(me.Wxid)).Select(r => Summary(_rooms[r]))],
                PublicList = (flag & 4) == 0 ? null : [.. me.Publics.Select(p => new PublicAccount { Wxid = p, Nick = _publics[p].Nick, HeadPic = _publics[p].HeadPic })],
            });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    private static RoomSummary Summary(SimRoom room) => new()
    {
        Wxid = room.Wxid,
        Nick = room.Name,
        Owner = room.Owner,
        RoomCount = room.Members.Count,
        HeadPic = room.HeadPic,
        UserLists = [.. room.Members],
    };

    public ValueTask<CommandOutcome> GetUsersWxidAsync(CommandContext context, GetUsersWxidCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            Emit(context.Pid, new UsersWxidReport
            {
                Account = me.Wxid,
                UserLists = [.. me.Contacts.Keys.Order(StringComparer.Ordinal), .. me.Publics],
            });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> GetUsersInfoAsync(CommandContext context, GetUsersInfoCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            var ids = command.WxidLists ?? [];
            if (ids.Count == 0)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("wxidLists is empty: give 1 to 50 wxids"));
            }

            if (ids.Count > MaxUsersInfo)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"at most {MaxUsersInfo} wxids at a time, got {ids.Count}"));
            }

            var unknown = ids.Where(id => !_people.ContainsKey(id) && !_publics.ContainsKey(id)).ToList();
            if (unknown.Count > 0)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"unknown wxid: {string.Join(", ", unknown)}"));
            }

            Emit(context.Pid, new UsersInfoReport
            {
                Account = me.Wxid,
                UserLists = [.. ids.Select(id => _people.TryGetValue(id, out var p)
                    ? p.ToProfile(me.Contacts.GetValueOrDefault(id)?.AsName ?? string.Empty)
                    : new UserProfile { Wxid = id, Nick = _publics[id].Nick, HeadPic = _publics[id].HeadPic, Sex = 0 })],
            });
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> DeleteFriendAsync(CommandContext context, DelUserCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.Wxid) || !me.Contacts.TryGetValue(command.Wxid, out var c) || c.State == ContactState.Stranger)
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is not a friend"));
            }

            // One-sided, as in WeChat: the other side keeps the account until it writes and is refused.
            me.Contacts.Remove(command.Wxid);
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> AcceptFriendAsync(CommandContext context, AcceptFriendCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.V1) || string.IsNullOrEmpty(command.V2))
            {
                return CommandOutcome.Done(CommandOutcome.Fail("v1 and v2 are both needed"));
            }

            var request = _requests.Find(r => r.V1 == command.V1 && r.V2 == command.V2);
            if (request is null)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("no pending friend request with this v1 and v2"));
            }

            if (request.To != me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("this friend request was sent to another account"));
            }

            _requests.Remove(request);
            me.Befriend(request.From);
            if (_accounts.TryGetValue(request.From, out var asker))
            {
                asker.Befriend(me.Wxid);
                EmitTo(asker.Wxid, Hello(asker.Wxid, me.Wxid));
            }
            else
            {
                _people[request.From].Rejects.Remove(me.Wxid);
            }

            EmitTo(me.Wxid, new ContactAddReport { Account = me.Wxid, Contact = _people[request.From].ToProfile(string.Empty, 1) });
            EmitTo(me.Wxid, Hello(me.Wxid, request.From));
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    private SystemMessageReport Hello(string account, string friend) => new()
    {
        Account = account,
        MsgType = 10000,
        MyMsg = false,
        WxidFrom = friend,
        WxidTo = account,
        Message = $"你已添加了{NickOf(friend)}，现在可以开始聊天了。",
    };

    public ValueTask<CommandOutcome> UpdateRemarkAsync(CommandContext context, UpdateAsNameCommand command)
    {
        lock (_gate)
        {
            if (!TryAccount(context, out var me, out var failure))
            {
                return CommandOutcome.Done(failure);
            }

            if (string.IsNullOrEmpty(command.Wxid) || !me.IsFriend(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is not a friend"));
            }

            me.Contacts[command.Wxid].AsName = string.IsNullOrEmpty(command.AsName) ? null : command.AsName;
            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    public ValueTask<CommandOutcome> AddRoomMemberAsFriendAsync(CommandContext context, AddRoomFriendCommand command)
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

            if (command.Wxid == me.Wxid)
            {
                return CommandOutcome.Done(CommandOutcome.Fail("cannot add yourself as a friend"));
            }

            if (me.IsFriend(command.Wxid))
            {
                return CommandOutcome.Done(CommandOutcome.Fail($"{command.Wxid} is already a friend"));
            }

            var request = NewRequest(me.Wxid, command.Wxid, command.NoticeWord ?? string.Empty);
            if (_accounts.ContainsKey(command.Wxid))
            {
                EmitTo(command.Wxid, RequestReport(request));
            }

            return CommandOutcome.Done(CommandOutcome.Ok);
        }
    }

    /// <summary>A friend request arrives at <paramref name="account"/> from <paramref name="from"/> (or from a new stranger).</summary>
    public SimFriendRequest FriendRequestArrives(string account, string? from = null, string noticeWord = "你好，我是群里的朋友")
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(account, out var me))
            {
                throw new SimulationException($"unknown account {account}");
            }

            var asker = from ?? WorldBuilder.NewPerson(this).Wxid;
            if (!_people.ContainsKey(asker))
            {
                throw new SimulationException($"unknown wxid {asker}");
            }

            if (me.IsFriend(asker))
            {
                throw new SimulationException($"{asker} is already a friend of {account}");
            }

            var request = NewRequest(asker, account, noticeWord);
            EmitTo(account, RequestReport(request));
            return request;
        }
    }

    private SimFriendRequest NewRequest(string from, string to, string noticeWord)
    {
        var request = new SimFriendRequest($"v3_020b3826fd0301000000000{Hex(40)}@stranger", $"v4_000b708f0b04000001000000000{Hex(40)}@stranger", from, to, noticeWord);
        _requests.Add(request);
        return request;
    }

    private FriendAddRequestReport RequestReport(SimFriendRequest r)
    {
        var p = _people[r.From];
        return new FriendAddRequestReport
        {
            Account = r.To,
            Wxid = p.Wxid,
            Username = p.Username,
            Nick = p.Nick,
            HeadPic = p.HeadPic,
            Sex = p.Sex,
            Country = p.Country,
            Province = p.Province,
            City = p.City,
            V1 = r.V1,
            V2 = r.V2,
            NoticeWord = r.NoticeWord,
            XmlMsg = Xml(new System.Xml.Linq.XElement("msg",
                new System.Xml.Linq.XAttribute("fromusername", p.Wxid),
                new System.Xml.Linq.XAttribute("fromnickname", p.Nick),
                new System.Xml.Linq.XAttribute("content", r.NoticeWord),
                new System.Xml.Linq.XAttribute("encryptusername", r.V1),
                new System.Xml.Linq.XAttribute("ticket", r.V2))),
        };
    }
}
