using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Presence;

/// <summary>
/// Which client owns an account (its wxid) or a WeChat process id (<c>pid:N</c>): the first client whose poll or
/// report names one binds it, in the store (first writer wins there, so nodes sharing a store agree), and keeps it
/// until it is released. Another client's poll or report for a bound account is refused; another client's process
/// with a bound pid is served as its own instance, but commands for <c>pid:N</c> stay with the owner. Owners are
/// cached here, so the check costs a dictionary lookup on the hot path; a release is announced on the bus, so no
/// node answers from a stale owner.
/// </summary>
internal sealed partial class ClientBindings : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedPids = new(StringComparer.Ordinal);
    private readonly IClientBindingStore _store;
    private readonly IGatewayBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientBindings> _logger;
    private readonly IDisposable _releases;

    public ClientBindings(IClientBindingStore store, IGatewayBus bus, TimeProvider time, ILogger<ClientBindings> logger)
    {
        _store = store;
        _bus = bus;
        _time = time;
        _logger = logger;
        _releases = bus.SubscribeToClientBindingReleases(target => _owners.TryRemove(target, out _));
    }

    /// <summary>
    /// Binds <paramref name="account"/> to <paramref name="client"/> unless another client holds it; null when the
    /// client may act for the account, else the refusal (logged as a security event). <paramref name="action"/>
    /// says what was tried, for the log ("poll", "report").
    /// </summary>
    public ValueTask<Refusal?> ClaimAccountAsync(string account, string client, string action)
    {
        if (_owners.TryGetValue(account, out var owner))
        {
            return ValueTask.FromResult(owner == client ? null : Refuse(account, client, owner, action));
        }

        return ClaimSlowAsync(account, client, action);
    }

    /// <summary>
    /// Binds <c>pid:N</c> to <paramref name="client"/> unless another client holds it; whether the client's process
    /// is the one commands for <c>pid:N</c> go to.
    /// </summary>
    public async ValueTask<bool> ClaimPidAsync(int pid, string client)
    {
        var target = CommandTarget.InstanceKey(pid);
        if (!_owners.TryGetValue(target, out var owner))
        {
            owner = await BindAsync(target, client);
        }

        if (owner == client)
        {
            return true;
        }

        if (_warnedPids.TryAdd(InstanceRegistry.IdOf(client, pid), 0))
        {
            LogPidShared(_logger, client, pid, owner);
        }

        return false;
    }

    /// <summary>Releases the binding of <paramref name="target"/> (only <paramref name="client"/>'s, when given); the binding released, if any.</summary>
    public async Task<ClientBinding?> ReleaseAsync(string target, string? client, CancellationToken cancellationToken)
    {
        var released = await _store.ReleaseAsync(target, client, cancellationToken);
        if (released is not null)
        {
            _owners.TryRemove(target, out _);
            if (CommandTarget.IsInstanceKey(target))
            {
                foreach (var key in _warnedPids.Keys.Where(k => k.EndsWith("/" + target[CommandTarget.InstancePrefix.Length..], StringComparison.Ordinal)))
                {
                    _warnedPids.TryRemove(key, out _);
                }
            }

            _bus.AnnounceClientBindingReleased(target);
            LogReleased(_logger, target, released.Client);
        }

        return released;
    }

    /// <summary>The binding of <paramref name="target"/> as the store has it.</summary>
    public Task<ClientBinding?> ReadAsync(string target, CancellationToken cancellationToken) => _store.ReadAsync(target, cancellationToken);

    public void Dispose() => _releases.Dispose();

    private async ValueTask<Refusal?> ClaimSlowAsync(string account, string client, string action)
    {
        var owner = await BindAsync(account, client);
        return owner == client ? null : Refuse(account, client, owner, action);
    }

    private async Task<string> BindAsync(string target, string client)
    {
        var owner = await _store.BindAsync(target, client, _time.GetUtcNow(), CancellationToken.None);
        _owners[target] = owner;
        if (owner == client)
        {
            LogBound(_logger, target, client);
        }

        return owner;
    }

    private Refusal Refuse(string account, string client, string owner, string action)
    {
        LogRefused(_logger, client, action, account, owner);
        return Refusal.BoundToAnotherClient(account);
    }

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "Security: client {Client} was refused a {Action} for account {Account}, which belongs to client {Owner}; nothing was handed out or stored. If the account moved, release it with DELETE /api/v1/accounts/{Account}/binding")]
    private static partial void LogRefused(ILogger logger, string client, string action, string account, string owner);

    [LoggerMessage(EventId = 721, Level = LogLevel.Information, Message = "{Target} is bound to client {Client}")]
    private static partial void LogBound(ILogger logger, string target, string client);

    [LoggerMessage(EventId = 724, Level = LogLevel.Information, Message = "The binding of {Target} to client {Client} was released")]
    private static partial void LogReleased(ILogger logger, string target, string client);

    [LoggerMessage(EventId = 725, Level = LogLevel.Warning, Message = "Client {Client} polls with WeChat process id {Pid}, which client {Owner} holds: its instance is served, but commands for pid:{Pid} go to {Owner}'s process until that one goes offline")]
    private static partial void LogPidShared(ILogger logger, string client, int pid, string owner);
}
