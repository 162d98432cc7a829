using System.Globalization;
using System.Text;
using WeQuick.Protocol;

namespace WeQuick.Agent.Simulation;

/// <summary>
/// A simulated WeChat world as an agent backend: accounts with contacts, rooms, official accounts,
/// friend requests, transfers and a fake disk, and the WeChat processes the accounts run in. Every
/// command behaves as the spec says and emits the reports it describes; the same seed gives the same
/// world and the same ids. Thread-safe: one lock guards the world.
/// </summary>
internal sealed partial class SimulatedWeChat : IWeChatBackend, IProcessBackend, ILoginBackend, IMessageBackend,
    IContactBackend, IRoomBackend, IFriendBackend, ITransferBackend, IFileBackend, IInstanceInterfaces,
    ILoginBackendV2, IContactBackendV2, IRoomBackendV2, IMessageBackendV2, IClientBackendV2
{
    public const long MaxSendFileBytes = 50L * 1024 * 1024;
    public const int MaxUsersInfo = 50;
    private readonly Lock _gate = new();
    private readonly Random _rng;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SimPerson> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimAccount> _accounts = new(StringComparer.Ordinal);
    private readonly List<string> _accountOrder = [];
    private readonly Dictionary<string, SimRoom> _rooms = new(StringComparer.Ordinal);
    private readonly List<string> _roomOrder = [];
    private readonly Dictionary<string, SimPublic> _publics = new(StringComparer.Ordinal);
    private readonly List<SimFriendRequest> _requests = [];
    private readonly Dictionary<string, SimTransfer> _transfers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimInvite> _invites = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, SimInstance> _instances = [];
    private readonly Dictionary<string, int> _pidOf = new(StringComparer.Ordinal);
    private IAgentSink? _sink;

    public SimulatedWeChat(WorldOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _rng = new Random(options.Seed);
        _time = time ?? TimeProvider.System;
        WorldBuilder.Build(this, options);
        _instancesCreated = _instances.Count;
    }

    public WorldOptions Options { get; }

    public FakeDisk Disk { get; } = new();

    /// <summary>Raised (outside the world's lock) when an instance shows a new QR code, waiting for a scan.</summary>
    public event Action<int>? QrCodeShown;

    IProcessBackend IWeChatBackend.Process => this;

    ILoginBackend? IWeChatBackend.Login => this;

    IMessageBackend? IWeChatBackend.Messages => this;

    IContactBackend? IWeChatBackend.Contacts => this;

    IRoomBackend? IWeChatBackend.Rooms => this;

    IFriendBackend? IWeChatBackend.Friends => this;

    ITransferBackend? IWeChatBackend.Transfers => this;

    IFileBackend? IWeChatBackend.Files => this;

    // ---- read-only views, for scenarios, load and tests -------------------------------------------

    public IReadOnlyList<string> AccountIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _accountOrder];
            }
        }
    }

    public IReadOnlyList<string> RoomIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _roomOrder.Where(_rooms.ContainsKey)];
            }
        }
    }

    /// <summary>Accounts logged in on some instance, in account order.</summary>
    public IReadOnlyList<string> OnlineAccounts
    {
        get
        {
            lock (_gate)
            {
                return [.. _accountOrder.Where(_pidOf.ContainsKey)];
            }
        }
    }

    /// <summary>The rooms an account is in (<paramref name="ownedOnly"/>: that it owns), in creation order.</summary>
    public IReadOnlyList<string> RoomsOf(string account, bool ownedOnly = false)
    {
        lock (_gate)
        {
            return [.. _roomOrder.Where(r => _rooms.TryGetValue(r, out var room) && room.Has(account) && (!ownedOnly || room.Owner == account))];
        }
    }

    public IReadOnlyList<int> Pids
    {
        get
        {
            lock (_gate)
            {
                return [.. _instances.Keys];
            }
        }
    }

    /// <summary>The room every account is in, as laid out at the start.</summary>
    public string LobbyRoom { get; internal set; } = string.Empty;

    /// <summary>True when the instance shows a QR code that has not been scanned yet.</summary>
    public bool ShowsQrCode(int pid)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(pid, out var i) && i.Account is null && i.QrLink is not null;
        }
    }

    public int? PidOf(string account)
    {
        lock (_gate)
        {
            return _pidOf.TryGetValue(account, out var pid) ? pid : null;
        }
    }

    public string? AccountOf(int pid)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(pid, out var i) ? i.Account : null;
        }
    }

    public SimPerson? Person(string wxid)
    {
        lock (_gate)
        {
            return _people.GetValueOrDefault(wxid);
        }
    }

    public SimRoom? Room(string wxid)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(wxid);
        }
    }

    public SimTransfer? Transfer(string id)
    {
        lock (_gate)
        {
            return _transfers.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<SimFriendRequest> PendingRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The account's contacts in a given state, in a stable order.</summary>
    public IReadOnlyList<string> ContactsOf(string account, ContactState state)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(account, out var a)
                ? [.. a.Contacts.Values.Where(c => c.State == state).Select(c => c.Wxid).Order(StringComparer.Ordinal)]
                : [];
        }
    }

    public SimContact? Contact(string account, string wxid)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(account, out var a) ? a.Contacts.GetValueOrDefault(wxid) : null;
        }
    }

    public IReadOnlyList<string> PublicIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _publics.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    // ---- wiring -----------------------------------------------------------------------------------

    public void Attach(IAgentSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            if (_sink is not null)
            {
                throw new InvalidOperationException("the simulated world is already attached to an agent");
            }

            _sink = sink;
            _interface = Options.Interface != InterfaceGenerations.None
                ? Options.Interface
                : (sink as WeQuickAgent)?.Options.Interface ?? InterfaceGenerations.V1;
            foreach (var instance in _instances.Values)
            {
                _generations[instance.Pid] = GenerationFor(instance);
            }

            foreach (var instance in _instances.Values)
            {
                sink.InstanceStarted(instance.Pid);
                if (instance.Account is { } account)
                {
                    // A client attached to a running, logged-in WeChat reports the login on its own.
                    EmitLogin(instance.Pid, _accounts[account]);
                }
            }
        }
    }

    private long _emitted;

    /// <summary>How many reports the world has emitted so far (load mode paces itself on it).</summary>
    public long EmittedCount => Interlocked.Read(ref _emitted);

    private void Emit(int pid, Report report)
    {
        if (_sink is { } sink)
        {
            // Each client reports in its own generation: the second's own kinds and fields, or none of them.
            if ((GenerationOf(pid) == InterfaceGenerations.V2 ? AsSecondGeneration(report) : AsFirstGeneration(report)) is not { } shaped)
            {
                return;
            }

            Interlocked.Increment(ref _emitted);
            sink.Post(pid, shaped);
        }
    }

    /// <summary>Posts a report to the account's agent, if the account is online.</summary>
    private void EmitTo(string account, Report report)
    {
        if (_pidOf.TryGetValue(account, out var pid))
        {
            Emit(pid, report);
        }
    }

    private void EmitLogin(int pid, SimAccount a)
    {
        Emit(pid, new LoginStatusReport { Account = a.Wxid, Code = 1 });
        Emit(pid, LoginUser(a));
    }

    private static LoginUserReport LoginUser(SimAccount a)
    {
        var me = a.Me;
        return new LoginUserReport
        {
            Account = me.Wxid,
            Wxid = me.Wxid,
            Username = me.Username,
            Nick = me.Nick,
            HeadPic = me.HeadPic,
            Sex = me.Sex,
            Country = me.Country,
            Province = me.Province,
            City = me.City,
            Uin = me.Uin,
            IsFriend = 1,
        };
    }

    private bool TryAccount(CommandContext c, out SimAccount account, out CommandOutcome failure)
    {
        if (_instances.TryGetValue(c.Pid, out var instance) && instance.Account is { } wxid && _accounts.TryGetValue(wxid, out account!))
        {
            failure = CommandOutcome.Ok;
            return true;
        }

        account = null!;
        failure = CommandOutcome.Fail($"WeChat process {c.Pid} is not logged in");
        return false;
    }

    // ---- ids ---------------------------------------------------------------------------------------

    private const string Alnum = "abcdefghijklmnopqrstuvwxyz0123456789";

    internal string NewWxid()
    {
        while (true)
        {
            var id = "wxid_" + RandomText(Alnum, 14);
            if (!_people.ContainsKey(id))
            {
                return id;
            }
        }
    }

    internal string NewRoomId()
    {
        while (true)
        {
            var id = RandomText("0123456789", 11).TrimStart('0') + "@chatroom";
            if (id.Length > 15 && !_rooms.ContainsKey(id))
            {
                return id;
            }
        }
    }

    internal int NewPid()
    {
        while (true)
        {
            var pid = _rng.Next(1000, 65_000);
            if (!_instances.ContainsKey(pid))
            {
                return pid;
            }
        }
    }

    internal string RandomText(string alphabet, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(alphabet[_rng.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    internal string Hex(int length) => RandomText("0123456789abcdef", length);

    internal Random Rng => _rng;

    internal Dictionary<string, SimPerson> People => _people;

    internal Dictionary<string, SimAccount> Accounts => _accounts;

    internal List<string> AccountOrder => _accountOrder;

    internal Dictionary<string, SimRoom> Rooms => _rooms;

    internal List<string> RoomOrder => _roomOrder;

    internal Dictionary<string, SimPublic> Publics => _publics;

    internal SortedDictionary<int, SimInstance> Instances => _instances;

    internal Dictionary<string, int> PidOfAccount => _pidOf;

    private string Now(string format) => _time.GetUtcNow().ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Where WeChat keeps a received file of an account.</summary>
    private string ReceivedPath(string account, string folder, string extension) =>
        $@"C:\Users\sim\Documents\WeChat Files\{account}\FileStorage\{folder}\{Now("yyyy-MM")}\{Hex(16)}{extension}";

    private string NickOf(string wxid) => _people.TryGetValue(wxid, out var p) ? p.Nick : _publics.TryGetValue(wxid, out var pub) ? pub.Nick : wxid;

    private string RoomNickOf(SimRoom room, string wxid) => room.Nicks.TryGetValue(wxid, out var n) ? n : NickOf(wxid);
}
