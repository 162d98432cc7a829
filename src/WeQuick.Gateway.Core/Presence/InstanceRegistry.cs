using System.Collections.Concurrent;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

/// <summary>
/// The live view of instances (one WeChat process of one client) and which account each carries. The
/// durable view is the <c>instance</c> projection; this is loaded from it at start and kept in memory
/// so polls cost no write unless something changed.
/// </summary>
internal sealed class InstanceRegistry
{
    private readonly ConcurrentDictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _instanceOfAccount = new(StringComparer.Ordinal);

    public static string IdOf(string client, int pid) => $"{client}/{pid}";

    public InstanceState GetOrAdd(string client, int pid, DateTimeOffset now) =>
        _instances.GetOrAdd(IdOf(client, pid), static (id, a) => new InstanceState(id, a.client, a.pid) { LastSeen = a.now }, (client, pid, now));

    public InstanceState? Find(string id) => _instances.GetValueOrDefault(id);

    public IEnumerable<InstanceState> All => _instances.Values;

    public string? InstanceOf(string account) => _instanceOfAccount.GetValueOrDefault(account);

    public void Bind(string account, string instance) => _instanceOfAccount[account] = instance;

    /// <summary>The command targets that are online now: bound accounts and <c>pid:N</c> of online instances.</summary>
    public HashSet<string> OnlineTargets()
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in _instances.Values)
        {
            lock (i.Gate)
            {
                if (i.Online)
                {
                    targets.Add(CommandTarget.InstanceKey(i.Pid));
                    if (i.Account is { Length: > 0 } a)
                    {
                        targets.Add(a);
                    }
                }
            }
        }

        return targets;
    }

    /// <summary>Loads the instances the projection knows; the ones that were online get a fresh grace period.</summary>
    public void Load(IEnumerable<ProjectionDocument> instanceDocuments, DateTimeOffset now)
    {
        foreach (var stored in instanceDocuments)
        {
            var doc = ProjectionStore.Read<InstanceDocument>(stored.Json);
            var state = GetOrAdd(doc.Client, doc.Pid, now);
            lock (state.Gate)
            {
                state.Online = doc.Online;
                state.Account = doc.Account;
                state.LastSeen = now;
            }

            if (state.Account is { Length: > 0 } account)
            {
                Bind(account, state.Id);
            }
        }
    }
}

/// <summary>One instance as the gateway last saw it. Guarded by <see cref="Gate"/>.</summary>
internal sealed class InstanceState(string id, string client, int pid)
{
    public Lock Gate { get; } = new();

    public string Id { get; } = id;

    public string Client { get; } = client;

    public int Pid { get; } = pid;

    public string? Account { get; set; }

    public bool Online { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Polls being held right now (long-polls): an instance holding one is online.</summary>
    public int ActivePolls { get; set; }

    /// <summary>A copy of the state as it is now.</summary>
    public InstanceSnapshot Snapshot()
    {
        lock (Gate)
        {
            return new InstanceSnapshot(Id, Client, Pid, Online, Account, LastSeen);
        }
    }
}
