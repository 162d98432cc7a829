using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Streaming;

namespace WeQuick.Gateway.Webhooks;

/// <summary>Webhooks under <c>/api/v1/webhooks</c>: CRUD, replay, the delivery log and dead letters.</summary>
internal static class WebhookEndpoints
{
    private const int MaxBody = 64 * 1024;
    private const int MaxUrlLength = 2048;
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;
    private const int MaxDescriptionLength = 500;

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
            .WithName("GetWebhook").WithSummary("Get a webhook").WithDescription("The webhook, without its secret; cursor is the last seq delivered or given up on.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapPatch("/{id}", (string id, HttpRequest request, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, TimeProvider time) => UpdateAsync(id, request, store, writer, dispatcher, time, replace: false))
            .WithName("UpdateWebhook").WithSummary("Change some fields of a webhook").WithDescription("Only the fields given change; the secret is shown in the answer only when one is given.")
            .Accepts<WebhookRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        hooks.MapPut("/{id}", (string id, HttpRequest request, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, TimeProvider time) => UpdateAsync(id, request, store, writer, dispatcher, time, replace: true))
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
            .WithName("ListWebhookDeliveries").WithSummary("The webhook's delivery log").WithDescription("Every attempt, oldest first, after ?after= (an id; pass next for the following page).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapGet("/{id}/dead-letters", ListDeadLettersAsync)
            .WithName("ListWebhookDeadLetters").WithSummary("The webhook's dead letters").WithDescription("Events given up on after the configured number of tries, oldest first, after ?after= (an id).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        hooks.MapPost("/{id}/dead-letters/{letter}/resend", ResendAsync)
            .WithName("ResendWebhookDeadLetter").WithSummary("Deliver a dead letter again").WithDescription("The dead letter is queued for delivery (state resending), then becomes resent, or dead again.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    internal static async Task<Results<Created<WebhookView>, ProblemHttpResult>> CreateAsync(HttpRequest request, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, TimeProvider time, IOptions<GatewayOptions> options)
    {
        var (body, problem) = await ReadObjectAsync(request, "{\"url\": \"https://…\", \"kinds\": [...], \"accounts\": [...], \"secret\": \"…\"}");
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var root = body!.RootElement;
            var fields = new Fields();
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

            if ((await store.ReadWebhooksAsync(request.HttpContext.RequestAborted)).Count >= options.Value.Webhooks.MaxWebhooks)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "too-many-webhooks", "Too many webhooks", $"at most {options.Value.Webhooks.MaxWebhooks} webhooks may be registered (Gateway:Webhooks:MaxWebhooks); delete one first");
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
            StoredWebhook stored;
            try
            {
                stored = await writer.RunAsync(s => store.Writer(s).InsertWebhook(hook, after));
            }
            catch (GatewayUnavailableException ex)
            {
                return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "stopping", "Stopping", ex.Message);
            }

            dispatcher.Changed(stored.Id);
            return TypedResults.Created($"/api/v1/webhooks/{stored.Id}", WebhookView.From(stored, showSecret: true));
        }
    }

    internal static async Task<Ok<WebhookList>> ListAsync(IWebhookStore store, CancellationToken cancellationToken)
    {
        var all = await store.ReadWebhooksAsync(cancellationToken);
        return TypedResults.Ok(new WebhookList([.. all.Select(h => WebhookView.From(h, showSecret: false))]));
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(string id, IWebhookStore store, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, store, cancellationToken);
        return problem is not null ? problem : TypedResults.Ok(WebhookView.From(hook!, showSecret: false));
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> UpdateAsync(string id, HttpRequest request, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, TimeProvider time, bool replace)
    {
        var (hook, problem) = await FindAsync(id, store, request.HttpContext.RequestAborted);
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
            var fields = new Fields();
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
            if (!await writer.RunAsync(s => store.Writer(s).UpdateWebhook(updated)))
            {
                return NoSuchWebhook(hook!.Id);
            }

            dispatcher.Changed(updated.Id);
            var stored = await store.ReadWebhookAsync(updated.Id, request.HttpContext.RequestAborted) ?? updated;
            return TypedResults.Ok(WebhookView.From(stored, showSecret: fields.Secret is not null));
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!await writer.RunAsync(s => store.Writer(s).DeleteWebhook(hook!.Id)))
        {
            return NoSuchWebhook(hook!.Id);
        }

        dispatcher.Changed(hook!.Id);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Accepted<WebhookView>, ProblemHttpResult>> ReplayAsync(string id, HttpRequest request, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher)
    {
        var (hook, problem) = await FindAsync(id, store, request.HttpContext.RequestAborted);
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

            if (!await writer.RunAsync(s => store.Writer(s).SetCursor(hook!.Id, after)))
            {
                return NoSuchWebhook(hook!.Id);
            }

            dispatcher.Changed(hook!.Id);
            var stored = await store.ReadWebhookAsync(hook.Id, request.HttpContext.RequestAborted) ?? hook;
            return TypedResults.Accepted($"/api/v1/webhooks/{hook.Id}", WebhookView.From(stored, showSecret: false));
        }
    }

    internal static async Task<Results<Ok<DeliveryPage>, ProblemHttpResult>> ListDeliveriesAsync(string id, string? after, string? limit, IWebhookStore store, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TryPage(after, limit, out var cursor, out var n, out problem))
        {
            return problem!;
        }

        var rows = await store.ReadDeliveriesAsync(hook!.Id, cursor, n, cancellationToken);
        var views = rows.Select(DeliveryView.From).ToList();
        return TypedResults.Ok(new DeliveryPage(views, views.Count > 0 ? views[^1].Id : cursor));
    }

