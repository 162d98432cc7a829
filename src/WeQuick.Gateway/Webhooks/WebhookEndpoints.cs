using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Http;

namespace WeQuick.Gateway.Webhooks;

/// <summary>Webhooks under <c>/api/v1/webhooks</c>: CRUD, replay, the delivery log and dead letters.</summary>
internal static class WebhookEndpoints
{
    private const int MaxBody = 64 * 1024;
    private const int MaxUrlLength = 2048;
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;
    private const int MaxDescriptionLength = 500;

    /// <summary>The most pending events a webhook's record counts (so that reading it stays cheap behind a long outage).</summary>
    internal const int MaxPendingCount = 10_000;

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("", CreateAsync)
            .WithName("CreateWebhook").WithSummary("Register a webhook")
            .WithDescription("Events matching the filters are POSTed to url, signed with the secret (HMAC-SHA256 over timestamp + body; see docs/events.md), from a durable outbox with retries. The answer shows the secret, once.")
            .Accepts<WebhookRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        hooks.MapGet("", ListAsync)
            .WithName("ListWebhooks").WithSummary("List webhooks").WithDescription("Every webhook, without secrets.");
        hooks.MapGet("/{id}", GetAsync)
            .WithName("GetWebhook").WithSummary("Get a webhook").WithDescription("The webhook, without its secret; cursor is the last seq delivered or given up on; state, downSince, lastError, nextAttemptAt and pending say how delivery is going.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapPatch("/{id}", (string id, HttpRequest request, WebhookService webhooks, WebhookDestinations destinations, TimeProvider time) => UpdateAsync(id, request, webhooks, destinations, time, replace: false))
            .WithName("UpdateWebhook").WithSummary("Change some fields of a webhook").WithDescription("Only the fields given change; the secret is shown in the answer only when one is given.")
            .Accepts<WebhookRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        hooks.MapPut("/{id}", (string id, HttpRequest request, WebhookService webhooks, WebhookDestinations destinations, TimeProvider time) => UpdateAsync(id, request, webhooks, destinations, time, replace: true))
            .WithName("ReplaceWebhook").WithSummary("Replace a webhook").WithDescription("url is required; filters and description not given are cleared, enabled defaults to true; the secret is kept unless one is given.")
            .Accepts<WebhookRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        hooks.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebhook").WithSummary("Delete a webhook").WithDescription("Delivery stops; its delivery log and dead letters go with it.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapPost("/{id}/replay", ReplayAsync)
            .WithName("ReplayWebhook").WithSummary("Deliver events again from a seq").WithDescription("Moves the webhook's cursor: every event after the given seq is delivered again, in order.")
            .Accepts<WebhookReplayRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        hooks.MapGet("/{id}/deliveries", ListDeliveriesAsync)
            .WithName("ListWebhookDeliveries").WithSummary("The webhook's delivery log").WithDescription("Every attempt, oldest first, after ?cursor= (absent for the start; pass nextCursor for the following page).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapGet("/{id}/dead-letters", ListDeadLettersAsync)
            .WithName("ListWebhookDeadLetters").WithSummary("The webhook's dead letters").WithDescription("Events given up on after the configured number of tries, oldest first, after ?cursor= (absent for the start; pass nextCursor for the following page).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapPost("/{id}/dead-letters/{letter}/resend", ResendAsync)
            .WithName("ResendWebhookDeadLetter").WithSummary("Deliver a dead letter again").WithDescription("The dead letter is queued for delivery (state resending), then becomes resent, or dead again.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    internal static async Task<Results<Created<WebhookView>, ProblemHttpResult>> CreateAsync(HttpRequest request, WebhookService webhooks, WebhookDestinations destinations, TimeProvider time)
    {
        var (body, problem) = await ReadObjectAsync(request, "{\"url\": \"https://…\", \"kinds\": [...], \"accounts\": [...], \"secret\": \"…\"}");
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var root = body!.RootElement;
            var fields = new Fields(destinations);
            if (!fields.Read(root, requireUrl: true, out problem))
            {
                return problem!;
            }

            long? after = null;
            if (root.TryGetProperty("after", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (!a.TryGetInt64(out var seq) || seq < 0)
                {
                    return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid after", "\"after\" must be a sequence number (a whole number ≥ 0): delivery starts with the event after it");
                }

                after = seq;
            }

            var now = time.GetUtcNow();
            var secret = fields.Secret ?? WebhookSignature.NewSecret();
            var hook = new StoredWebhook
            {
                Url = fields.Url!,
                Secret = secret,
                Kinds = fields.Kinds ?? [],
                Accounts = fields.Accounts ?? [],
                Description = fields.Description,
                Enabled = fields.Enabled ?? true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var created = await webhooks.CreateAsync(hook, after, request.HttpContext.RequestAborted);
            if (created.Refusal is { } refusal)
            {
                return ApiProblems.From(refusal);
            }

            var stored = created.Value!;
            return TypedResults.Created($"/api/v1/webhooks/{stored.Id}", WebhookView.From(stored, showSecret: true));
        }
    }

    internal static async Task<Ok<Page<WebhookView>>> ListAsync(WebhookService webhooks, CancellationToken cancellationToken)
    {
        var all = await webhooks.ListAsync(cancellationToken);
        return TypedResults.Ok(new Page<WebhookView>([.. all.Select(h => WebhookView.From(h, showSecret: false))], null));
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(string id, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, webhooks, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var pending = await webhooks.PendingAsync(hook!, MaxPendingCount, cancellationToken);
        return TypedResults.Ok(WebhookView.From(hook!, showSecret: false) with { Pending = pending });
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> UpdateAsync(string id, HttpRequest request, WebhookService webhooks, WebhookDestinations destinations, TimeProvider time, bool replace)
    {
        var (hook, problem) = await FindAsync(id, webhooks, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var (body, bodyProblem) = await ReadObjectAsync(request, "{\"url\", \"kinds\", \"accounts\", \"secret\", \"enabled\", \"description\"}");
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        using (body)
        {
            var fields = new Fields(destinations);
            if (!fields.Read(body!.RootElement, requireUrl: replace, out problem))
            {
                return problem!;
            }

            // PUT replaces what it describes (absent filters mean every event); the secret is kept unless one is given.
            var updated = hook! with
            {
                Url = fields.Url ?? hook!.Url,
                Secret = fields.Secret ?? hook!.Secret,
                Kinds = fields.Kinds ?? (replace ? [] : hook!.Kinds),
                Accounts = fields.Accounts ?? (replace ? [] : hook!.Accounts),
                Description = fields.HasDescription ? fields.Description : replace ? null : hook!.Description,
                Enabled = fields.Enabled ?? (replace || hook!.Enabled),
                UpdatedAt = time.GetUtcNow(),
            };
            if (!await webhooks.UpdateAsync(updated))
            {
                return NoSuchWebhook(hook!.Id);
            }

            var stored = await webhooks.GetAsync(updated.Id, request.HttpContext.RequestAborted) ?? updated;
            return TypedResults.Ok(WebhookView.From(stored, showSecret: fields.Secret is not null));
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, webhooks, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await webhooks.DeleteAsync(hook!.Id) ? TypedResults.NoContent() : NoSuchWebhook(hook.Id);
    }

    internal static async Task<Results<Accepted<WebhookView>, ProblemHttpResult>> ReplayAsync(string id, HttpRequest request, WebhookService webhooks)
    {
        var (hook, problem) = await FindAsync(id, webhooks, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var (body, bodyProblem) = await ReadObjectAsync(request, "{\"after\": SEQ}");
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        using (body)
        {
            if (!body!.RootElement.TryGetProperty("after", out var a) || !a.TryGetInt64(out var after) || after < 0)
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid after", "send {\"after\": SEQ}: every event after that sequence number is delivered again, in order (0 for the whole log)");
            }

            if (!await webhooks.ReplayAsync(hook!.Id, after))
            {
                return NoSuchWebhook(hook!.Id);
            }

            var stored = await webhooks.GetAsync(hook.Id, request.HttpContext.RequestAborted) ?? hook;
            return TypedResults.Accepted($"/api/v1/webhooks/{hook.Id}", WebhookView.From(stored, showSecret: false));
        }
    }

    /// <param name="cursor">The previous page's nextCursor; absent for the start of the log.</param>
    /// <param name="limit">How many attempts to return, 1 to 1000 (default 100).</param>
    internal static async Task<Results<Ok<Page<DeliveryView>>, ProblemHttpResult>> ListDeliveriesAsync(string id, string? cursor, string? limit, HttpRequest request, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, webhooks, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TryPage(request, cursor, limit, out var after, out var n, out problem))
        {
            return problem!;
        }

        var rows = await webhooks.DeliveriesAsync(hook!.Id, after, n, cancellationToken);
        return TypedResults.Ok(LogPage(rows.Select(DeliveryView.From).ToList(), v => v.Id, after));
    }

    /// <param name="cursor">The previous page's nextCursor; absent for the start.</param>
    /// <param name="limit">How many dead letters to return, 1 to 1000 (default 100).</param>
    internal static async Task<Results<Ok<Page<DeadLetterView>>, ProblemHttpResult>> ListDeadLettersAsync(string id, string? cursor, string? limit, HttpRequest request, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, webhooks, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TryPage(request, cursor, limit, out var after, out var n, out problem))
        {
            return problem!;
        }

        var rows = await webhooks.DeadLettersAsync(hook!.Id, after, n, cancellationToken);
        return TypedResults.Ok(LogPage(rows.Select(DeadLetterView.From).ToList(), v => v.Id, after));
    }

    internal static async Task<Results<Accepted<DeadLetterView>, ProblemHttpResult>> ResendAsync(string id, string letter, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, webhooks, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!long.TryParse(letter, NumberStyles.None, CultureInfo.InvariantCulture, out var letterId))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a dead letter id is a whole number, got '{letter}'");
        }

        var queued = await webhooks.ResendAsync(hook!.Id, letterId);
        return queued is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-dead-letter", "No such dead letter", $"webhook {hook.Id} has no dead letter {letterId}")
            : TypedResults.Accepted($"/api/v1/webhooks/{hook.Id}/dead-letters", DeadLetterView.From(queued));
    }

    private static async Task<(StoredWebhook? Hook, ProblemHttpResult? Problem)> FindAsync(string id, WebhookService webhooks, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a webhook id is a whole number, got '{id}'"));
        }

        var hook = await webhooks.GetAsync(number, cancellationToken);
        return hook is null ? (null, NoSuchWebhook(number)) : (hook, null);
    }

    private static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, string expected)
    {
        if (request.ContentLength > MaxBody)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a webhook body may be at most {MaxBody} bytes"));
        }

        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-body", "Body is not JSON", $"expected {expected}: {ex.Message}"));
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-body", "Body is not an object", $"expected {expected}"));
        }

        if (ApiBody.UnreadableString(doc.RootElement) is { } notText)
        {
            doc.Dispose();
            return (null, notText);
        }

        return (doc, null);
    }

