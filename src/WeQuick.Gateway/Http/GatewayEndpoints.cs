using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http;

/// <summary>The gateway's HTTP pipeline and endpoints, in one place.</summary>
public static class GatewayApplicationBuilderExtensions
{
    /// <summary>How long a client told 503 (the gateway stopping, or its store unable to write) is asked to wait before it retries.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Builds the gateway's pipeline on <paramref name="app"/>, in this order: the exception handler (malformed input
    /// that only shows as an exception becomes a 400, a store that cannot write a 503; anything else is logged and
    /// answered 500), problem documents for errors without a body, <c>Retry-After</c> on every 503, the host filter
    /// (the <c>Host</c> header must be one of the gateway's names), CORS when <c>Gateway:Http:Cors:Origins</c> lists
    /// origins, the developer API's browser rules (a browser's <c>Origin</c> must be the gateway's own or a configured
    /// one; a body must have its declared content type), WebSockets (the live stream's upgrade), authentication and
    /// authorization (the API key scheme is no default: the developer API's route groups name their policy and its
    /// scheme, so nothing authenticates a request no policy asks about, and the client endpoints pass straight
    /// through), then the endpoints: the client endpoints (<c>receive_msg</c>, <c>recieve_msg</c>, <c>send_msg</c>),
    /// the developer API under <c>/api/v1</c>, its OpenAPI document and docs page, <c>/healthz</c> and <c>/readyz</c>.
    /// </summary>
    public static WebApplication UseWeQuickGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        // A 4xx or 5xx no endpoint wrote a body for (no route, a method the route does not take) is a problem too.
        app.UseStatusCodePages();
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey(HeaderNames.RetryAfter))
                {
                    response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
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

        // Liveness: the process answers, and says what is wrong with it (a store fault) without asking to be restarted.
        app.MapGet("/healthz", (GatewayCounters counters, StoreWriter writer, StoreHealth store) =>
        {
            var fault = store.Fault;
            return TypedResults.Ok(new Health(
                fault is null ? "ok" : "degraded", counters.Accepted, counters.Quarantined, counters.Unauthorized, counters.TooLarge, writer.Commits, fault?.ToString()));
        });

        // Readiness: whether reports and API writes are taken now; 503 (with Retry-After) while the store cannot write.
        app.MapGet("/readyz", Results<Ok<Readiness>, JsonHttpResult<Readiness>> (StoreHealth store) =>
            store.Fault is { } fault
                ? TypedResults.Json(new Readiness("unavailable", fault.ToString()), statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(new Readiness("ready", null)));
        return app;
    }

    internal sealed record Health(string Status, long Accepted, long Quarantined, long Unauthorized, long TooLarge, long Commits, string? Store);

    internal sealed record Readiness(string Status, string? Store);
}
