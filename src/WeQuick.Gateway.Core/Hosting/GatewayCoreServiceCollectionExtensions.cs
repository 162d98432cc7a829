using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Pacing;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Queries;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway;

/// <summary>What adding the gateway returns: choose a store next (for example <c>UseSqlite()</c>).</summary>
public interface IGatewayBuilder
{
    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class GatewayBuilder(IServiceCollection services) : IGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>Registers the gateway's application core: no HTTP, no front end.</summary>
public static class GatewayCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the application core: ingestion, the writer, commands, presence, pacing, the event feed, queries and
    /// webhook registrations, with the in-process bus and leases unless others are registered first. A store must be
    /// added too (for example <c>UseSqlite()</c>); front ends (the HTTP adapters of <c>AddWeQuickGateway</c>) sit on top.
    /// </summary>
    public static IGatewayBuilder AddWeQuickGatewayCore(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GatewayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, StreamAndWebhookOptionsValidator>());

        // Ports: replace them by registering another implementation before this call.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGatewayBus, InProcessGatewayBus>();
        services.TryAddSingleton<IWorkLeases, InProcessWorkLeases>();
        services.TryAddSingleton<InstanceRegistry>();
        services.TryAddSingleton<IPresence, PresenceTracker>();
        services.TryAddSingleton<ClientBindings>();

        services.TryAddSingleton<GatewayCounters>();
        services.TryAddSingleton<ClientCredentials>();
        services.TryAddSingleton<StoreHealth>();
        services.TryAddSingleton<StoreWriter>();
        services.TryAddSingleton<Projector>();
        services.TryAddSingleton<SendPacer>();
        services.TryAddSingleton<PollHandoff>();
        services.TryAddSingleton<CommandQueue>();
        services.TryAddSingleton<LoginRefresh>();
        services.TryAddSingleton<CommandService>();
        services.TryAddSingleton<CommandDelivery>();
        services.TryAddSingleton<ReportIngestor>();
        services.TryAddSingleton<EventFeed>();
        services.TryAddSingleton<StateQueries>();
        services.TryAddSingleton<MessageQueries>();
        services.TryAddSingleton<WebhookService>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<GatewayMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, GatewayRuntime>());
        return new GatewayBuilder(services);
    }
}