    private static bool TryPage(HttpRequest request, string? cursor, string? limit, out long after, out int n, out ProblemHttpResult? problem)
    {
        n = 0;
        after = 0;
        if (request.Query.ContainsKey("after"))
        {
            problem = ApiProblems.BadRequest("invalid-cursor", "Use cursor", "this log is paged with ?cursor= (the previous page's nextCursor); ?after= is not read (CHANGELOG.md)");
            return false;
        }

        return QueryEndpoints.TrySeqCursor(cursor, out after, out problem) && Http.ApiEndpoints.TryLimit(limit, 100, 1000, out n, out problem);
    }

    /// <summary>A page of a log that grows (deliveries, dead letters): nextCursor is always given, the last item's id or the cursor given.</summary>
    private static Page<T> LogPage<T>(List<T> items, Func<T, long> id, long after) =>
        new(items, (items.Count > 0 ? id(items[^1]) : after).ToString(CultureInfo.InvariantCulture));

    private static ProblemHttpResult DestinationRefused(string reason, WebhookEgress mode)
    {
        var change = reason switch
        {
            "loopback" => "set Gateway:Webhooks:Egress to Any, or name the host in Gateway:Webhooks:AllowedDestinations",
            "private address" => "set Gateway:Webhooks:Egress to PublicAndPrivate (or Any), or name the host or its range in Gateway:Webhooks:AllowedDestinations",
            _ => "no Gateway:Webhooks:Egress mode allows it; only naming it in Gateway:Webhooks:AllowedDestinations does",
        };
        return ApiProblems.Problem(StatusCodes.Status400BadRequest, "webhook-destination-refused", "Destination refused",
            $"\"url\" points at a {reason} destination, which the webhook egress policy (mode {mode}) refuses: {change}");
    }

