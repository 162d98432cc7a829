using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http;

/// <summary>Maps everything the gateway serves.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>Maps the client endpoints (<c>receive_msg</c>, <c>recieve_msg</c>, <c>send_msg</c>), the developer API under <c>/api/v1</c> and <c>/healthz</c>.</summary>
    public static IEndpointRouteBuilder MapWeQuickGateway(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app is IApplicationBuilder pipeline)
        {
            // The live stream's WebSocket endpoint needs the upgrade middleware ahead of the endpoints.
            pipeline.UseWebSockets();
        }

        app.MapClientEndpoints();
        app.MapDeveloperApi();
        app.MapDeveloperApiDocs();
        app.MapGet("/healthz", (GatewayCounters counters, StoreWriter writer) => TypedResults.Ok(new Health(
            "ok", counters.Accepted, counters.Quarantined, counters.Unauthorized, counters.TooLarge, writer.Commits)));
        return app;
    }

    internal sealed record Health(string Status, long Accepted, long Quarantined, long Unauthorized, long TooLarge, long Commits);
}
