using Microsoft.Extensions.Options;
using WeQuick.Gateway.Queries;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Webhooks;

/// <summary>
/// Webhook registrations: create, change, delete, replay from a seq, resend a dead letter. Each change is written
/// through the single writer and then announced on the bus, which wakes whoever delivers that webhook.
/// </summary>
internal sealed class WebhookService(IWebhookStore hooks, StoreWriter writer, IGatewayBus bus, IOptions<GatewayOptions> options)
{
    public Task<IReadOnlyList<StoredWebhook>> ListAsync(CancellationToken cancellationToken) => hooks.ReadWebhooksAsync(cancellationToken);

    public Task<StoredWebhook?> GetAsync(long id, CancellationToken cancellationToken) => hooks.ReadWebhookAsync(id, cancellationToken);

    /// <summary>Registers <paramref name="hook"/>; delivery starts after <paramref name="after"/> (the head of the log when null).</summary>
    public async Task<QueryResult<StoredWebhook>> CreateAsync(StoredWebhook hook, long? after, CancellationToken cancellationToken)
    {
        var max = options.Value.Webhooks.MaxWebhooks;
        if ((await hooks.ReadWebhooksAsync(cancellationToken)).Count >= max)
        {
            return new Refusal(RefusalKind.Conflict, "too-many-webhooks", "Too many webhooks",
                $"at most {max} webhooks may be registered (Gateway:Webhooks:MaxWebhooks); delete one first");
        }

        try
        {
            var stored = await writer.RunAsync(s => hooks.Writer(s).InsertWebhook(hook, after));
            bus.AnnounceWebhookChanged(stored.Id);
            return stored;
        }
        catch (GatewayUnavailableException ex)
        {
            return Refusal.Unavailable(ex);
        }
    }

    /// <summary>Writes <paramref name="updated"/> (all but its cursor); false when the webhook is gone.</summary>
    public async Task<bool> UpdateAsync(StoredWebhook updated) => await ChangeAsync(updated.Id, w => w.UpdateWebhook(updated));

    /// <summary>Deletes a webhook with its delivery log and dead letters; false when it is gone.</summary>
    public async Task<bool> DeleteAsync(long id) => await ChangeAsync(id, w => w.DeleteWebhook(id));

    /// <summary>Delivers every event after <paramref name="after"/> again, in order; false when the webhook is gone.</summary>
    public async Task<bool> ReplayAsync(long id, long after) => await ChangeAsync(id, w => w.SetCursor(id, after));

    /// <summary>Queues a dead letter for delivery again; null when the webhook has no such dead letter.</summary>
    public async Task<WebhookDeadLetter?> ResendAsync(long id, long letter)
    {
        var queued = await writer.RunAsync(s =>
        {
            var w = hooks.Writer(s);
            var found = w.GetDeadLetter(id, letter);
            if (found is null || found.State == DeadLetterState.Resending)
            {
                return found;
            }

            var next = found with { State = DeadLetterState.Resending };
            w.UpdateDeadLetter(next);
            return next;
        });
        if (queued is not null)
        {
            bus.AnnounceWebhookChanged(id);
        }

        return queued;
    }

    public Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(long id, long after, int limit, CancellationToken cancellationToken) =>
        hooks.ReadDeliveriesAsync(id, after, limit, cancellationToken);

    public Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(long id, long after, int limit, CancellationToken cancellationToken) =>
        hooks.ReadDeadLettersAsync(id, null, after, limit, cancellationToken);

    /// <summary>The dead letters queued for resending.</summary>
    public Task<IReadOnlyList<WebhookDeadLetter>> ResendingAsync(long id, int limit, CancellationToken cancellationToken) =>
        hooks.ReadDeadLettersAsync(id, DeadLetterState.Resending, 0, limit, cancellationToken);

    /// <summary>How many events after the webhook's cursor its filters take, counted up to <paramref name="cap"/>.</summary>
    public Task<int> PendingAsync(StoredWebhook hook, int cap, CancellationToken cancellationToken) => hooks.CountPendingAsync(hook, cap, cancellationToken);

    /// <summary>Records one failed delivery attempt, with how delivery is going since.</summary>
    public Task RecordAttemptAsync(WebhookDelivery attempt, WebhookDeliveryState state) => writer.RunAsync(s =>
    {
        var w = hooks.Writer(s);
        w.AddDelivery(attempt);
        w.SetDeliveryState(attempt.WebhookId, state);
        return true;
    });

    /// <summary>
    /// In one write: records the last try at the event <paramref name="to"/>, and moves the webhook's cursor from
    /// <paramref name="from"/> to it (past the events before it that the filter passed over), storing
    /// <paramref name="deadLetter"/> with it when the event was given up on. False when the cursor moved meanwhile
    /// (a replay) or the webhook is gone; the try is recorded either way while the webhook exists. <paramref name="state"/>,
    /// when given, is how delivery is going since.
    /// </summary>
    public Task<bool> FinishAsync(long id, long from, long to, WebhookDelivery lastTry, WebhookDeadLetter? deadLetter, WebhookDeliveryState? state = null) => writer.RunAsync(s =>
    {
        var w = hooks.Writer(s);
        w.AddDelivery(lastTry);
        if (state is not null)
        {
            w.SetDeliveryState(id, state);
        }

        if (!w.AdvanceCursor(id, from, to))
        {
            return false;
        }

        if (deadLetter is not null)
        {
            w.AddDeadLetter(deadLetter);
        }

        return true;
    });

    /// <summary>Moves the webhook's cursor from <paramref name="from"/> to <paramref name="to"/> (events the filter passed over); false when it moved meanwhile or the webhook is gone.</summary>
    public Task<bool> AdvanceAsync(long id, long from, long to) => writer.RunAsync(s => hooks.Writer(s).AdvanceCursor(id, from, to));

    /// <summary>In one write: records the last try of a dead letter's resend and what the resend came to.</summary>
    public Task ResolveAsync(WebhookDeadLetter letter, WebhookDelivery lastTry, WebhookDeliveryState? state = null) => writer.RunAsync(s =>
    {
        var w = hooks.Writer(s);
        w.AddDelivery(lastTry);
        if (state is not null)
        {
            w.SetDeliveryState(letter.WebhookId, state);
        }

        w.UpdateDeadLetter(letter);
        return true;
    });

    private async Task<bool> ChangeAsync(long id, Func<IWebhookWriter, bool> change)
    {
        var changed = await writer.RunAsync(s => change(hooks.Writer(s)));
        if (changed)
        {
            bus.AnnounceWebhookChanged(id);
        }

        return changed;
    }
}
