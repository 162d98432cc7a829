using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>Someone in the simulated world: an account an agent runs, or anyone else (an "NPC").</summary>
internal sealed class SimPerson
{
    public required string Wxid { get; init; }

    public string? Username { get; init; }

    public required string Nick { get; set; }

    public required string HeadPic { get; init; }

    public int Sex { get; init; }

    public string? Country { get; init; }

    public string? Province { get; init; }

    public string? City { get; init; }

    public long Uin { get; init; }

    /// <summary>For people no agent runs: wxids they refuse messages from (they deleted or blocked them).</summary>
    public HashSet<string> Rejects { get; } = new(StringComparer.Ordinal);

    public UserProfile ToProfile(string? asName = null, int? isFriend = null) => new()
    {
        Wxid = Wxid,
        Username = Username,
        Nick = Nick,
        AsName = asName,
        HeadPic = HeadPic,
        Sex = Sex,
        Country = Country,
        Province = Province,
        City = City,
        IsFriend = isFriend,
    };
}

internal enum ContactState
{
    Stranger = 0,
    Friend = 1,
    Blacklisted = 2,
}

internal sealed class SimContact
{
    public required string Wxid { get; init; }

    public ContactState State { get; set; }

    public string? AsName { get; set; }
}

/// <summary>An account: a person an agent instance can log in as, with its contacts and followed official accounts.</summary>
internal sealed class SimAccount(SimPerson me)
{
    public SimPerson Me { get; } = me;

    public string Wxid => Me.Wxid;

    public Dictionary<string, SimContact> Contacts { get; } = new(StringComparer.Ordinal);

    public List<string> Publics { get; } = [];

    /// <summary>The second generation's switches and per-conversation settings (auto-accept, mute, pin …), by name.</summary>
    public Dictionary<string, bool> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages the account's second-generation client reported, by msgid (the newest few hundred), for forwarding and favourites.</summary>
    public Dictionary<string, MessageReport> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>The order <see cref="Messages"/> were kept in, oldest first.</summary>
    public Queue<string> MessageOrder { get; } = new();

    /// <summary>Favourites, oldest first.</summary>
    public List<FavItem> Favorites { get; } = [];

    /// <summary>The account's WeCom room (made when first asked for), and its WeCom friends.</summary>
    public SimRoom? ImRoom { get; set; }

    /// <summary>WeCom friends (made with <see cref="ImRoom"/>).</summary>
    public List<string> ImContacts { get; } = [];

    public bool IsFriend(string wxid) => Contacts.TryGetValue(wxid, out var c) && c.State == ContactState.Friend;

    public void Befriend(string wxid)
    {
        if (Contacts.TryGetValue(wxid, out var c))
        {
            c.State = ContactState.Friend;
        }
        else
        {
            Contacts[wxid] = new SimContact { Wxid = wxid, State = ContactState.Friend };
        }
    }
}

/// <summary>A room (群).</summary>
internal sealed class SimRoom
{
    public required string Wxid { get; init; }

    public required string Name { get; set; }

    public required string Owner { get; set; }

    public required string HeadPic { get; init; }

    public List<string> Members { get; } = [];

    /// <summary>Room nicknames members set for themselves.</summary>
    public Dictionary<string, string> Nicks { get; } = new(StringComparer.Ordinal);

    public bool Has(string wxid) => Members.Contains(wxid, StringComparer.Ordinal);

    /// <summary>The room notice the owner published last.</summary>
    public string? Notice { get; set; }

    /// <summary>Who invited each member, where known.</summary>
    public Dictionary<string, string> InvitedBy { get; } = new(StringComparer.Ordinal);
}

internal sealed record SimPublic(string Wxid, string Nick, string HeadPic);

/// <summary>A pending friend request: <see cref="From"/> asks <see cref="To"/>.</summary>
internal sealed record SimFriendRequest(string V1, string V2, string From, string To, string NoticeWord);

internal sealed class SimTransfer
{
    public required string Id { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required decimal Fee { get; init; }

    public string Memo { get; init; } = string.Empty;

    /// <summary>1 sent, 3 accepted, 4 returned (the spec's paysubtype).</summary>
    public int PaySubtype { get; set; } = 1;
}

internal sealed record SimInvite(string Url, string Room, string Inviter, string Invitee);

/// <summary>A simulated WeChat process.</summary>
internal sealed class SimInstance
{
    public required int Pid { get; init; }

    public string? Account { get; set; }

    /// <summary>The order the instance was created in (0 first): in a mixed world, even ones speak the second generation, odd ones the first.</summary>
    public int Ordinal { get; init; }

    /// <summary>The login link encoded in the QR code last shown, until it is scanned.</summary>
    public string? QrLink { get; set; }
}

/// <summary>How the world is laid out; everything else follows from the seed.</summary>
internal sealed record WorldOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Accounts, each with its own instance.</summary>
    public int Accounts { get; init; } = 1;

    /// <summary>Start the instances at the QR step instead of logged in.</summary>
    public bool LoggedOut { get; init; }

    /// <summary>Members of the shared room every account is in (accounts first, then others), at most 500.</summary>
    public int RoomSize { get; init; } = 12;

    /// <summary>Friends per account besides the other accounts.</summary>
    public int FriendsPerAccount { get; init; } = 6;

    /// <summary>At most this many WeChat processes (openWeChat fails beyond).</summary>
    public int MaxInstances { get; init; } = 1000;

    /// <summary>
    /// Which generation of the interface the instances speak: <see cref="InterfaceGenerations.V1"/>,
    /// <see cref="InterfaceGenerations.V2"/>, <see cref="InterfaceGenerations.Both"/> for a mixed world (instances in
    /// creation order alternate, the first speaking the second generation), or <see cref="InterfaceGenerations.None"/>
    /// (the default) for the generation of the agent the world is attached to (the first without an agent).
    /// </summary>
    public InterfaceGenerations Interface { get; init; } = InterfaceGenerations.None;

    public void Validate()
    {
        if (Accounts is < 1 or > 10_000)
        {
            throw new ArgumentException("accounts must be from 1 to 10000");
        }

        if (RoomSize is < 3 or > 500)
        {
            throw new ArgumentException("room size must be from 3 to 500");
        }

        if (FriendsPerAccount is < 3 or > 1000)
        {
            throw new ArgumentException("friends per account must be from 3 to 1000");
        }
    }
}