    private static ProblemHttpResult NoSuchWebhook(long id) => ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-webhook", "No such webhook", $"there is no webhook {id}");


    /// <summary>The fields a create or update may carry.</summary>
    private sealed class Fields(WebhookDestinations destinations)
    {
        public string? Url { get; private set; }

        public string? Secret { get; private set; }

        public List<string>? Kinds { get; private set; }

        public List<string>? Accounts { get; private set; }

        public string? Description { get; private set; }

        public bool HasDescription { get; private set; }

        public bool? Enabled { get; private set; }

        public bool Read(JsonElement root, bool requireUrl, out ProblemHttpResult? problem)
        {
            problem = null;
            if (root.TryGetProperty("url", out var u) && u.ValueKind != JsonValueKind.Null)
            {
                if (u.ValueKind != JsonValueKind.String || !Uri.TryCreate(u.GetString(), UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || u.GetString()!.Length > MaxUrlLength)
                {
                    problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid url", $"\"url\" must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters");
                    return false;
                }

                if (destinations.RefuseUrl(uri) is { } reason)
                {
                    problem = DestinationRefused(reason, destinations.Policy.Mode);
                    return false;
                }

                Url = uri.ToString();
            }
            else if (requireUrl)
            {
                problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Missing url", "\"url\" is required: the receiver's absolute http:// or https:// URL");
                return false;
            }

