using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Webhooks;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http;

/// <summary>
/// The developer API under <c>/api/v1</c>, in three route groups by the scope they need (read ⊂ send ⊂ admin):
/// queries and the live stream read; commands send; API keys and webhooks admin.
/// </summary>
internal static class ApiEndpoints
{
    private const int MaxCommandBody = 1024 * 1024;

    public static RouteGroupBuilder MapDeveloperApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        // Every route may be refused before it runs (401 without a key, unless none exists yet; 403 for a lesser scope).
        api.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        var read = api.MapGroup(string.Empty).RequireAuthorization(ApiKeyAuthenticationHandler.ReadPolicy);
        read.MapQueryEndpoints();
        read.MapEventStream();
        read.MapInstanceQueries();

        var send = api.MapGroup(string.Empty).RequireAuthorization(ApiKeyAuthenticationHandler.SendPolicy);
        send.MapPost("/commands", CreateCommandAsync)
            .WithTags("Commands")
            .Command("CreateCommand", "Submit any WeQuick command",
                "The generic form of every typed command endpoint: target (an account wxid or \"pid:N\" for an instance), api (one of the WeQuick command names) and its option object, as in the wire protocol. The target is not checked for presence: the command is queued until it polls, or expires.")
            .Accepts<CreateCommandRequest>("application/json");
        send.MapInstanceEndpoints();
        send.MapMessageEndpoints();
        send.MapContactEndpoints();
        send.MapFriendRequestEndpoints();
        send.MapRoomEndpoints();
        send.MapTransferEndpoints();
        send.MapFileEndpoints();
        send.MapContactLookupEndpoints();
        send.MapFavoriteEndpoints();

        var admin = api.MapGroup(string.Empty).RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy);
        admin.MapKeyEndpoints();
        admin.MapWebhooks();
        admin.MapBindingEndpoints();
        return api;
    }

    internal static async Task<CommandResults> CreateCommandAsync(HttpRequest request, [AsParameters] CommandQuery query, CommandSubmitter submitter)
    {
        if (request.ContentLength > MaxCommandBody)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a command body may be at most {MaxCommandBody} bytes");
        }

        // A body without Content-Length (chunked) is held to the same limit while it is read.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxCommandBody;
        }

        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a command body may be at most {MaxCommandBody} bytes");
        }
        catch (JsonException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-body", "Body is not JSON", $"expected {{\"target\", \"api\", \"option\"}}: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-body", "Body is not an object", "expected {\"target\": wxid or \"pid:N\", \"api\": …, \"option\": {…}}");
            }

            if (ApiBody.UnreadableString(root) is { } notText)
            {
                return notText;
            }

            var targetText = root.TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!CommandTarget.TryParse(targetText, out var target, out var targetError))
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Invalid target", targetError!);
            }

            var api = root.TryGetProperty("api", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrWhiteSpace(api))
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Missing api", "\"api\" is required, for example \"sendTextMessage\"");
            }

            if (ProtocolRegistry.FindCommand(api) is not { } kind)
            {
                var known = string.Join(", ", ProtocolRegistry.Commands.Select(k => k.Api));
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Unknown api", $"'{api}' is not a WeQuick command; known: {known}");
            }

            // Commands that can damage the account or read the client machine's data need the admin scope, not send.
            if (kind.Policy.RequiresAdmin && request.HttpContext.Features.Get<ApiCaller>() is var caller && caller is not { Scope: >= ApiScope.Admin })
            {
                var held = caller is null ? "no scope" : $"scope '{ApiKeys.Name(caller.Scope)}'";
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "admin-scope-required", "Insufficient scope",
                    $"'{api}' can damage the account or read the client's data: it needs a key with scope 'admin'; the key '{caller?.Key?.Name}' has {held}");
            }

            var option = default(JsonElement);
            if (root.TryGetProperty("option", out var o) && o.ValueKind is not JsonValueKind.Null)
            {
                if (o.ValueKind != JsonValueKind.Object)
                {
                    return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Invalid option", $"\"option\" must be an object, got {o.ValueKind.ToString().ToLowerInvariant()}");
                }

                option = o;
            }

            var command = CommandEncoder.FromOption(api, option);
            if (command is CloseProcessCommand { Pid: null } close && target.IsInstance)
            {
                // closeProcess names its process in the option; an instance target already says which.
                command = close with { Pid = target.Pid };
            }

            return await submitter.SubmitAsync(request.HttpContext, target, command, query, @unchecked: true);
        }
    }

    /// <summary>Reads a page size: absent gives <paramref name="fallback"/>; otherwise a whole number from 1 to <paramref name="max"/>, or a 400 problem.</summary>
    internal static bool TryLimit(string? text, int fallback, int max, out int limit, out ProblemHttpResult? problem)
    {
        problem = null;
        limit = fallback;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max)
        {
            problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-limit", "Invalid limit", $"limit must be a whole number from 1 to {max}, got '{text}'");
            return false;
        }

        return true;
    }
}
