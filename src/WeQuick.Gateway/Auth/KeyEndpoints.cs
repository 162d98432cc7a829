using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Http;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Auth;

/// <summary>An API key as listed: never the key or its hash.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">Its unique name.</param>
/// <param name="Scope">read, send or admin.</param>
/// <param name="Prefix">The key's first characters, to tell keys apart.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; left out while it works.</param>
internal sealed record ApiKeyView(long Id, string Name, string Scope, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKeyRecord k) => new(k.Id, k.Name, ApiKeys.Name(k.Scope), k.Prefix, k.CreatedAt, k.RevokedAt);
}

/// <summary>A key just created: the only time the key itself is shown.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">Its unique name.</param>
/// <param name="Scope">read, send or admin.</param>
/// <param name="Prefix">The key's first characters, to tell keys apart.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Key">The key: send it as Authorization: Bearer KEY. It is not shown again.</param>
internal sealed record CreatedApiKeyView(long Id, string Name, string Scope, string Prefix, DateTimeOffset CreatedAt, string Key);

/// <summary>What <c>POST /api/v1/keys</c> takes.</summary>
/// <param name="Name">1 to 64 letters, digits, '-', '_' or '.', not only digits; unique.</param>
/// <param name="Scope">read, send or admin.</param>
internal sealed record CreateApiKeyRequest(string? Name, string? Scope);

/// <summary><c>/api/v1/keys</c>: list, create and revoke API keys (admin scope).</summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("API keys");
        keys.MapGet("", ListAsync)
            .WithName("ListApiKeys").WithSummary("List API keys").WithDescription("Every key, revoked ones included; never the key or its hash.");
        keys.MapPost("", CreateAsync)
            .WithName("CreateApiKey").WithSummary("Create an API key")
            .WithDescription("The answer carries the key itself, the only time it is shown; it is stored hashed. Scopes: read (GET), send (commands too), admin (keys and webhooks too).")
            .Accepts<CreateApiKeyRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        keys.MapDelete("/{idOrName}", RevokeAsync)
            .WithName("RevokeApiKey").WithSummary("Revoke an API key").WithDescription("The key stops working; it stays listed with revokedAt (revoking twice keeps the first time).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal static async Task<Ok<Page<ApiKeyView>>> ListAsync(ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<ApiKeyView>([.. (await keys.ListAsync(cancellationToken)).Select(ApiKeyView.From)], null));

    internal static async Task<Results<Created<CreatedApiKeyView>, ProblemHttpResult>> CreateAsync(HttpRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        CreateApiKeyRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(GatewayJson.Info<CreateApiKeyRequest>(), cancellationToken);
        }
        catch (JsonException ex)
        {
            return ApiProblems.BadRequest("invalid-body", "Body is not JSON", $"expected {{\"name\": …, \"scope\": \"read|send|admin\"}}: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Expected JSON", ex.Message);
        }

        var (stored, key, refusal) = await keys.CreateAsync(body?.Name, body?.Scope, cancellationToken);
        if (refusal is not null)
        {
            return ApiProblems.From(refusal);
        }

        return TypedResults.Created($"/api/v1/keys/{stored!.Id}", new CreatedApiKeyView(stored.Id, stored.Name, ApiKeys.Name(stored.Scope), stored.Prefix, stored.CreatedAt, key!));
    }

    internal static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> RevokeAsync(string idOrName, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(idOrName, cancellationToken);
        return revoked is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-api-key", "No such key", $"there is no API key with id or name '{idOrName}'")
            : TypedResults.Ok(ApiKeyView.From(revoked));
    }
}
