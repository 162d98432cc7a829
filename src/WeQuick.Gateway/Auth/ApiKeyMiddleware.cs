using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Auth;

/// <summary>Puts <see cref="ApiKeyMiddleware"/> at the start of the pipeline, before any endpoint runs.</summary>
internal sealed class ApiKeyStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        next(app);
    };
}

/// <summary>The key a request was authenticated with (absent in open loopback mode).</summary>
internal sealed record ApiCaller(ApiKeyRecord? Key, ApiScope Scope);

/// <summary>
/// Bearer authentication of every request under <c>/api</c>. The scope needed comes from the method and path
/// (<see cref="ApiKeys.RequiredScope"/>). Keys are looked up by their SHA-256 hash; the key itself is never logged.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IGatewayStore store, IOptions<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        // Everything else (the client endpoints above all) passes straight on, without a state machine of its own.
        return path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.Equals("/api", StringComparison.OrdinalIgnoreCase)
            ? AuthenticateAsync(http, path)
            : next(http);
    }

    private async Task AuthenticateAsync(HttpContext http, string path)
    {
        var needed = ApiKeys.RequiredScope(http.Request.Method, path);
        var presented = Presented(http.Request);
        if (presented is null)
        {
            if (!options.Value.Api.RequireKeys && IsLoopback(http.Connection) && !await store.AnyApiKeyAsync(http.RequestAborted))
            {
                // Open mode: no key was ever created, and the caller is on this machine.
                http.Features.Set(new ApiCaller(null, ApiScope.Admin));
                await next(http);
                return;
            }

            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "API key required", "send 'Authorization: Bearer <key>'; create a key with: wequick keys create --scope read|send|admin --name NAME", "invalid_request");
            return;
        }

        var hash = ApiKeys.Hash(presented);
        var key = await store.FindApiKeyAsync(hash, http.RequestAborted);
        if (key is null || !CryptographicOperations.FixedTimeEquals(hash, key.Hash) || key.IsRevoked)
        {
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "Invalid API key", key is { IsRevoked: true }
                ? "this API key was revoked; create a new one with: wequick keys create"
                : "the API key is not known to this gateway", "invalid_token");
            return;
        }

        if (key.Scope < needed)
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "Insufficient scope", $"{http.Request.Method} {path} needs a key with scope '{ApiKeys.Name(needed)}' or above; the key '{key.Name}' has '{ApiKeys.Name(key.Scope)}'", null);
            return;
        }

        http.Features.Set(new ApiCaller(key, key.Scope));
        await next(http);
    }

    private static string? Presented(HttpRequest request)
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

    private static bool IsLoopback(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    private static async Task RefuseAsync(HttpContext http, int status, string title, string detail, string? error)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = error is null ? "Bearer realm=\"wequick\"" : $"Bearer realm=\"wequick\", error=\"{error}\"";
        }
        else
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"wequick\", error=\"insufficient_scope\"";
        }

        await TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);
    }
}
