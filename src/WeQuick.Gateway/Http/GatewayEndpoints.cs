using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http;

/// <summary>The gateway's HTTP pipeline and endpoints, in one place.</summary>
public static class GatewayApplicationBuilderExtensions
{
    /// <summary>
    /// Builds the gateway's pipeline on <paramref name="app"/>, in this order: WebSockets (the live stream's upgrade),
    /// authentication and authorization (the API key scheme is no default: the developer API's route groups name
    /// their policy and its scheme, so nothing authenticates a request no policy asks about, and the client endpoints
    /// pass straight through), then the endpoints: the client endpoints (<c>receive_msg</c>, <c>recieve_msg</c>,
    /// <c>send_msg</c>), the developer API under <c>/api/v1</c>, its OpenAPI document and docs page, and <c>/healthz</c>.
    /// </summary>
    public static WebApplication UseWeQuickGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapClientEndpoints();
        app.MapDeveloperApi();
        app.MapDeveloperApiDocs();
        app.MapGet("/healthz", (GatewayCounters counters, StoreWriter writer) => TypedResults.Ok(new Health(
            "ok", counters.Accepted, counters.Quarantined, counters.Unauthorized, counters.TooLarge, writer.Commits)));
        return app;
    }

    internal sealed record Health(string Status, long Accepted, long Quarantined, long Unauthorized, long TooLarge, long Commits);
}
