using System.Security.Cryptography;
using System.Text;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>What an idempotent enqueue did.</summary>
/// <param name="Command">The command the key names (new, or the one the first request created).</param>
/// <param name="Replayed">True when the key was used before and nothing new was enqueued.</param>
/// <param name="Conflict">True when the key was used before for a different request (nothing enqueued).</param>
internal sealed record IdempotentEnqueue(StoredCommand Command, bool Replayed, bool Conflict);

internal sealed partial class CommandQueue
{
    /// <summary>
    /// Enqueues <paramref name="command"/> unless <paramref name="key"/> was used before for the same operation (the
    /// command's kind) and target; the check, the insert and the key are one write item, so two concurrent requests
    /// with one key still make one command. A new command is handed to a waiting long-poll of its target in that
    /// item, as <see cref="EnqueueAsync"/> does.
    /// </summary>
    public async Task<IdempotentEnqueue> EnqueueOnceAsync(CommandTarget commandTarget, Command command, string key)
    {
        var now = time.GetUtcNow();
        var target = commandTarget.Key;
        var handing = new Handing();
        IdempotentEnqueue outcome;
        try
        {
            outcome = await writer.RunAsync((s, notes) =>
            {
                var enqueued = EnqueueOnce(s, commandTarget, command, key, now);
                if (!enqueued.Replayed)
                {
                    HandToWaitingPoll(s, notes, target, now, handing);
                }

                return enqueued;
            });
        }
        catch
        {
            handing.Undone();
            throw;
        }

        handing.Committed();
        if (!outcome.Replayed)
        {
            await AnnounceAsync(outcome.Command, now);
        }

        return outcome;
    }

    /// <summary>
    /// Inside a write item: enqueues <paramref name="command"/> unless <paramref name="key"/> was used before for the
    /// same operation and target (then the first command is returned, <see cref="IdempotentEnqueue.Replayed"/>). The
    /// caller announces a new command after the commit (<see cref="AnnounceAsync"/>).
    /// </summary>
    public IdempotentEnqueue EnqueueOnce(IGatewayWriteSession session, CommandTarget commandTarget, Command command, string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(command);
        var target = commandTarget.Key;
        var scope = IdempotencyScope(command.Kind, target);
        var hash = RequestHash(target, command);
        if (session.FindIdempotencyKey(scope, key) is { } seen && session.GetCommand(seen.CommandId) is { } first)
        {
            return new IdempotentEnqueue(first, Replayed: true, Conflict: !string.Equals(seen.RequestHash, hash, StringComparison.Ordinal));
        }

        var row = Insert(session, target, command, now);
        session.PutIdempotencyKey(new IdempotencyKey(scope, key, hash, row.Id, now));
        return new IdempotentEnqueue(row, Replayed: false, Conflict: false);
    }

    /// <summary>After the commit that stored <paramref name="stored"/>: wakes its target's long-polls, and, when pacing holds it, wakes them again when it may go.</summary>
    public async Task AnnounceAsync(StoredCommand stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        await bus.PublishCommandQueuedAsync(stored.Target);
        WakeWhenPaced(stored, now);
    }

    /// <summary>
    /// Where a key applies: the domain operation (the command's kind) and its target. Not the URL it came through,
    /// so renaming an endpoint never changes what a stored key means, and the typed and generic forms of one
    /// command share their keys.
    /// </summary>
    public static string IdempotencyScope(string api, string target) => api + " " + target;

    /// <summary>The digest of a request: its target and the command's wire form without a sendId.</summary>
    private static string RequestHash(string target, Command command)
    {
        var text = target + "\n" + Wire(command with { SendId = null });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
