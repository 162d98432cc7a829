using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway;

/// <summary>Registers the gateway: its application core and the HTTP front ends over it.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's core (<see cref="GatewayCoreServiceCollectionExtensions.AddWeQuickGatewayCore"/>) bound to
    /// <paramref name="configuration"/> (the <c>Gateway</c> section) when given, and its front ends: the client
    /// endpoints, the developer API with its authentication, the live stream and webhook delivery. A store must be
    /// added too (for example <c>UseSqlite()</c>); <c>app.UseWeQuickGateway()</c> then builds the pipeline.
    /// </summary>
    public static IGatewayBuilder AddWeQuickGateway(this IServiceCollection services, IConfiguration? configuration = null, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configuration is not null)
        {
            services.AddOptions<GatewayOptions>().Bind(configuration);
        }

        var builder = services.AddWeQuickGatewayCore(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReadyBanner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OpenModeWarning>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClientExposureWarning>());
        services.TryAddSingleton<StreamHub>();
        services.TryAddSingleton<WebhookDestinations>();
        services.TryAddSingleton<BrowserSafety>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) =>
        {
            var http = gateway.Value.Http;
            if (http.Cors.Origins.Count > 0)
            {
                // Only the listed origins; keys travel as bearer tokens, never cookies, so no credentials mode.
                cors.AddPolicy(BrowserSafety.CorsPolicy, policy => policy
                    .WithOrigins([.. http.Cors.Origins])
                    .AllowAnyHeader()
                    .AllowAnyMethod()
                    .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate")
                    .SetPreflightMaxAge(http.Cors.PreflightMaxAge));
            }
        });

        // The gateway's host filter reads the standard AllowedHosts itself and answers a problem document; the
        // framework's own filter (added by WebApplication.CreateBuilder) would refuse first with a bare 400.
        services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        ApiKeyAuthenticationHandler.Register(services);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadInputExceptionHandler>();
        services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        services.AddDeveloperApi();
        return builder;
    }
}
