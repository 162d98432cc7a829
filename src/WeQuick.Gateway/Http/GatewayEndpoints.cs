using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http;

/// <summary>The gateway's HTTP pipeline and endpoints, in one place.</summary>
public static class GatewayApplicationBuilderExtensions
{
    /// <summary>
    /// Builds the gateway's pipeline on <paramref name="app"/>, in this order: the host filter (the <c>Host</c> header must
    /// be one of the gateway's names), CORS when <c>Gateway:Http:Cors:Origins</c> lists origins, the developer API's
    /// browser rules (a browser's <c>Origin</c> must be the gateway's own or a configured one; a body must have its
    /// declared content type), WebSockets (the live stream's upgrade),
    /// authentication and authorization (the API key scheme is no default: the developer API's route groups name
    /// their policy and its scheme, so nothing authenticates a request no policy asks about, and the client endpoints
    /// pass straight through), then the endpoints: the client endpoints (<c>receive_msg</c>, <c>recieve_msg</c>,
    /// <c>send_msg</c>), the developer API under <c>/api/v1</c>, its OpenAPI document and docs page, and <c>/healthz</c>.
    /// </summary>
    public static WebApplication UseWeQuickGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var safety = app.Services.GetRequiredService<BrowserSafety>();
        app.Lifetime.ApplicationStarted.Register(safety.LogStart);
        app.Use(next => context => safety.CheckHostAsync(context, next));
        // The policy exists only when Gateway:Http:Cors:Origins lists origins (see GatewayBuilder); without it the
        // middleware lets every request through untouched, and a preflight meets the origin rule below.
        app.UseCors(BrowserSafety.CorsPolicy);
        app.Use(next => context => safety.CheckApiAsync(context, next));
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
