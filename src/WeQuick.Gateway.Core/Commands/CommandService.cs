using Microsoft.Extensions.Options;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>How a submission treats its target before anything is enqueued.</summary>
internal enum TargetCheck
{
    /// <summary>The target must be known to the gateway and online now (the typed API's default).</summary>
    KnownAndOnline,

    /// <summary>The target must be known; an offline one is queued until it polls again (<c>?queue=true</c>).</summary>
    Known,

    /// <summary>No check: the command is queued for whatever the target names (the generic command endpoint).</summary>
    None,
}

/// <summary>A command to submit.</summary>
/// <param name="Target">Who runs it.</param>
/// <param name="Command">The command, without a sendId (the gateway gives it one).</param>
/// <param name="Check">How the target is checked first.</param>
/// <param name="IdempotencyKey">The caller's key: the same key for the same operation and target never enqueues twice.</param>
internal sealed record CommandRequest(CommandTarget Target, Command Command, TargetCheck Check = TargetCheck.KnownAndOnline, string? IdempotencyKey = null);

/// <summary>What a submission came to: the command (new, or the one its idempotency key names), or a refusal.</summary>
internal sealed record Submission(StoredCommand? Command, bool Replayed, Refusal? Refusal)
{
    public static Submission Refused(Refusal refusal) => new(null, false, refusal);
}

