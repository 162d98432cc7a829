using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway.Auth;

/// <summary>
/// Says at start, before the server binds, when the client endpoints will listen beyond this machine without client
/// tokens: then whoever reaches the port can report as a client and take its commands. The addresses are the ones
/// the server is configured with (<c>urls</c>, <c>Kestrel:Endpoints</c>), so the warning comes even if binding fails.
/// </summary>
internal sealed partial class ClientExposureWarning(IServer server, IConfiguration configuration, IOptions<GatewayOptions> options, ILogger<ClientExposureWarning> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        if (gateway.Clients.Count > 0)
        {
            return Task.CompletedTask;
        }

        var exposed = ConfiguredUrls().Where(ListenAddresses.BeyondLoopback).ToList();
        if (exposed.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (gateway.ClientAddresses.Count == 0)
        {
            LogOpenToNetwork(logger, string.Join(", ", exposed));
        }
        else
        {
            LogAddressesOnly(logger, string.Join(", ", exposed), string.Join(", ", gateway.ClientAddresses));
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Where the server will listen: the addresses set on it, <c>urls</c>, and the URLs of <c>Kestrel:Endpoints</c>.</summary>
    private IEnumerable<string> ConfiguredUrls()
    {
        var urls = new List<string>(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        urls.AddRange((configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls.Distinct(StringComparer.OrdinalIgnoreCase);
    }

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "Security: the gateway listens beyond this machine ({Urls}) without client tokens: anyone who reaches the port can post reports and take the commands of every account that is not yet bound to a client. Set Gateway:Clients (a name and token per client machine), or at least Gateway:ClientAddresses; see docs/security-and-pacing.md")]
    private static partial void LogOpenToNetwork(ILogger logger, string urls);

    [LoggerMessage(EventId = 723, Level = LogLevel.Warning, Message = "Security: the gateway listens beyond this machine ({Urls}) without client tokens; only the addresses {Addresses} (Gateway:ClientAddresses) may be clients, and an address is not a secret on a shared network. Set Gateway:Clients for tokens; see docs/security-and-pacing.md")]
    private static partial void LogAddressesOnly(ILogger logger, string urls, string addresses);
}
