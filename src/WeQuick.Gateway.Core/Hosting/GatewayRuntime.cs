using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway;

/// <summary>
/// Starts the gateway's core before any front end takes requests (schema, writer, presence, the monitor) and stops
/// it after they have drained, so in-flight appends are committed.
/// </summary>
internal sealed partial class GatewayRuntime(
    IGatewayStore store,
    StoreWriter writer,
    IPresence presence,
    GatewayMonitor monitor,
    IWorkLeases leases,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<GatewayRuntime> logger) : IHostedService, IDisposable
{
    /// <summary>The lease the presence and command sweeps run under.</summary>
    public const string MonitorWork = "monitor";

    private readonly CancellationTokenSource _stopping = new();
    private Task? _monitorLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        writer.Start();
        await presence.LoadAsync(cancellationToken);
        _monitorLoop = Task.Run(() => MonitorLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_monitorLoop is not null)
        {
            await _monitorLoop;
        }

        await writer.StopAsync();
        LogStopped(logger, store.Location);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task MonitorLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var lease = await leases.AcquireAsync(MonitorWork, cancellationToken);
            using var timer = new PeriodicTimer(options.Value.MonitorInterval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await monitor.RunOnceAsync();
                }
                catch (Storage.StoreFaultException)
                {
                    // A store that cannot write is logged once, by the writer, when the fault starts.
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogMonitorFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "WeQuick gateway stopped; everything accepted is committed to {Data}")]
    private static partial void LogStopped(ILogger logger, string data);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The presence and command monitor failed; it runs again at the next tick")]
    private static partial void LogMonitorFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The periodic checks: presence, query redelivery limits, answer timeouts, expiry, and the pruning of the webhook
/// delivery log. Runs under the monitor's lease.
/// </summary>
internal sealed class GatewayMonitor(IPresence presence, StoreWriter writer, CommandQueue queue, TimeProvider time, IOptions<GatewayOptions> options, Webhooks.IWebhookStore? webhooks = null)
{
    /// <summary>The most delivery-log rows one sweep deletes; a backlog goes in the following sweeps.</summary>
    internal int PruneLimit { get; set; } = 1000;

    public async Task RunOnceAsync()
    {
        await presence.MarkSilentOfflineAsync();
        // Built only when a queued command is old enough to expire: with thousands of instances the set is
        // large enough to land on the large-object heap, and building it every second cost a full collection
        // every few seconds.
        var online = new Lazy<HashSet<string>>(presence.OnlineTargets, LazyThreadSafetyMode.None);
        var now = time.GetUtcNow();
        var pruneBefore = now - options.Value.Webhooks.DeliveryRetention;
        await writer.RunAsync((s, notes) =>
        {
            var swept = queue.Sweep(s, notes, target => online.Value.Contains(target), now);
            webhooks?.Writer(s).PruneDeliveries(pruneBefore, PruneLimit);
            return swept;
        });
    }
}
