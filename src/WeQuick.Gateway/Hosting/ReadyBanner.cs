using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway;

/// <summary>Says, once the server listens, which URLs to configure a WeQuick client with.</summary>
internal sealed partial class ReadyBanner(IServer server, IGatewayStore store, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime, ILogger<ReadyBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(LogReady);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LogReady()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var baseUrl = addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://<host>:<port>";
        var prefix = options.Value.Clients.Count > 0 ? "/c/<token>" : string.Empty;
        LogReadyLine(logger, $"{baseUrl}{prefix}/recieve_msg", $"{baseUrl}{prefix}/send_msg", store.Location);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "WeQuick gateway ready. Configure the client with event URL {ReceiveUrl} (also /receive_msg) and command URL {SendUrl}; data in {Data}")]
    private static partial void LogReadyLine(ILogger logger, string receiveUrl, string sendUrl, string data);
}
