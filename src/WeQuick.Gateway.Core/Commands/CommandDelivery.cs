using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// <c>send_msg</c>: a client's instance asks for its commands. The poll is presence (the first poll of an instance
/// records it online, one carrying a new wxid binds the account), then the commands due for the instance and its
/// account, recorded delivered before they are answered; with a wait, the poll is held until a command comes
/// (and can be handed one in the very transaction that stores it, see <see cref="PollHandoff"/>) or the time is up.
/// </summary>
internal sealed class CommandDelivery(
    IPresence presence,
    CommandQueue queue,
    PollHandoff handoff,
    ClientBindings bindings,
    StoreWriter writer,
    IGatewayStore store,
    IGatewayBus bus,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime)
{
    private readonly GatewayOptions _options = options.Value;

    /// <summary>
    /// How long a poll is held: <paramref name="requested"/> (the poll's own <c>?wait=</c>) when given, else the
    /// client's setting, else the default; never over <see cref="GatewayOptions.MaxLongPoll"/>.
    /// </summary>
    public TimeSpan HoldFor(ClientCredential? client, TimeSpan? requested)
    {
        var wait = requested ?? client?.LongPoll ?? _options.DefaultLongPoll;
        return wait > _options.MaxLongPoll ? _options.MaxLongPoll : wait;
    }

    /// <summary>A poll of a client that does not say how many commands it takes: answered with the gateway's <see cref="GatewayOptions.CommandsPerAnswer"/> at most.</summary>
    /// <exception cref="GatewayUnavailableException">The gateway is stopping and nothing was handed to the poll.</exception>
    public Task<PollAnswer> PollAsync(string client, int pid, string? wxid, TimeSpan wait, CancellationToken aborted) =>
        PollAsync(client, pid, wxid, wait, queue.AnswerSize(null, null), aborted);

    /// <summary>
    /// Answers one poll with the wire array of the commands it is handed (<c>[]</c> for none; at most <paramref name="take"/>,
    /// see <see cref="CommandQueue.AnswerSize"/>), or a refusal when the account belongs to another client. Commands handed to it
    /// are recorded as delivered to the instance, so every way out of a held poll answers with them.
    /// </summary>
    /// <exception cref="GatewayUnavailableException">The gateway is stopping and nothing was handed to the poll.</exception>
    public async Task<PollAnswer> PollAsync(string client, int pid, string? wxid, TimeSpan wait, int take, CancellationToken aborted)
    {
        // The account must be this client's (or nobody's yet, and then becomes this client's) before the poll counts
        // as presence: a poll refused here binds nothing and is handed nothing.
        if (wxid is not null && await bindings.ClaimAccountAsync(wxid, client, "poll") is { } refused)
        {
            return new PollAnswer(null, refused);
        }

        var ownsPid = await bindings.ClaimPidAsync(pid, client);
        var instance = await presence.OnPollAsync(client, pid, wxid);
        var instanceTarget = CommandTarget.InstanceKey(pid);

        // Commands for pid:N go to the process of the client that holds pid N; another client's process with the same
        // pid gets its account's commands only.
        string[] targets = (wxid, ownsPid) switch
        {
            (null, true) => [instanceTarget],
            (null, false) => [],
            (_, true) => [wxid, instanceTarget],
            (_, false) => [wxid],
        };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        using var held = presence.Hold(instance);
        if (targets.Length == 0)
        {
            await HoldEmptyAsync(wait, cancel.Token);
            return new PollAnswer(CommandQueue.Batch([]), null);
        }

        var commands = await TakeAsync(instance, targets, wait, take, cancel);
        if (commands.Count == 0)
        {
            return new PollAnswer(CommandQueue.Batch([]), null);
        }

        // Which generation to write them in is looked up only when there is something to write: most polls find nothing.
        return new PollAnswer(CommandQueue.Batch(commands, await GenerationAsync(client, wxid, instance.Id)), null);
    }

    /// <summary>
    /// The generation a poll's commands are written in: pinned on the client's credential, else learned. The commands
    /// are already recorded as handed to this poll, so a failed look-up writes them as they were queued rather than
    /// losing the answer.
    /// </summary>
    private async Task<InterfaceGenerations> GenerationAsync(string? client, string? wxid, string instance)
    {
        if (ClientGenerations.Pinned(_options, client) is var pinned && pinned != InterfaceGenerations.None)
        {
            return pinned;
        }

        try
        {
            return await ClientGenerations.LearnedAsync(store, wxid, instance, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return InterfaceGenerations.None;
        }
    }

    /// <summary>Holds a poll that nothing can be handed to for its wait, so a long-polling client does not spin.</summary>
    private async Task HoldEmptyAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<IReadOnlyList<StoredCommand>> TakeAsync(InstanceState instance, string[] targets, TimeSpan wait, int take, CancellationTokenSource cancel)
    {
        var deadline = time.GetUtcNow() + wait;

        // A held poll can be handed a command in the transaction that stores it (see PollHandoff): commands
        // handed to it are already recorded as delivered to this instance, so every way out answers with them.
        using var waiter = wait > TimeSpan.Zero ? handoff.Register(targets, instance.Id, take) : null;
        try
        {
            while (true)
            {
                using var subscription = waiter is null ? null : bus.SubscribeToCommands(targets);
                waiter?.Arm();
                var now = time.GetUtcNow();
                if (await store.HasDueCommandsAsync(targets, now - _options.AckTimeout, cancel.Token))
                {
                    if (await HandedAsync(waiter) is { } handed)
                    {
                        return handed;
                    }

                    var taken = await writer.RunAsync((s, notes) => queue.TakeDue(s, notes, targets, instance.Id, take, now));
                    if (taken.Count > 0)
                    {
                        return taken;
                    }
                }

                var remaining = deadline - time.GetUtcNow();
                if (waiter is null || subscription is null || remaining <= TimeSpan.Zero)
                {
                    return await HandedAsync(waiter) ?? [];
                }

                waiter.Arm();
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
                var timeout = Task.Delay(remaining, time, delay.Token);
                await Task.WhenAny(subscription.Signaled, waiter.Settled, timeout);
                await delay.CancelAsync();
                if (await HandedAsync(waiter) is { } woken)
                {
                    return woken;
                }

                if (cancel.IsCancellationRequested)
                {
                    return [];
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return await HandedAsync(waiter) ?? [];
        }
        catch (GatewayUnavailableException)
        {
            if (await HandedAsync(waiter) is { } handed)
            {
                return handed;
            }

            throw;
        }
    }

    /// <summary>Stops the poll being claimable; the commands a write handed to it, if any.</summary>
    private static async Task<IReadOnlyList<StoredCommand>?> HandedAsync(PollWaiter? waiter) =>
        waiter is not null && await waiter.DisarmAsync() is { Count: > 0 } handed ? handed : null;
}

/// <summary>What a poll is answered: the wire array of its commands, or why it was refused.</summary>
/// <param name="Commands">The wire array (<c>[]</c> for none); null when refused.</param>
/// <param name="Refusal">Why the poll was refused.</param>
internal sealed record PollAnswer(byte[]? Commands, Refusal? Refusal);
