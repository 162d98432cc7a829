using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Auth;

/// <summary>
/// Bearer authentication of the developer API with the gateway's API keys (the core's <see cref="ApiKeyService"/>
/// decides), and the authorization policies of its route groups: read ⊂ send ⊂ admin. A refusal is a problem
/// document: 401 with the reason and a <c>WWW-Authenticate</c> challenge, 403 naming the scope needed and the
/// scope the key has.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WeQuickApiKey";

    /// <summary>The policy of the read routes: any key.</summary>
    public const string ReadPolicy = "read";

    /// <summary>The policy of the routes that enqueue or change: a send or admin key.</summary>
    public const string SendPolicy = "send";

    /// <summary>The policy of API keys and webhooks: an admin key.</summary>
    public const string AdminPolicy = "admin";

    private const string ScopeClaim = "wequick:scope";

    /// <summary>Registers the scheme and the three policies.</summary>
    public static void Register(IServiceCollection services)
    {
        // Never the default scheme, even as the only one (ASP.NET Core's switch for that, read when the authentication
        // options are first built): it authenticates the requests its policies ask about, and nothing else; a report
        // posted to receive_msg is not an API request.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => Require(p, ApiScope.Read))
            .AddPolicy(SendPolicy, p => Require(p, ApiScope.Send))
            .AddPolicy(AdminPolicy, p => Require(p, ApiScope.Admin));
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Malformed(Request) is { } malformed)
        {
            // A header in another form is a mistake to name, not a key to look up (nor a reason to fall back to open mode).
            Context.Features.Set(malformed);
            return AuthenticateResult.Fail(malformed.Title);
        }

        var (caller, failure) = await keys.AuthenticateAsync(Presented(Request), IsLoopback(Context.Connection), Context.RequestAborted);
        if (caller is null)
        {
            Context.Features.Set(failure);
            return AuthenticateResult.Fail(failure!.Title);
        }

        Context.Features.Set(caller);
        var identity = new ClaimsIdentity([new Claim(ScopeClaim, ApiKeys.Name(caller.Scope)), new Claim(ClaimTypes.Name, caller.Key?.Name ?? "(open mode)")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<ApiKeyFailure>() ?? new ApiKeyFailure("API key required", "send 'Authorization: Bearer <key>'", "invalid_request");
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"wequick\", error=\"{failure.Error}\"";
        await TypedResults.Problem(failure.Detail, statusCode: StatusCodes.Status401Unauthorized, title: failure.Title).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = Context.Features.Get<ApiCaller>();
        var policies = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>();
        var needed = policies is { Count: > 0 } ? policies[^1].Policy : AdminPolicy;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"wequick\", error=\"insufficient_scope\"";
        var held = caller is null ? "no scope" : $"'{ApiKeys.Name(caller.Scope)}'";
        await TypedResults.Problem(
            $"{Request.Method} {Request.Path} needs a key with scope '{needed}' or above; the key '{caller?.Key?.Name}' has {held}",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Insufficient scope").ExecuteAsync(Context);
    }

    private static void Require(AuthorizationPolicyBuilder policy, ApiScope scope) => policy
        .AddAuthenticationSchemes(SchemeName)
        .RequireAuthenticatedUser()
        .RequireClaim(ScopeClaim, [.. Enum.GetValues<ApiScope>().Where(s => s >= scope).Select(ApiKeys.Name)]);

    /// <summary>The key a request presents: the bearer token, or the live stream's <c>?access_token=</c>; null when none.</summary>
    internal static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        }

        // Browsers cannot set headers on a WebSocket or EventSource: the live stream also takes ?access_token=.
        var path = request.Path.Value ?? string.Empty;
        if (path.StartsWith("/api/v1/events/", StringComparison.OrdinalIgnoreCase) && request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            return token;
        }

        return null;
    }

    /// <summary>
    /// The refusal of an <c>Authorization</c> header that is not <c>Bearer &lt;key&gt;</c> (a bare key, another scheme,
    /// no key after the word); null when the header is absent or well formed. The key itself is never echoed.
    /// </summary>
    internal static ApiKeyFailure? Malformed(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? null : header[..space];
        if (scheme is not null && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && header[space..].Trim().Length > 0)
        {
            return null;
        }

        var seen = scheme is null
            ? header.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? "the word Bearer without a key" : "a bare value without a scheme"
            : scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? "the word Bearer without a key" : $"the scheme '{Printable(scheme)}'";
        return new ApiKeyFailure(
            "Malformed Authorization header",
            $"the Authorization header must be 'Bearer <key>' (the word Bearer, a space, then the key), got {seen}",
            "invalid_request");
    }

    private static string Printable(string scheme) =>
        scheme.Length <= 32 && scheme.All(c => c is > ' ' and < (char)127) ? scheme : "(unprintable or too long)";

    internal static bool IsLoopback(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
}
