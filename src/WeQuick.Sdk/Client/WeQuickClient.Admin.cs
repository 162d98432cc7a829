using System.Text.Json;

namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>One page of an account's transfers, by transfer id.</summary>
    /// <param name="account">The account.</param>
    /// <param name="state"><c>sent</c>, <c>accepted</c>, <c>returned</c> or <c>unknown</c>; null for all.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<Transfer>> ListTransfersAsync(string account, string? state = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/transfers{new QueryString().Add("state", state).Add("limit", limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageTransfer, cancellationToken);

    /// <summary>Every transfer of an account, page after page.</summary>
    /// <param name="account">The account.</param>
    /// <param name="state">Only this state; null for all.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<Transfer> EnumerateTransfersAsync(string account, string? state = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListTransfersAsync(account, state, c, null, ct), cancellationToken);

    /// <summary>Accepts a transfer (<c>acceptBankTransfer</c>); without <paramref name="from"/> the sender is taken from the stored transfer (404 <c>unknown-transfer</c> when none).</summary>
    /// <param name="account">The account.</param>
    /// <param name="transferId">The transfer id of the <c>TransferMessageReport</c>.</param>
    /// <param name="from">The sender; null to use the stored transfer's.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> AcceptTransferAsync(string account, string transferId, string? from = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/transfers/{Seg(transferId)}/accept", new FromBody(from), SdkJsonContext.Default.FromBody, options, cancellationToken);

    /// <summary>Has the client upload one of its files to <paramref name="uploadUrl"/> (<c>uploadFile</c>); <c>UploadFileResultReport</c> finishes it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="path">A path on the client machine (a <c>fileIndex</c> of a message, say).</param>
    /// <param name="uploadUrl">Where the client posts it (http or https).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> UploadFileAsync(string account, string path, Uri uploadUrl, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        return CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/files/upload", new UploadBody(path, uploadUrl.ToString()), SdkJsonContext.Default.UploadBody, options, cancellationToken);
    }

    /// <summary>Queues any command by its wire api (<c>POST /api/v1/commands</c>): for what the typed methods do not cover. The target's presence is not checked.</summary>
    /// <param name="target">An account wxid, or <c>pid:N</c> for an instance.</param>
    /// <param name="api">The wire api, e.g. <c>sendTextMessage</c>.</param>
    /// <param name="option">The command's wire <c>option</c> object; null for none.</param>
    /// <param name="options">Wait and idempotency (queue does not apply).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> SendCommandAsync(string target, string api, JsonElement? option = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, "/api/v1/commands", new RawCommandBody(target, api, option), SdkJsonContext.Default.RawCommandBody, options, cancellationToken);

    /// <summary>A command's record with its answer (<c>GET /api/v1/commands/{id}</c>).</summary>
    /// <param name="id">The command id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> GetCommandAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/commands/{Num(id)}", SdkJsonContext.Default.CommandRecord, cancellationToken);

    /// <summary>One page of command records, newest first (without their answers).</summary>
    /// <param name="query">Target, state and page size.</param>
    /// <param name="cursor">The previous page's cursor; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<CommandRecord>> ListCommandsAsync(CommandQuery? query = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var state = query?.State is { } s ? s.ToString().ToLowerInvariant() : null;
        return GetAsync($"/api/v1/commands{new QueryString().Add("account", query?.Target).Add("state", state).Add("limit", query?.Limit).Add("cursor", cursor)}", SdkJsonContext.Default.PageCommandRecord, cancellationToken);
    }

    /// <summary>Every command record matching <paramref name="query"/>, newest first, page after page.</summary>
    /// <param name="query">Target, state and page size.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public IAsyncEnumerable<CommandRecord> EnumerateCommandsAsync(CommandQuery? query = null, CancellationToken cancellationToken = default) =>
        EnumerateAllAsync((c, ct) => ListCommandsAsync(query, c, ct), cancellationToken);

    /// <summary>Creates a webhook; the answer carries its secret (the only time it is shown, unless an update sets a new one).</summary>
    /// <param name="webhook">At least <see cref="WebhookRequest.Url"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> CreateWebhookAsync(WebhookRequest webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return SendAsync(Request(HttpMethod.Post, "/api/v1/webhooks", Json(webhook, SdkJsonContext.Default.WebhookRequest)), SdkJsonContext.Default.Webhook, cancellationToken);
    }

    /// <summary>Every webhook (secrets not shown).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        ListAllAsync("/api/v1/webhooks", SdkJsonContext.Default.PageWebhook, cancellationToken);

    /// <summary>One webhook (secret not shown).</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> GetWebhookAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/webhooks/{Num(id)}", SdkJsonContext.Default.Webhook, cancellationToken);

    /// <summary>Changes the fields given (<c>PATCH</c>); null fields stay as they are.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="changes">The fields to change (<see cref="WebhookRequest.After"/> does not apply).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> UpdateWebhookAsync(long id, WebhookRequest changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SendAsync(Request(HttpMethod.Patch, $"/api/v1/webhooks/{Num(id)}", Json(changes with { After = null }, SdkJsonContext.Default.WebhookRequest)), SdkJsonContext.Default.Webhook, cancellationToken);
    }

    /// <summary>Replaces a webhook (<c>PUT</c>): filters and description not given are cleared; the secret is kept unless one is given.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="webhook">The new webhook; <see cref="WebhookRequest.Url"/> is required.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> ReplaceWebhookAsync(long id, WebhookRequest webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return SendAsync(Request(HttpMethod.Put, $"/api/v1/webhooks/{Num(id)}", Json(webhook with { After = null }, SdkJsonContext.Default.WebhookRequest)), SdkJsonContext.Default.Webhook, cancellationToken);
    }

    /// <summary>Deletes a webhook with its delivery log and dead letters.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteWebhookAsync(long id, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(Request(HttpMethod.Delete, $"/api/v1/webhooks/{Num(id)}"), cancellationToken);

    /// <summary>Moves a webhook's cursor: every matching event after <paramref name="after"/> is delivered again, in order.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="after">A seq (0 for the whole log).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Webhook> ReplayWebhookAsync(long id, long after, CancellationToken cancellationToken = default) =>
        SendAsync(Request(HttpMethod.Post, $"/api/v1/webhooks/{Num(id)}/replay", Json(new AfterBody(after), SdkJsonContext.Default.AfterBody)), SdkJsonContext.Default.Webhook, cancellationToken);

    /// <summary>A page of a webhook's delivery log, oldest first. The log grows, so there is always a <see cref="Page{T}.NextCursor"/>: keep it to read what comes next.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="cursor">The previous page's <see cref="Page{T}.NextCursor"/>; null for the start.</param>
    /// <param name="limit">Page size, 1 to 1000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<WebhookDelivery>> ListWebhookDeliveriesAsync(long id, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/webhooks/{Num(id)}/deliveries{new QueryString().Add("cursor", cursor).Add("limit", limit)}", SdkJsonContext.Default.PageWebhookDelivery, cancellationToken);

    /// <summary>A page of a webhook's dead letters, oldest first. The list grows, so there is always a <see cref="Page{T}.NextCursor"/>: keep it to read what comes next.</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="cursor">The previous page's <see cref="Page{T}.NextCursor"/>; null for the start.</param>
    /// <param name="limit">Page size, 1 to 1000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<WebhookDeadLetter>> ListWebhookDeadLettersAsync(long id, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/webhooks/{Num(id)}/dead-letters{new QueryString().Add("cursor", cursor).Add("limit", limit)}", SdkJsonContext.Default.PageWebhookDeadLetter, cancellationToken);

    /// <summary>Queues a dead letter to be sent again (ahead of the webhook's new events).</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="letter">The dead letter's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<WebhookDeadLetter> ResendDeadLetterAsync(long id, long letter, CancellationToken cancellationToken = default) =>
        SendAsync(Request(HttpMethod.Post, $"/api/v1/webhooks/{Num(id)}/dead-letters/{Num(letter)}/resend"), SdkJsonContext.Default.WebhookDeadLetter, cancellationToken);

    /// <summary>Every API key (admin scope); never the keys themselves.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        ListAllAsync("/api/v1/keys", SdkJsonContext.Default.PageApiKey, cancellationToken);

    /// <summary>Creates an API key (admin scope); the answer is the only time the key is shown. 409 when the name is taken.</summary>
    /// <param name="name">1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>, not only digits.</param>
    /// <param name="scope">What the key may do.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CreatedApiKey> CreateApiKeyAsync(string name, ApiKeyScope scope, CancellationToken cancellationToken = default) =>
        SendAsync(Request(HttpMethod.Post, "/api/v1/keys", Json(new CreateKeyBody(name, scope.ToString().ToLowerInvariant()), SdkJsonContext.Default.CreateKeyBody)), SdkJsonContext.Default.CreatedApiKey, cancellationToken);

    /// <summary>Revokes an API key by id or name (admin scope); 404 when there is none.</summary>
    /// <param name="idOrName">The key's id or name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<ApiKey> RevokeApiKeyAsync(string idOrName, CancellationToken cancellationToken = default) =>
        SendAsync(Request(HttpMethod.Delete, $"/api/v1/keys/{Seg(idOrName)}"), SdkJsonContext.Default.ApiKey, cancellationToken);

    /// <summary>Which client owns an account (admin scope); 404 <c>unbound-account</c> when none does yet.</summary>
    /// <param name="account">The account's wxid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<AccountBinding> GetAccountBindingAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/binding", SdkJsonContext.Default.AccountBinding, cancellationToken);

    /// <summary>
    /// Releases an account from its client (admin scope), so that the next client to poll or report with it owns it:
    /// how an account moves to another machine or token. Answers the released binding; 404 <c>unbound-account</c> when none.
    /// </summary>
    /// <param name="account">The account's wxid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<AccountBinding> ReleaseAccountBindingAsync(string account, CancellationToken cancellationToken = default) =>
        SendAsync(Request(HttpMethod.Delete, $"/api/v1/accounts/{Seg(account)}/binding"), SdkJsonContext.Default.AccountBinding, cancellationToken);
}