    internal static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListDeadLettersAsync(string id, string? after, string? limit, IWebhookStore store, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TryPage(after, limit, out var cursor, out var n, out problem))
        {
            return problem!;
        }

        var rows = await store.ReadDeadLettersAsync(hook!.Id, null, cursor, n, cancellationToken);
        return TypedResults.Ok(new DeadLetterPage(rows, rows.Count > 0 ? rows[^1].Id : cursor));
    }

    internal static async Task<Results<Accepted<WebhookDeadLetter>, ProblemHttpResult>> ResendAsync(string id, string letter, IWebhookStore store, StoreWriter writer, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var (hook, problem) = await FindAsync(id, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!long.TryParse(letter, NumberStyles.None, CultureInfo.InvariantCulture, out var letterId))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a dead letter id is a whole number, got '{letter}'");
        }

        var queued = await writer.RunAsync(s =>
        {
            var w = store.Writer(s);
            var found = w.GetDeadLetter(hook!.Id, letterId);
            if (found is null || found.State == DeadLetterState.Resending)
            {
                return found;
            }

            var next = found with { State = DeadLetterState.Resending };
            w.UpdateDeadLetter(next);
            return next;
        });
        if (queued is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-dead-letter", "No such dead letter", $"webhook {hook!.Id} has no dead letter {letterId}");
        }

        dispatcher.Changed(hook!.Id);
        return TypedResults.Accepted($"/api/v1/webhooks/{hook.Id}/dead-letters", queued);
    }

    private static async Task<(StoredWebhook? Hook, ProblemHttpResult? Problem)> FindAsync(string id, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a webhook id is a whole number, got '{id}'"));
        }

        var hook = await store.ReadWebhookAsync(number, cancellationToken);
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

        return (doc, null);
    }

    private static bool TryPage(string? after, string? limit, out long cursor, out int n, out ProblemHttpResult? problem)
    {
        problem = null;
        cursor = 0;
        n = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-cursor", "Invalid cursor", $"after must be an id from a previous page's next (a whole number ≥ 0), got '{after}'");
            return false;
        }

        return Http.ApiEndpoints.TryLimit(limit, 100, 1000, out n, out problem);
    }

    private static ProblemHttpResult NoSuchWebhook(long id) => ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-webhook", "No such webhook", $"there is no webhook {id}");


    /// <summary>The fields a create or update may carry.</summary>
    private sealed class Fields
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
internal sealed record WebhookView(long Id, string Url, IReadOnlyList<string> Kinds, IReadOnlyList<string> Accounts, string? Description, bool Enabled, long Cursor, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret)
{
    public static WebhookView From(StoredWebhook h, bool showSecret) =>
        new(h.Id, h.Url, h.Kinds, h.Accounts, h.Description, h.Enabled, h.Cursor, h.CreatedAt, h.UpdatedAt, showSecret ? h.Secret : null);
}

/// <summary>Every webhook, by id.</summary>
/// <param name="Webhooks">The webhooks, without secrets.</param>
internal sealed record WebhookList(IReadOnlyList<WebhookView> Webhooks);

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

/// <summary>A page of the delivery log.</summary>
/// <param name="Deliveries">The attempts, oldest first.</param>
/// <param name="Next">The id to pass as ?after= for the next page.</param>
internal sealed record DeliveryPage(IReadOnlyList<DeliveryView> Deliveries, long Next);

/// <summary>A page of dead letters.</summary>
/// <param name="DeadLetters">The dead letters, oldest first.</param>
/// <param name="Next">The id to pass as ?after= for the next page.</param>
internal sealed record DeadLetterPage(IReadOnlyList<WebhookDeadLetter> DeadLetters, long Next);

/// <summary>
/// The body of <c>POST /api/v1/webhooks</c> (all of it), <c>PUT /api/v1/webhooks/{id}</c> (url required, the
/// rest replaced) and <c>PATCH /api/v1/webhooks/{id}</c> (only what is given changes). Read by hand, field by
/// field, so each mistake gets its own problem; this record describes it.
/// </summary>
internal sealed record WebhookRequest
{
    [System.ComponentModel.Description("The receiver: an absolute http:// or https:// URL of at most 2048 characters. Required for POST and PUT.")]
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
