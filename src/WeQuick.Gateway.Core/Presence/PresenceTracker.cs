using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

/// <summary>
/// Which WeChat instances are polling and which account each carries. The instances' live state is owned by one
/// process: the in-process implementation keeps it in memory (<see cref="PresenceTracker"/>); one for several
/// nodes keeps it where every node can see it. Every change is also recorded in the log as a gateway event.
/// </summary>
internal interface IPresence
{
    /// <summary>Loads what the store knows of the instances; called once at start, before anything polls.</summary>
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>A poll of <paramref name="client"/>'s instance <paramref name="pid"/>, carrying <paramref name="wxid"/> once logged in.</summary>
    Task<InstanceState> OnPollAsync(string client, int pid, string? wxid);

    /// <summary>A poll is being held: the instance counts as online until the returned scope ends.</summary>
    IDisposable Hold(InstanceState instance);

    /// <summary>Records every instance silent past the grace period as offline; returns how many.</summary>
    Task<int> MarkSilentOfflineAsync();

    /// <summary>Whether the target is online: an account whose instance polls and carries it, or any polling instance with the pid.</summary>
    bool IsOnline(CommandTarget target);

    /// <summary>The instance an account was last seen in.</summary>
    string? InstanceOf(string account);

    /// <summary>Every instance as it is now.</summary>
    IReadOnlyList<InstanceSnapshot> Instances();

    /// <summary>The command targets that are online now: bound accounts and <c>pid:N</c> of online instances.</summary>
    HashSet<string> OnlineTargets();
}

/// <summary>One instance as it was when read.</summary>
/// <param name="Id">The instance id: client and pid.</param>
/// <param name="Client">The client's name (or address).</param>
/// <param name="Pid">The WeChat process id.</param>
/// <param name="Online">Whether it polls.</param>
/// <param name="Account">The account it carries.</param>
/// <param name="LastSeen">When it last polled.</param>
internal sealed record InstanceSnapshot(string Id, string Client, int Pid, bool Online, string? Account, DateTimeOffset LastSeen);

