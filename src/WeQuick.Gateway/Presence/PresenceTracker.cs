using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

/// <summary>
/// Presence from the poll heartbeat: the first poll of an instance records <c>instanceOnline</c>, a poll
/// carrying a new wxid records <c>instanceBound</c>, and silence past the grace period records
/// <c>instanceOffline</c>. Polls that change nothing write nothing.
/// </summary>
internal sealed partial class PresenceTracker(
    StoreWriter writer,
    Projector projector,
    InstanceRegistry registry,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<PresenceTracker> logger)
{
    private readonly TimeSpan _grace = options.Value.OnlineGrace;

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

        try
        {
            await writer.RunAsync(s => Append(s, events));
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
        }

        return events.Count;
    }

    private int Append(IGatewayWriteSession s, List<NewEvent> events)
    {
        foreach (var e in events)
        {
            var seq = s.AppendEvent(e);
            projector.Apply(s, new StoredEvent(seq, e.Kind, e.Account, e.Instance, e.ReceivedAt, e.Source, e.ContentType, e.Body.ToArray()), null);
        }

        return events.Count;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Instance {Instance} is online")]
    private static partial void LogOnline(ILogger logger, string instance);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Instance {Instance} is offline: no poll for {Grace}")]
    private static partial void LogOffline(ILogger logger, string instance, TimeSpan grace);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Instance {Instance} carries account {Account}")]
    private static partial void LogBound(ILogger logger, string instance, string account);
}
