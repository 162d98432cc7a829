using System.Text;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Pacing;

/// <summary>Which budget a command spends.</summary>
internal enum PaceClass
{
    /// <summary>Not paced: queries, login and process commands, uploads to the client machine.</summary>
    None,

    /// <summary>Sends to a person and other changes.</summary>
    Private,

    /// <summary>Messages to a room.</summary>
    Room,

    /// <summary>Room operations.</summary>
    RoomOps,
}

/// <summary>Which daily cap a command counts against.</summary>
internal enum DailyCap
{
    /// <summary>None.</summary>
    None,

    /// <summary>createChatRoom.</summary>
    CreateChatRoom,

    /// <summary>acceptFriend, addRoomFriend.</summary>
    FriendAdd,
}

/// <summary>
/// Per-account send pacing. Two sets of token buckets per account: the <em>plan</em>, with human-like jitter,
/// gives each command its expected time when it is accepted (<see cref="StoredCommand.NotBefore"/>); the
/// <em>gate</em> checks real hand-outs against the lower bound of that jitter, so a backlog that built up
/// while the account was away still goes out spaced. Commands of one account keep their order.
/// State is in memory: after a restart each account starts with a full burst and empty daily windows.
/// </summary>
internal sealed class SendPacer(TimeProvider time, IGatewayBus bus, IOptions<GatewayOptions> options) : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly PacingOptions _options = options.Value.Pacing;
    private readonly Random _random = options.Value.Pacing.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AccountPace> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset At, ITimer Timer)> _wakeups = new(StringComparer.Ordinal);
    private bool _disposed;

    public bool Enabled => _options.Enabled;

    /// <summary>The budget and cap a command spends: its policy in the protocol registry, a message by its receiver.</summary>
    public static (PaceClass Class, DailyCap Cap) Classify(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var policy = CommandQueue.PolicyOf(command.Kind);
        var cls = policy.Pacing switch
        {
            CommandPacing.Message => Wxids.IsRoom(command.Receiver) ? PaceClass.Room : PaceClass.Private,
            CommandPacing.Change => PaceClass.Private,
            CommandPacing.RoomOperation => PaceClass.RoomOps,
            _ => PaceClass.None,
        };
        var cap = policy.DailyCap switch
        {
            CommandDailyCap.CreateRoom => DailyCap.CreateChatRoom,
            CommandDailyCap.FriendAdd => DailyCap.FriendAdd,
            _ => DailyCap.None,
        };
        return (cls, cap);
    }

    /// <summary>The budget and cap of a stored command, from its wire form.</summary>
    public static (PaceClass Class, DailyCap Cap) Classify(StoredCommand command)
    {
        var batch = CommandDecoder.DecodeBatch(Encoding.UTF8.GetBytes("[" + command.Wire + "]"));
        return batch.Commands.Count == 1 ? Classify(batch.Commands[0]) : (PaceClass.None, DailyCap.None);
    }

    /// <summary>
    /// Plans a command just accepted for <paramref name="target"/>: its expected send time, or null when it is
    /// not paced. Call in acceptance order (inside the write item), so plans follow the queue's order.
    /// </summary>
    public DateTimeOffset? Plan(string target, Command command, DateTimeOffset now)
    {
        if (!Enabled || CommandTarget.IsInstanceKey(target))
        {
            return null;
        }

        var (cls, cap) = Classify(command);
        if (cls == PaceClass.None)
        {
            return null;
        }

        var p = _options.For(target);
        lock (_gate)
        {
            var a = Account(target);
            var t = now;
            if (a.PlanLast is { } last && last + Spread(p.MinGap, p.Jitter) is var gapped && gapped > t)
            {
                t = gapped;
            }

            var budget = Budget(p, cls);
            var bucket = a.Plan[(int)cls];
            var tokens = bucket.TokensAt(t, budget.Burst, budget.Interval);
            if (tokens >= 1)
            {
                tokens -= 1;
            }
            else
            {
                t += Spread(budget.Interval * (1 - tokens), p.Jitter);
                tokens = 0;
            }

            bucket.Set(tokens, t);
            t = ApplyCap(a.PlanCaps, cap, CapOf(p, cap), t);
            a.PlanLast = t;
            return t;
        }
    }

    /// <summary>
    /// At hand-out: whether <paramref name="command"/> may go at <paramref name="now"/> (and if so, spends its
    /// budget); otherwise <paramref name="retryAt"/> says when it may.
    /// </summary>
    public bool TryTake(StoredCommand command, DateTimeOffset now, out DateTimeOffset retryAt)
    {
        ArgumentNullException.ThrowIfNull(command);
        retryAt = now;
        if (!Enabled || command.NotBefore is null)
        {
            return true;
        }

        var (cls, cap) = Classify(command);
        if (cls == PaceClass.None)
        {
            return true;
        }

        var p = _options.For(command.Target);
        var floor = 1 - p.Jitter;
        var budget = Budget(p, cls);
        var interval = budget.Interval * floor;
        lock (_gate)
        {
            var a = Account(command.Target);
            var earliest = command.NotBefore.Value;
            if (a.GateLast is { } last && last + (p.MinGap * floor) > earliest)
            {
                earliest = last + (p.MinGap * floor);
            }

            var bucket = a.Gate[(int)cls];
            var tokens = bucket.TokensAt(now, budget.Burst, interval);
            if (tokens < 1)
            {
                var refilled = now + (interval * (1 - tokens));
                earliest = refilled > earliest ? refilled : earliest;
            }

            var capped = CappedUntil(a.GateCaps, cap, CapOf(p, cap), now);
            earliest = capped > earliest ? capped : earliest;
            if (earliest > now)
            {
                retryAt = earliest;
                return false;
            }

            bucket.Set(tokens - 1, now);
            a.GateLast = now;
            ApplyCap(a.GateCaps, cap, CapOf(p, cap), now);
            return true;
        }
    }

    /// <summary>Wakes <paramref name="target"/>'s long-polls at <paramref name="at"/>, when its next paced command becomes due.</summary>
    public void WakeAt(string target, DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            _ = bus.PublishCommandQueuedAsync(target).AsTask();
            return;
        }

        lock (_gate)
        {
            if (_disposed || (_wakeups.TryGetValue(target, out var pending) && pending.At <= at))
            {
                return;
            }

            pending.Timer?.Dispose();
            var timer = time.CreateTimer(Fire, target, delay, Timeout.InfiniteTimeSpan);
            _wakeups[target] = (at, timer);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, timer) in _wakeups.Values)
            {
                timer.Dispose();
            }

            _wakeups.Clear();
        }
    }

    private void Fire(object? state)
    {
        var target = (string)state!;
        lock (_gate)
        {
            if (_wakeups.Remove(target, out var fired))
            {
                fired.Timer.Dispose();
            }
        }

        _ = bus.PublishCommandQueuedAsync(target).AsTask();
    }

    private static PacingBudget Budget(ResolvedPacing p, PaceClass cls) => cls switch
    {
        PaceClass.Room => p.Room,
        PaceClass.RoomOps => p.RoomOps,
        _ => p.Private,
    };

    private static int CapOf(ResolvedPacing p, DailyCap cap) => cap switch
    {
        DailyCap.CreateChatRoom => p.CreateChatRoomPerDay,
        DailyCap.FriendAdd => p.FriendAddsPerDay,
        _ => 0,
    };

    /// <summary>Records one use of the cap at or after <paramref name="t"/>; returns the time it may go.</summary>
    private static DateTimeOffset ApplyCap(Dictionary<DailyCap, List<DateTimeOffset>> windows, DailyCap cap, int perDay, DateTimeOffset t)
    {
        if (cap == DailyCap.None || perDay <= 0)
        {
            return t;
        }

        var until = CappedUntil(windows, cap, perDay, t);
        t = until > t ? until : t;
        windows[cap].Add(t);
        return t;
    }

    /// <summary>The earliest time at or after <paramref name="t"/> the cap has room for one more.</summary>
    private static DateTimeOffset CappedUntil(Dictionary<DailyCap, List<DateTimeOffset>> windows, DailyCap cap, int perDay, DateTimeOffset t)
    {
        if (cap == DailyCap.None || perDay <= 0)
        {
            return t;
        }

        if (!windows.TryGetValue(cap, out var list))
        {
            windows[cap] = list = [];
        }

        list.RemoveAll(x => x <= t - Day);
        return list.Count < perDay ? t : list[^perDay] + Day;
    }

    /// <summary><paramref name="span"/> spread by ±<paramref name="jitter"/> of itself.</summary>
    private TimeSpan Spread(TimeSpan span, double jitter) => span * (1 + (jitter * ((_random.NextDouble() * 2) - 1)));

    private AccountPace Account(string account)
    {
        if (!_accounts.TryGetValue(account, out var a))
        {
            _accounts[account] = a = new AccountPace();
        }

        return a;
    }

    private sealed class AccountPace
    {
        public Bucket[] Plan { get; } = [new(), new(), new(), new()];

        public Bucket[] Gate { get; } = [new(), new(), new(), new()];

        public Dictionary<DailyCap, List<DateTimeOffset>> PlanCaps { get; } = [];

        public Dictionary<DailyCap, List<DateTimeOffset>> GateCaps { get; } = [];

        public DateTimeOffset? PlanLast { get; set; }

        public DateTimeOffset? GateLast { get; set; }
    }

    private sealed class Bucket
    {
        private double _tokens;
        private DateTimeOffset? _at;

        /// <summary>The tokens at <paramref name="t"/>: full before first use, then refilled one per interval.</summary>
        public double TokensAt(DateTimeOffset t, int burst, TimeSpan interval)
        {
            if (_at is not { } at)
            {
                return burst;
            }

            if (interval <= TimeSpan.Zero)
            {
                return burst;
            }

            var refilled = _tokens + ((t - at) / interval);
            return Math.Min(burst, refilled);
        }

        public void Set(double tokens, DateTimeOffset at)
        {
            _tokens = tokens;
            _at = at;
        }
    }
}
