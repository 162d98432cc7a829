using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway;

/// <summary>
/// Starts the gateway before the server takes requests (schema, writer, instances) and stops it after
/// the server has drained them, so in-flight appends are committed.
/// </summary>
internal sealed partial class GatewayRuntime(
    IGatewayStore store,
    StoreWriter writer,
    InstanceRegistry registry,
    GatewayMonitor monitor,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<GatewayRuntime> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _monitorLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        writer.Start();
        var instances = await store.ReadDocumentsAsync(Collections.Instance, string.Empty, int.MaxValue, newestFirst: false, cancellationToken);
        registry.Load(instances, time.GetUtcNow());
        _monitorLoop = Task.Run(() => MonitorLoopAsync(_stopping.Token), CancellationToken.None);
        lifetime.ApplicationStarted.Register(LogReady);
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
        using var timer = new PeriodicTimer(options.Value.MonitorInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await monitor.RunOnceAsync();
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

    private void LogReady()
    {
        var addresses = services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []
            : [];
        var baseUrl = addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://<host>:<port>";
        var prefix = options.Value.Clients.Count > 0 ? "/c/<token>" : string.Empty;
        LogReadyLine(logger, $"{baseUrl}{prefix}/recieve_msg", $"{baseUrl}{prefix}/send_msg", store.Location);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "WeQuick gateway ready. Configure the client with event URL {ReceiveUrl} (also /receive_msg) and command URL {SendUrl}; data in {Data}")]
    private static partial void LogReadyLine(ILogger logger, string receiveUrl, string sendUrl, string data);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "WeQuick gateway stopped; everything accepted is committed to {Data}")]
    private static partial void LogStopped(ILogger logger, string data);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The presence and command monitor failed; it runs again at the next tick")]
    private static partial void LogMonitorFailed(ILogger logger, Exception exception);
}

/// <summary>The periodic checks: presence, query redelivery limits, answer timeouts, expiry.</summary>
internal sealed class GatewayMonitor(PresenceTracker presence, StoreWriter writer, CommandQueue queue, InstanceRegistry registry, TimeProvider time)
{
    public async Task RunOnceAsync()
    {
        await presence.MarkSilentOfflineAsync();
        // Built only when a queued command is old enough to expire: with thousands of instances the set is
        // large enough to land on the large-object heap, and building it every second cost a full collection
        // every few seconds.
        var online = new Lazy<HashSet<string>>(registry.OnlineTargets, LazyThreadSafetyMode.None);
        var now = time.GetUtcNow();
        await writer.RunAsync(s => queue.Sweep(s, target => online.Value.Contains(target), now));
    }
}
