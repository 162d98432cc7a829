using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeQuick.Gateway.Auth;

/// <summary>Says at start, once the store is open, when the developer API is in open loopback mode.</summary>
internal sealed partial class OpenModeWarning(ApiKeyService keys, IOptions<GatewayOptions> options, ILogger<OpenModeWarning> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await keys.AnyAsync(cancellationToken))
        {
            return;
        }

        if (options.Value.Api.RequireKeys)
        {
            LogNoKeys(logger);
        }
        else
        {
            LogOpen(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "No API key exists: the developer API under /api answers requests from this machine (loopback) only, without a key. Create one with 'wequick keys create --scope admin --name NAME' (same --data folder); from then on every /api request needs 'Authorization: Bearer <key>'")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Gateway:Api:RequireKeys is set and no API key exists: every /api request is refused until one is created with 'wequick keys create --scope admin --name NAME'")]
    private static partial void LogNoKeys(ILogger logger);
}