/// <summary>
/// Commands from a front end's point of view: check the target against the command's policy and presence, enqueue
/// (once per idempotency key), and wait for a terminal state. Every front end submits through here; none of them
/// touches the queue directly.
/// </summary>
internal sealed class CommandService(CommandQueue queue, IPresence presence, ClientBindings bindings, IGatewayStore store, IGatewayBus bus, TimeProvider time, IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _options = options.Value;

    /// <summary>The longest a caller may wait for a command to finish.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public async Task<Submission> SubmitAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        var policy = CommandQueue.PolicyOf(request.Command.Kind);
        if (!policy.Accepts(target.Kind))
        {
            return Submission.Refused(new Refusal(RefusalKind.Invalid, "invalid-command", "Wrong target",
                $"{request.Command.Kind} needs a logged-in account: address it to the account's wxid, not to the instance '{target.Key}'"));
        }

        if (await CheckAsync(target, request.Check, cancellationToken) is { } refused)
        {
            return Submission.Refused(refused);
        }

        if (await CheckGenerationAsync(target, request.Command, cancellationToken) is { } unsupported)
        {
            return Submission.Refused(unsupported);
        }

        try
        {
            if (request.IdempotencyKey is not { } key)
            {
                return new Submission(await queue.EnqueueAsync(target, request.Command), false, null);
            }

            var outcome = await queue.EnqueueOnceAsync(target, request.Command, key);
            if (outcome.Conflict)
            {
                return Submission.Refused(new Refusal(RefusalKind.KeyReused, "idempotency-key-reused", "Idempotency key reused",
                    $"the Idempotency-Key '{CommandTarget.Shown(key)}' was first used for a different request (command {outcome.Command.Id}); use a new key for a new request"));
            }

            return new Submission(outcome.Command, outcome.Replayed, null);
        }
        catch (GatewayUnavailableException ex)
        {
            return Submission.Refused(Refusal.Unavailable(ex));
        }
    }

    /// <summary>The instance <c>openWeChat</c> goes to when none is named: the most recently heard-from online one (or, when queueing, known one).</summary>
    public (CommandTarget Target, Refusal? Refusal) PickInstance(bool queue)
    {
        var all = presence.Instances();
        if (all.Count == 0)
        {
            return (default, new Refusal(RefusalKind.NotFound, "unknown-instance", "No instance", "no WeQuick client has polled this gateway yet: start one with this gateway's URLs"));
        }

        var pick = all.Where(i => i.Online).MaxBy(i => i.LastSeen) ?? (queue ? all.MaxBy(i => i.LastSeen) : null);
        return pick is null
            ? (default, new Refusal(RefusalKind.Conflict, "instance-offline", "No instance online", "no WeChat instance is polling now; start a WeQuick client, or add ?queue=true"))
            : (CommandTarget.ForInstance(pick.Pid), null);
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for command <paramref name="id"/> to reach a terminal state; returns it as it
    /// is then (terminal or not), or null when there is no such command.
    /// </summary>
    public async Task<StoredCommand?> WaitAsync(long id, TimeSpan wait, CancellationToken cancellationToken)
    {
        // The deadline is armed before the subscription, so whoever sees the request waiting sees its timer running.
        using var deadline = new CancellationTokenSource(wait, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var subscription = bus.SubscribeToCommandFinished(id);
        var current = await store.ReadCommandAsync(id, cancellationToken);
        if (current is null or { IsTerminal: true })
        {
            return current;
        }

        try
        {
            await subscription.Finished.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }

        return await store.ReadCommandAsync(id, CancellationToken.None) ?? current;
    }

    /// <summary>
    /// The generation of the interface <paramref name="target"/>'s client speaks: pinned on its credential, else learned
    /// from its reports, else unknown.
    /// </summary>
    public async Task<InterfaceGenerations> GenerationOfAsync(CommandTarget target, CancellationToken cancellationToken)
    {
        var instance = target.IsInstance
            ? presence.Instances().Where(i => i.Pid == target.Pid).MaxBy(i => i.LastSeen)
            : presence.InstanceOf(target.Account!) is { } id ? presence.Instances().FirstOrDefault(i => i.Id == id) : null;
        if (_options.Clients.Exists(c => !string.IsNullOrWhiteSpace(c.Interface)))
        {
            // The client the target is bound to is the one that runs it; the instance's, before anything was bound.
            var client = (await bindings.ReadAsync(target.Key, cancellationToken))?.Client ?? instance?.Client;
            if (ClientGenerations.Pinned(_options, client) is var pinned && pinned != InterfaceGenerations.None)
            {
                return pinned;
            }
        }

        return await ClientGenerations.LearnedAsync(store, target.Account, instance?.Id, cancellationToken);
    }

    /// <summary>A command its target's generation does not have is refused; an unknown generation accepts everything.</summary>
    private async Task<Refusal?> CheckGenerationAsync(CommandTarget target, Command command, CancellationToken cancellationToken)
    {
        if (ProtocolRegistry.FindCommand(command.Kind) is not { } kind)
        {
            return null;
        }

        var speaks = await GenerationOfAsync(target, cancellationToken);
        if (speaks == InterfaceGenerations.None || (kind.Generations & speaks) != 0)
        {
            return null;
        }

        var who = target.IsInstance ? $"the WeChat instance with pid {target.Pid}" : $"account '{target.Account}'";
        var needs = ClientGenerations.Name(kind.Generations) ?? "the other";
        return new Refusal(RefusalKind.Unsupported, "generation-unsupported", "Command of the other interface generation",
            $"{who} speaks interface {ClientGenerations.Name(speaks)}; {command.Kind} is a command of interface {needs} only, which its client does not know");
    }

    private async Task<Refusal?> CheckAsync(CommandTarget target, TargetCheck check, CancellationToken cancellationToken)
    {
        if (check == TargetCheck.None)
        {
            return null;
        }

        var queued = check == TargetCheck.Known;
        if (target.IsInstance)
        {
            if (!presence.Instances().Any(i => i.Pid == target.Pid))
            {
                return new Refusal(RefusalKind.NotFound, "unknown-instance", "No such instance", $"no WeChat instance with pid {target.Pid} has polled this gateway (GET /api/v1/instances lists them)");
            }

            return queued || presence.IsOnline(target)
                ? null
                : new Refusal(RefusalKind.Conflict, "instance-offline", "Instance offline", $"the WeChat instance with pid {target.Pid} is not polling; start its client, or add ?queue=true");
        }

        var wxid = target.Account!;
        if (await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is null)
        {
            return Refusal.UnknownAccount(wxid);
        }

        return queued || presence.IsOnline(target)
            ? null
            : new Refusal(RefusalKind.Conflict, "account-offline", "Account offline",
                $"account '{wxid}' is not online (its WeChat instance is not polling); start its client, or add ?queue=true to queue the command until it comes back");
    }
}
