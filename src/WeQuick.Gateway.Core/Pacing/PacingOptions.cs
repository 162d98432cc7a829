namespace WeQuick.Gateway.Pacing;

/// <summary>
/// Send pacing (configuration section <c>Gateway:Pacing</c>): how fast one account may send or change things.
/// Over-limit commands wait in the queue; nothing is rejected.
/// </summary>
public sealed class PacingOptions
{
    /// <summary>False turns pacing off: commands go as soon as their target polls.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sends to people and other changes (delete, remark, accept friend or transfer).</summary>
    public PacingBudget Private { get; set; } = new() { Burst = 5, Interval = TimeSpan.FromSeconds(3) };

    /// <summary>Messages to rooms (a target ending in <c>@chatroom</c>).</summary>
    public PacingBudget Room { get; set; } = new() { Burst = 2, Interval = TimeSpan.FromSeconds(6) };

    /// <summary>Room operations: invite, kick, rename, my nickname, create, leave, accept an invite.</summary>
    public PacingBudget RoomOps { get; set; } = new() { Burst = 1, Interval = TimeSpan.FromSeconds(10) };

    /// <summary>The least time between two paced commands of one account, whatever their budget.</summary>
    public TimeSpan MinGap { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Random spread of each wait, as a fraction of it (0.3: a 3 s wait becomes 2.1–3.9 s).</summary>
    public double Jitter { get; set; } = 0.3;

    /// <summary>The most createChatRoom commands per account in any 24 hours.</summary>
    public int CreateChatRoomPerDay { get; set; } = 5;

    /// <summary>The most friend additions (acceptFriend, addRoomFriend) per account in any 24 hours.</summary>
    public int FriendAddsPerDay { get; set; } = 20;

    /// <summary>Seeds the jitter (tests); unset, it is random.</summary>
    public int? Seed { get; set; }

    /// <summary>Overrides for single accounts, by wxid; unset fields keep the global values.</summary>
    public Dictionary<string, AccountPacingOptions> Accounts { get; set; } = new(StringComparer.Ordinal);

    internal IEnumerable<string> Validate()
    {
        foreach (var (name, profile) in Accounts.Select(a => ($"Gateway:Pacing:Accounts:{a.Key}", a.Value)).Prepend(("Gateway:Pacing", ToProfile())))
        {
            foreach (var (budgetName, budget) in new[] { ("Private", profile.Private), ("Room", profile.Room), ("RoomOps", profile.RoomOps) })
            {
                if (budget is not null && (budget.Burst < 1 || budget.Interval < TimeSpan.Zero))
                {
                    yield return $"{name}:{budgetName}: Burst must be at least 1 and Interval must not be negative";
                }
            }

            if (profile.Jitter is < 0 or >= 1)
            {
                yield return $"{name}:Jitter must be from 0 up to (not including) 1";
            }

            if (profile.MinGap < TimeSpan.Zero || profile.CreateChatRoomPerDay < 0 || profile.FriendAddsPerDay < 0)
            {
                yield return $"{name}: MinGap and the daily caps must not be negative";
            }
        }
    }

    /// <summary>The settings that apply to <paramref name="account"/>.</summary>
    internal ResolvedPacing For(string account)
    {
        Accounts.TryGetValue(account, out var o);
        return new ResolvedPacing(
            o?.Private ?? Private,
            o?.Room ?? Room,
            o?.RoomOps ?? RoomOps,
            o?.MinGap ?? MinGap,
            o?.Jitter ?? Jitter,
            o?.CreateChatRoomPerDay ?? CreateChatRoomPerDay,
            o?.FriendAddsPerDay ?? FriendAddsPerDay);
    }

    private AccountPacingOptions ToProfile() => new()
    {
        Private = Private,
        Room = Room,
        RoomOps = RoomOps,
        MinGap = MinGap,
        Jitter = Jitter,
        CreateChatRoomPerDay = CreateChatRoomPerDay,
        FriendAddsPerDay = FriendAddsPerDay,
    };
}

/// <summary>A token bucket: <see cref="Burst"/> commands at once, then one per <see cref="Interval"/>.</summary>
public sealed class PacingBudget
{
    /// <summary>How many may go back to back after a quiet spell.</summary>
    public int Burst { get; set; } = 1;

    /// <summary>The time one token takes to come back.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>One account's overrides of <see cref="PacingOptions"/>.</summary>
public sealed class AccountPacingOptions
{
    /// <summary>Overrides <see cref="PacingOptions.Private"/>.</summary>
    public PacingBudget? Private { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.Room"/>.</summary>
    public PacingBudget? Room { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.RoomOps"/>.</summary>
    public PacingBudget? RoomOps { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.MinGap"/>.</summary>
    public TimeSpan? MinGap { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.Jitter"/>.</summary>
    public double? Jitter { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.CreateChatRoomPerDay"/>.</summary>
    public int? CreateChatRoomPerDay { get; set; }

    /// <summary>Overrides <see cref="PacingOptions.FriendAddsPerDay"/>.</summary>
    public int? FriendAddsPerDay { get; set; }
}

internal sealed record ResolvedPacing(PacingBudget Private, PacingBudget Room, PacingBudget RoomOps, TimeSpan MinGap, double Jitter, int CreateChatRoomPerDay, int FriendAddsPerDay);