/// <summary>
/// Presence from the poll heartbeat: the first poll of an instance records <c>instanceOnline</c>, a poll
/// carrying a new wxid records <c>instanceBound</c>, and silence past the grace period records
/// <c>instanceOffline</c>. Polls that change nothing write nothing. The instances live in this process's memory
/// (<see cref="InstanceRegistry"/>), loaded from the <c>instance</c> projection at start.
/// </summary>
internal sealed partial class PresenceTracker(
    StoreWriter writer,
    Projector projector,
    LoginRefresh loginRefresh,
    InstanceRegistry registry,
    ClientBindings bindings,
    IGatewayStore store,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<PresenceTracker> logger) : IPresence
{
    private readonly TimeSpan _grace = options.Value.OnlineGrace;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var instances = await store.ReadDocumentsAsync(Collections.Instance, string.Empty, int.MaxValue, newestFirst: false, cancellationToken);
        registry.Load(instances, time.GetUtcNow());
    }

    public IDisposable Hold(InstanceState instance)
    {
        lock (instance.Gate)
        {
            instance.ActivePolls++;
        }

        return new PollHold(instance, time);
    }

    public bool IsOnline(CommandTarget target)
    {
        if (target.IsInstance)
        {
            return registry.All.Any(i => i.Pid == target.Pid && i.Snapshot().Online);
        }

        return registry.InstanceOf(target.Account!) is { } id && registry.Find(id)?.Snapshot() is { Online: true } i && i.Account == target.Account;
    }

    public string? InstanceOf(string account) => registry.InstanceOf(account);

    public IReadOnlyList<InstanceSnapshot> Instances() => [.. registry.All.Select(i => i.Snapshot()).OrderBy(i => i.Id, StringComparer.Ordinal)];

    public HashSet<string> OnlineTargets() => registry.OnlineTargets();

    public async Task<InstanceState> OnPollAsync(string client, int pid, string? wxid)
    {
        var now = time.GetUtcNow();
        var state = registry.GetOrAdd(client, pid, now);
        List<NewEvent>? events = null;
        bool wasOnline;
        string? previousAccount;
        lock (state.Gate)
        {
            state.LastSeen = now;
            wasOnline = state.Online;
            previousAccount = state.Account;
            if (!state.Online)
            {
                state.Online = true;
                (events ??= []).Add(GatewayEvents.Create(GatewayEvents.InstanceOnline, state, state.Account, now));
            }

            if (wxid is { Length: > 0 } && state.Account != wxid)
            {
                state.Account = wxid;
                (events ??= []).Add(GatewayEvents.Create(GatewayEvents.InstanceBound, state, wxid, now));
            }
        }

        if (events is null)
        {
            return state;
        }

        (IReadOnlyList<StoredCommand> Commands, long Seq)? refresh;
        try
        {
            refresh = await writer.RunAsync(s =>
            {
                (IReadOnlyList<StoredCommand>, long)? queued = null;
                foreach (var (seq, loggedIn) in Append(s, events))
                {
                    // A poll carrying the wxid of an account the gateway did not know logged in: the login it missed.
                    if (loggedIn is not null
                        && loginRefresh.Queue(s, loggedIn, seq, loginRefresh.GenerationOf(s, client, loggedIn, state.Id), now) is { Count: > 0 } commands)
                    {
                        queued = (commands, seq);
                    }
                }

                return queued;
            });
        }
        catch
        {
            lock (state.Gate)
            {
                state.Online = wasOnline;
                state.Account = previousAccount;
            }

            throw;
        }

        if (refresh is { } r)
        {
            // This poll goes on to take what is due for the account; other polls of it are woken.
            await loginRefresh.QueuedAsync(r.Commands, _ => false, r.Seq, now);
        }

        if (wxid is { Length: > 0 } && previousAccount != wxid)
        {
            registry.Bind(wxid, state.Id);
            LogBound(logger, state.Id, wxid);
        }

        if (!wasOnline)
        {
            LogOnline(logger, state.Id);
        }

        return state;
    }

    /// <summary>Records every instance silent past the grace period as offline.</summary>
    public async Task<int> MarkSilentOfflineAsync()
    {
        var now = time.GetUtcNow();
        var events = new List<NewEvent>();
        var changed = new List<InstanceState>();
        foreach (var state in registry.All)
        {
            lock (state.Gate)
            {
                if (state.Online && state.ActivePolls == 0 && now - state.LastSeen > _grace)
                {
                    state.Online = false;
                    events.Add(GatewayEvents.Create(GatewayEvents.InstanceOffline, state, state.Account, now));
                    changed.Add(state);
                }
            }
        }

        if (events.Count == 0)
        {
            return 0;
        }

        try
        {
            await writer.RunAsync(s => Append(s, events));
        }
        catch
        {
            foreach (var state in changed)
            {
                lock (state.Gate)
                {
                    state.Online = true;
                }
            }

            throw;
        }

        foreach (var state in changed)
        {
            LogOffline(logger, state.Id, _grace);

            // The process is gone, and its pid may come back as another client's process: commands for pid:N may go there.
            await bindings.ReleaseAsync(CommandTarget.InstanceKey(state.Pid), state.Client, CancellationToken.None);
        }

        return events.Count;
    }

    /// <summary>Appends and projects gateway events; for each, its seq and the account it logged in, if any.</summary>
    private List<(long Seq, string? LoggedIn)> Append(IGatewayWriteSession s, List<NewEvent> events)
    {
        var applied = new List<(long, string?)>(events.Count);
        foreach (var e in events)
        {
            var seq = s.AppendEvent(e);
            applied.Add((seq, projector.Apply(s, new StoredEvent(seq, e.Kind, e.Account, e.Instance, e.ReceivedAt, e.Source, e.ContentType, e.Body.ToArray()), null)));
        }

        return applied;
    }

    private sealed class PollHold(InstanceState instance, TimeProvider time) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (instance.Gate)
                {
                    instance.ActivePolls--;
                    instance.LastSeen = time.GetUtcNow();
                }
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Instance {Instance} is online")]
    private static partial void LogOnline(ILogger logger, string instance);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Instance {Instance} is offline: no poll for {Grace}")]
    private static partial void LogOffline(ILogger logger, string instance, TimeSpan grace);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Instance {Instance} carries account {Account}")]
    private static partial void LogBound(ILogger logger, string instance, string account);
}
