using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Streaming;
using WeQuick.Gateway.Webhooks;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http;

/// <summary>The minimal developer API of this stage: commands, accounts, messages and the event log.</summary>
internal static class ApiEndpoints
{
    private const int MaxCommandBody = 1024 * 1024;

    public static RouteGroupBuilder MapDeveloperApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        // Every /api route may be refused by ApiKeyMiddleware before it runs (unless no key exists yet).
        api.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/commands", CreateCommandAsync)
            .WithTags("Commands")
            .Command("CreateCommand", "Submit any WeQuick command",
                "The generic form of every typed command endpoint: target (an account wxid or \"pid:N\" for an instance), api (one of the 27 WeQuick command names) and its option object, as in the wire protocol.")
            .Accepts<CreateCommandRequest>("application/json");
        api.MapGet("/commands/{id}", GetCommandAsync)
            .WithName("GetCommand").WithTags("Commands").WithSummary("Get a command record")
            .WithDescription("The command's lifecycle (queued, delivered, acknowledged, completed, failed, expired), the ack's result and the answering event.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/accounts", ListAccountsAsync)
            .WithName("ListAccounts").WithTags("Accounts").WithSummary("List accounts")
            .WithDescription("Every account that has reported to this gateway, by wxid, with its login state and stored counts.");
        api.MapGet("/accounts/{wxid}", GetAccountAsync)
            .WithName("GetAccount").WithTags("Accounts").WithSummary("Get an account")
            .WithDescription("The account's login state (loggedIn, offline, qrPending, loggedOut), instance, profile and stored counts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{wxid}/messages", QueryEndpoints.MessagesAsync)
            .Query("ListMessages", "Messages", "List stored messages",
                "Newest first; filters: conversation, sender, kind, since/until (ISO 8601), q (text search in the report's text fields). Cursor paging.");
        api.MapGet("/events", ListEventsAsync)
            .WithName("ListEvents").WithTags("Events").WithSummary("Read the event log")
            .WithDescription("Normalized events in sequence order after ?after= (a seq, 0 for the start); pass next as after for the following page. The live stream (/api/v1/events/sse, /api/v1/events/ws) carries the same objects.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapKeyEndpoints();
        api.MapQueryEndpoints();
        api.MapInstanceEndpoints();
        api.MapMessageEndpoints();
        api.MapContactEndpoints();
        api.MapFriendRequestEndpoints();
        api.MapRoomEndpoints();
        api.MapTransferEndpoints();
        api.MapFileEndpoints();
        api.MapEventStream();
        api.MapWebhooks();
        return api;
    }

    internal static async Task<CommandResults> CreateCommandAsync(HttpRequest request, [AsParameters] CommandQuery query, CommandSubmitter submitter)
    {
        if (request.ContentLength > MaxCommandBody)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a command body may be at most {MaxCommandBody} bytes");
        }

        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, request.HttpContext.RequestAborted);
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

            var targetText = root.TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!CommandQueue.TryParseTarget(targetText, out var target, out var targetError))
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Invalid target", targetError!);
            }

            var api = root.TryGetProperty("api", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrWhiteSpace(api))
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Missing api", "\"api\" is required, for example \"sendTextMessage\"");
            }

            if (ProtocolRegistry.FindCommand(api) is null)
            {
                var known = string.Join(", ", ProtocolRegistry.Commands.Select(k => k.Api));
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-command", "Unknown api", $"'{api}' is not a WeQuick command; known: {known}");
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
            if (command is CloseProcessCommand { Pid: null } close && target.StartsWith("pid:", StringComparison.Ordinal))
            {
                // closeProcess names its process in the option; an instance target already says which.
                command = close with { Pid = int.Parse(target.AsSpan(4), CultureInfo.InvariantCulture) };
            }
            return await submitter.SubmitAsync(request.HttpContext, target, command, query);
        }
    }

    /// <param name="id">The command id (the id of the command record, also its sendId).</param>
    internal static async Task<Results<Ok<CommandView>, ProblemHttpResult>> GetCommandAsync(string id, CommandSubmitter commands, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a command id is a whole number, got '{id}'");
        }

        return await commands.ViewAsync(number, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-command", "No such command", $"there is no command {number}");
    }

    internal static async Task<Ok<AccountList>> ListAccountsAsync(IGatewayStore store, CancellationToken cancellationToken)
    {
        var docs = await store.ReadDocumentsAsync(Collections.Account, null, 10_000, newestFirst: false, cancellationToken);
        var list = new List<AccountView>(docs.Count);
        foreach (var doc in docs.OrderBy(d => d.Account, StringComparer.Ordinal))
        {
            list.Add(await AccountAsync(store, doc, cancellationToken));
        }

        return TypedResults.Ok(new AccountList(list));
    }

    /// <param name="wxid">The account's wxid.</param>
    internal static async Task<Results<Ok<AccountView>, ProblemHttpResult>> GetAccountAsync(string wxid, IGatewayStore store, CancellationToken cancellationToken)
    {
        var doc = await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken);
        if (doc is null)
        {
            return ApiProblems.UnknownAccount(wxid);
        }

        return TypedResults.Ok(await AccountAsync(store, doc, cancellationToken));
    }

    /// <param name="after">The seq to read after (0, the default, for the start of the log).</param>
    /// <param name="limit">How many events to return, 1 to 1000 (default 100).</param>
    internal static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListEventsAsync(string? after, string? limit, IGatewayStore store, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        long cursor = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor)))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-cursor", "Invalid cursor", $"after must be a sequence number (a whole number ≥ 0), got '{after}'");
        }

        if (!TryLimit(limit, 100, 1000, out var n, out var problem))
        {
            return problem!;
        }

        // Read before the page: an event appended in between can lie past it, so the head given is never below the page's last event.
        var head = await store.LatestSeqAsync(cancellationToken);
        var events = await store.ReadEventsAsync(cursor, n, cancellationToken);
        var limits = ReportIngestor.Limits(options.Value);
        var views = events.Select(e => EventView.From(e, limits)).ToList();
        return views.Count > 0
            ? TypedResults.Ok(new EventPage(views, views[^1].Seq, Math.Max(head, views[^1].Seq)))
            : TypedResults.Ok(new EventPage(views, cursor, head));
    }

    private static async Task<AccountView> AccountAsync(IGatewayStore store, ProjectionDocument doc, CancellationToken cancellationToken)
    {
        var o = JsonNode.Parse(doc.Json)!.AsObject();
        var counts = await store.CountDocumentsAsync(doc.Account, cancellationToken);
        var messages = await store.CountMessageEventsAsync(doc.Account, cancellationToken);
        long Count(string c) => counts.GetValueOrDefault(c);
        o["counts"] = new JsonObject
        {
            ["contacts"] = Count(Collections.Contact),
            ["rooms"] = Count(Collections.Room),
            ["roomMembers"] = Count(Collections.Member),
            ["publicAccounts"] = Count(Collections.Public),
            ["messages"] = messages,
            ["friendRequests"] = Count(Collections.FriendRequest),
            ["transfers"] = Count(Collections.Transfer),
            ["uploads"] = Count(Collections.Upload),
        };
        return StoredViews.Read<AccountView>(o);
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
