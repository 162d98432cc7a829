namespace WeQuick.Gateway;

/// <summary>
/// The signals between the parts of the gateway, which may one day run on different nodes: a command was queued
/// for a target (wakes its long-polls), the event log grew (wakes the stream and the webhook loops), commands
/// finished (wakes requests waiting on them), a webhook changed (wakes its delivery loop). Signals carry ids and
/// sequence numbers only: whoever is woken reads the store, which stays the source of truth. In-process now;
/// an implementation over a broker (Redis pub/sub) carries the same signals between nodes.
/// </summary>
public interface IGatewayBus
{
    /// <summary>Tells every waiter on <paramref name="target"/> that a command was queued for it.</summary>
    ValueTask PublishCommandQueuedAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts listening for <paramref name="targets"/>. Subscribe before checking the queue, then wait,
    /// so a command queued in between is not missed.
    /// </summary>
    ICommandSubscription SubscribeToCommands(IReadOnlyList<string> targets);

    /// <summary>
    /// Tells every listener that the event log was committed up to <paramref name="seq"/>. Called by the
    /// single writer right after a commit: it must not block (an implementation over a network queues it).
    /// </summary>
    void AnnounceEventsAppended(long seq);

    /// <summary>Starts listening for appended events (the live stream and the webhook dispatchers).</summary>
    IEventSubscription SubscribeToEvents();

    /// <summary>
    /// Tells every listener that the commands <paramref name="ids"/> reached a terminal state (completed, failed or
    /// expired), committed. Called by the single writer right after a commit: it must not block.
    /// </summary>
    void AnnounceCommandsFinished(IReadOnlyList<long> ids);

    /// <summary>
    /// Starts listening for command <paramref name="id"/> to finish. Subscribe before reading the command, then
    /// wait, so one finishing in between is not missed.
    /// </summary>
    ICommandFinishedSubscription SubscribeToCommandFinished(long id);

    /// <summary>Tells whoever delivers webhook <paramref name="id"/> that it was created, changed, deleted, replayed or has a dead letter to resend.</summary>
    void AnnounceWebhookChanged(long id);

    /// <summary>Calls <paramref name="changed"/> with the id of every webhook announced changed, until disposed. The callback must not block.</summary>
    IDisposable SubscribeToWebhookChanges(Action<long> changed);

    /// <summary>
    /// Tells every node that the client binding of <paramref name="target"/> (a wxid, or <c>pid:N</c>) was released
    /// in the store, so none keeps answering from a cached owner. Must not block.
    /// </summary>
    void AnnounceClientBindingReleased(string target);

    /// <summary>Calls <paramref name="released"/> with every target announced released, until disposed. The callback must not block.</summary>
    IDisposable SubscribeToClientBindingReleases(Action<string> released);

    /// <summary>Tells whoever holds a connection opened with an API key that keys were created or revoked (open streams check theirs again).</summary>
    void AnnounceApiKeysChanged();

    /// <summary>Calls <paramref name="changed"/> at every announcement that API keys changed, until disposed. The callback must not block.</summary>
    IDisposable SubscribeToApiKeyChanges(Action changed);
}

/// <summary>
/// A listener for appended events; dispose to stop listening. Use it as "take <see cref="WhenAppended"/>,
/// read the store after the cursor, await the task only when the read came back empty", so an append
/// that commits between the read and the wait is never missed. The store stays the source of truth.
/// </summary>
public interface IEventSubscription : IDisposable
{
    /// <summary>The highest sequence number announced so far (0 before the first announcement): a hint, for lag.</summary>
    long Head { get; }

    /// <summary>A task that completes at the first announcement after this call.</summary>
    Task WhenAppended();
}

/// <summary>A listener for queued commands; dispose to stop listening.</summary>
public interface ICommandSubscription : IDisposable
{
    /// <summary>Completes when a command was queued for one of the targets since the subscription started.</summary>
    Task Signaled { get; }
}

/// <summary>A listener for one command to finish; dispose to stop listening.</summary>
public interface ICommandFinishedSubscription : IDisposable
{
    /// <summary>Completes when the command was announced finished since the subscription started.</summary>
    Task Finished { get; }
}
