namespace WeQuick.Agent.Simulation;

/// <summary>Lays out a world from its options and seed: people, accounts, contacts, rooms, official accounts, files.</summary>
internal static class WorldBuilder
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "林"];
    private static readonly string[] Given = ["小明", "晓燕", "建国", "丽娜", "子涵", "浩然", "欣怡", "宇航", "思远", "雨桐", "一鸣", "佳琪", "志强", "梦瑶", "天宇", "若曦"];
    private static readonly (string Province, string City)[] Places =
        [("广东", "深圳"), ("浙江", "杭州"), ("北京", "北京"), ("上海", "上海"), ("四川", "成都"), ("湖北", "武汉"), ("江苏", "南京")];

    private static readonly string[] RoomNames = ["周末羽毛球", "产品讨论组", "家人", "同学会", "读书会", "徒步小队", "技术交流"];

    /// <summary>The files every simulated client machine has, for sendPicMessage, sendFileMessage and uploadFile.</summary>
    public static readonly string PhotoPath = @"C:\WeQuick\files\photo.jpg";
    public static readonly string ReportPath = @"C:\WeQuick\files\report.pdf";
    public static readonly string HugePath = @"C:\WeQuick\files\huge.zip";

    public static void Build(SimulatedWeChat w, WorldOptions o)
    {
        var rng = w.Rng;

        // Official accounts everyone follows.
        foreach (var (id, nick) in new[] { ("gh_3dfda90e39d6", "微信支付"), ("gh_7aac992b0363", "微信团队"), ("gh_25d9ac85a4bc", "天气早知道") })
        {
            w.Publics[id] = new SimPublic(id, nick, $"http://wx.qlogo.cn/mmhead/{w.Hex(24)}/0");
        }

        for (var i = 0; i < o.Accounts; i++)
        {
            var me = NewPerson(w, username: $"sim{i + 1:000}");
            var account = new SimAccount(me);
            w.Accounts[me.Wxid] = account;
            w.AccountOrder.Add(me.Wxid);
            account.Publics.AddRange(w.Publics.Keys.Order(StringComparer.Ordinal));
        }

        // Accounts are friends with their neighbours (all of them in a small world), so both sides of a
        // conversation between two agents can be seen.
        var ids = w.AccountOrder;
        for (var i = 0; i < ids.Count; i++)
        {
            for (var d = 1; d <= Math.Min(2, ids.Count - 1); d++)
            {
                var j = (i + d) % ids.Count;
                w.Accounts[ids[i]].Befriend(ids[j]);
                w.Accounts[ids[j]].Befriend(ids[i]);
            }
        }

        foreach (var id in ids)
        {
            var a = w.Accounts[id];
            var friends = new List<string>();
            for (var f = 0; f < o.FriendsPerAccount; f++)
            {
                var p = NewPerson(w);
                a.Befriend(p.Wxid);
                friends.Add(p.Wxid);
                if (f == 0)
                {
                    a.Contacts[p.Wxid].AsName = "老" + p.Nick[..1];
                }
            }

            // The last friend has quietly deleted the account: messages to them are rejected.
            w.People[friends[^1]].Rejects.Add(id);
            var stranger = NewPerson(w);
            a.Contacts[stranger.Wxid] = new SimContact { Wxid = stranger.Wxid, State = ContactState.Stranger };
            var blocked = NewPerson(w);
            a.Contacts[blocked.Wxid] = new SimContact { Wxid = blocked.Wxid, State = ContactState.Blacklisted };

            // A small room the account owns, with three of its friends.
            var own = NewRoom(w, id, RoomNames[rng.Next(RoomNames.Length)]);
            own.Members.Add(id);
            own.Members.AddRange(friends.Take(3));
            own.Nicks[friends[0]] = "群里的" + w.People[friends[0]].Nick;
        }

        // One shared room: every account (up to the room size), filled up with others.
        var lobby = NewRoom(w, ids[0], "WeQuick 大家庭");
        w.LobbyRoom = lobby.Wxid;
        foreach (var id in ids.Take(o.RoomSize))
        {
            lobby.Members.Add(id);
        }

        while (lobby.Members.Count < o.RoomSize)
        {
            lobby.Members.Add(NewPerson(w).Wxid);
        }

        lobby.Nicks[ids[0]] = "群主" + w.People[ids[0]].Nick;

        w.Disk.Write(PhotoPath, Bytes(rng, 2048, "\x89PNG"u8));
        w.Disk.Write(ReportPath, Bytes(rng, 4096, "%PDF-1.4"u8));
        w.Disk.WriteSparse(HugePath, SimulatedWeChat.MaxSendFileBytes + 1);

        foreach (var id in ids)
        {
            var pid = w.NewPid();
            var instance = new SimInstance { Pid = pid, Account = o.LoggedOut ? null : id, Ordinal = w.Instances.Count };
            w.Instances[pid] = instance;
            if (!o.LoggedOut)
            {
                w.PidOfAccount[id] = pid;
            }
        }
    }

    internal static SimPerson NewPerson(SimulatedWeChat w, string? username = null, string? nick = null)
    {
        var rng = w.Rng;
        var place = Places[rng.Next(Places.Length)];
        var p = new SimPerson
        {
            Wxid = w.NewWxid(),
            Username = username ?? (rng.Next(3) == 0 ? null : "u" + w.RandomText("abcdefghijklmnopqrstuvwxyz", 7)),
            Nick = nick ?? Surnames[rng.Next(Surnames.Length)] + Given[rng.Next(Given.Length)],
            HeadPic = $"http://wx.qlogo.cn/mmhead/ver_1/{w.Hex(32)}/132",
            Sex = rng.Next(3),
            Country = "CN",
            Province = place.Province,
            City = place.City,
            Uin = rng.NextInt64(100_000_000, 4_000_000_000),
        };
        w.People[p.Wxid] = p;
        return p;
    }

    internal static SimRoom NewRoom(SimulatedWeChat w, string owner, string name)
    {
        var room = new SimRoom { Wxid = w.NewRoomId(), Name = name, Owner = owner, HeadPic = $"http://wx.qlogo.cn/mmcrhead/{w.Hex(32)}/0" };
        w.Rooms[room.Wxid] = room;
        w.RoomOrder.Add(room.Wxid);
        return room;
    }

    private static byte[] Bytes(Random rng, int length, ReadOnlySpan<byte> magic)
    {
        var b = new byte[length];
        rng.NextBytes(b);
        magic.CopyTo(b);
        return b;
    }
}