            if (root.TryGetProperty("secret", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                var text = s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
                if (text.Length is < MinSecretLength or > MaxSecretLength)
                {
                    problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid secret", $"\"secret\" must be a string of {MinSecretLength} to {MaxSecretLength} characters; leave it out to have one generated");
                    return false;
                }

                Secret = text;
            }

            if (!ReadList(root, "kinds", out var kinds, out problem) || !ReadList(root, "accounts", out var accounts, out problem))
            {
                return false;
            }

            Kinds = kinds;
            Accounts = accounts;
            if (root.TryGetProperty("description", out var d))
            {
                HasDescription = true;
                if (d.ValueKind is not (JsonValueKind.String or JsonValueKind.Null) || (d.ValueKind == JsonValueKind.String && d.GetString()!.Length > MaxDescriptionLength))
                {
                    problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid description", $"\"description\" must be a string of at most {MaxDescriptionLength} characters");
                    return false;
                }

                Description = d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }

            if (root.TryGetProperty("enabled", out var e) && e.ValueKind != JsonValueKind.Null)
            {
                if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", "Invalid enabled", "\"enabled\" must be true or false");
                    return false;
                }

                Enabled = e.GetBoolean();
            }

            return true;
        }

        private static bool ReadList(JsonElement root, string name, out List<string>? list, out ProblemHttpResult? problem)
        {
            list = null;
            problem = null;
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            var bad = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-webhook", $"Invalid {name}", $"\"{name}\" must be an array of at most {EventFilter.MaxValues} non-empty strings of at most {EventFilter.MaxValueLength} characters without line breaks (or absent, for all)");
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > EventFilter.MaxValues)
            {
                problem = bad;
                return false;
            }

            list = [];
            foreach (var item in value.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : string.Empty;
                if (text.Length is 0 or > EventFilter.MaxValueLength || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
                {
                    problem = bad;
                    return false;
                }

                if (!list.Contains(text, StringComparer.Ordinal))
                {
                    list.Add(text);
                }
            }

            return true;
        }
    }
}

/// <summary>A webhook as the API shows it; the secret only when it was just set.</summary>
/// <param name="Id">The webhook id.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Kinds">The event kinds delivered; empty for all.</param>
/// <param name="Accounts">The accounts whose events are delivered; empty for all.</param>
/// <param name="Description">The note given.</param>
/// <param name="Enabled">Whether delivery runs.</param>
/// <param name="Cursor">The last seq delivered or given up on; delivery goes on after it.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Secret">The signing secret: only in the answer that set it (create, or an update that gave one).</param>
/// <param name="State">How delivery is going: delivering, receiverDown (tries fail; the events wait in order), or paused (enabled is false).</param>
/// <param name="DownSince">While the receiver is down: the first failed try of the outage (the retry window counts from it).</param>
/// <param name="LastError">The short reason of the last failed try, if any failed (for example "HTTP 503", "connection refused").</param>
/// <param name="NextAttemptAt">While a failed event waits for its next try: when that try is due.</param>
internal sealed record WebhookView(long Id, string Url, IReadOnlyList<string> Kinds, IReadOnlyList<string> Accounts, string? Description, bool Enabled, long Cursor, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret,
    string State, DateTimeOffset? DownSince, string? LastError, DateTimeOffset? NextAttemptAt)
{
    /// <summary>GET /api/v1/webhooks/{id} only: how many events after the cursor the filters take, counted up to 10000.</summary>
    public int? Pending { get; init; }

    public static WebhookView From(StoredWebhook h, bool showSecret) =>
        new(h.Id, h.Url, h.Kinds, h.Accounts, h.Description, h.Enabled, h.Cursor, h.CreatedAt, h.UpdatedAt, showSecret ? h.Secret : null,
            !h.Enabled ? "paused" : h.Delivery.DownSince is null ? "delivering" : "receiverDown", h.Delivery.DownSince, h.Delivery.LastError, h.Delivery.NextAttemptAt);
}


