using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway;

/// <summary>What <see cref="GatewayServiceCollectionExtensions.AddWeQuickGateway(IServiceCollection, IConfiguration?, Action{GatewayOptions}?)"/> returns: choose a store next.</summary>
public interface IGatewayBuilder
{
    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class GatewayBuilder(IServiceCollection services) : IGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>Registers the gateway.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's services, bound to <paramref name="configuration"/> (the <c>Gateway</c> section) when given.
    /// A store must be added too (for example <c>UseSqlite()</c>).
    /// </summary>
    public static IGatewayBuilder AddWeQuickGateway(this IServiceCollection services, IConfiguration? configuration = null, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GatewayOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGatewayBus, InProcessGatewayBus>();
        services.AddSingleton<GatewayCounters>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<Projector>();
        services.AddSingleton<InstanceRegistry>();
        services.AddSingleton<PollHandoff>();
        services.AddSingleton<CommandQueue>();
        services.AddSingleton<ReportIngestor>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<GatewayMonitor>();
        services.AddHostedService<GatewayRuntime>();
        services.AddHostedService<Auth.OpenModeWarning>();
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, Auth.ApiKeyStartupFilter>();
        services.AddSingleton<Pacing.SendPacer>();
        services.AddSingleton<StreamHub>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, StreamAndWebhookOptionsValidator>());
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        services.AddDeveloperApi();
        return new GatewayBuilder(services);
    }
}