/// <summary>One delivery attempt as the API shows it.</summary>
/// <param name="Id">The attempt's id (the cursor of the delivery log).</param>
/// <param name="Seq">The event delivered.</param>
/// <param name="Attempt">1 for the first try, then counting retries.</param>
/// <param name="At">When it was made.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">What went wrong, when it did.</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
/// <param name="Outcome">delivered (2xx), failed (to be tried again) or deadLettered (the last allowed try failed).</param>
/// <param name="DeadLetterId">The dead letter it became, if it did.</param>
internal sealed record DeliveryView(long Id, long Seq, int Attempt, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs, WebhookDeliveryOutcome Outcome, long? DeadLetterId)
{
    public static DeliveryView From(WebhookDelivery d) => new(d.Id, d.Seq, d.Attempt, d.At, d.StatusCode, d.Error, d.DurationMs, d.Outcome, d.DeadLetterId);
}

/// <summary>An event a webhook could not deliver after every try.</summary>
/// <param name="Id">The dead letter's id (the cursor of the dead-letter list).</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="Seq">The event.</param>
/// <param name="Kind">The event's kind.</param>
/// <param name="Account">The event's account.</param>
/// <param name="Attempts">How many tries were made, resends included.</param>
/// <param name="LastStatusCode">The receiver's last status, when it answered.</param>
/// <param name="LastError">What went wrong the last time.</param>
/// <param name="DeadAt">When it was given up on.</param>
/// <param name="State">dead (waiting for a resend), resending (queued for one) or resent (a resend was delivered).</param>
/// <param name="ResentAt">When a resend was delivered.</param>
internal sealed record DeadLetterView(long Id, long WebhookId, long Seq, string Kind, string? Account, int Attempts, int? LastStatusCode, string LastError, DateTimeOffset DeadAt, DeadLetterState State, DateTimeOffset? ResentAt)
{
    public static DeadLetterView From(WebhookDeadLetter d) => new(d.Id, d.WebhookId, d.Seq, d.Kind, d.Account, d.Attempts, d.LastStatusCode, d.LastError, d.DeadAt, d.State, d.ResentAt);
}

/// <summary>
/// The body of <c>POST /api/v1/webhooks</c> (all of it), <c>PUT /api/v1/webhooks/{id}</c> (url required, the
/// rest replaced) and <c>PATCH /api/v1/webhooks/{id}</c> (only what is given changes). Read by hand, field by
/// field, so each mistake gets its own problem; this record describes it.
/// </summary>
internal sealed record WebhookRequest
{
    [System.ComponentModel.Description("The receiver: an absolute http:// or https:// URL of at most 2048 characters, to a destination the egress policy allows (Gateway:Webhooks:Egress, AllowedDestinations). Required for POST and PUT.")]
    public string? Url { get; init; }

    [System.ComponentModel.Description("Event kinds to deliver (for example reportTextMessage); absent or empty for every kind. At most 100 strings of at most 128 characters.")]
    public IReadOnlyList<string>? Kinds { get; init; }

    [System.ComponentModel.Description("Accounts (wxids) whose events to deliver; absent or empty for every account. At most 100 strings of at most 128 characters.")]
    public IReadOnlyList<string>? Accounts { get; init; }

    [System.ComponentModel.Description("The HMAC-SHA256 signing secret, 16 to 256 characters; absent to have one generated (it is shown once, in the answer).")]
    public string? Secret { get; init; }

    [System.ComponentModel.Description("A note for people, at most 500 characters.")]
    public string? Description { get; init; }

    [System.ComponentModel.Description("false to pause delivery (events are kept and delivered once enabled again). Default true.")]
    public bool? Enabled { get; init; }

    [System.ComponentModel.Description("POST only: start delivering with the event after this seq (default: the log's head, so only new events).")]
    public long? After { get; init; }
}

/// <summary>The body of <c>POST /api/v1/webhooks/{id}/replay</c>.</summary>
internal sealed record WebhookReplayRequest
{
    [System.ComponentModel.Description("Every event after this seq is delivered again, in order (0 for the whole log).")]
    public required long After { get; init; }
}
