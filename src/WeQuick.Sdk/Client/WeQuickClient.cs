using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WeQuick.Sdk;

/// <summary>
/// A typed client for a WeQuick gateway's developer API (<c>/api/v1</c>): accounts, instances and login, messages,
/// contacts, friend requests, rooms, transfers, files, raw commands, the event log and its live stream, webhooks and
/// API keys. Refusals throw <see cref="WeQuickApiException"/>. Thread-safe; keep one per gateway.
/// </summary>
public sealed partial class WeQuickClient : IDisposable
{
    private const string ReplayedHeader = "Idempotent-Replayed";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for the gateway at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The gateway, e.g. <c>http://127.0.0.1:8080</c>.</param>
    /// <param name="apiKey">The API key; null for a gateway in open mode.</param>
    public WeQuickClient(Uri baseUrl, string? apiKey = null)
        : this(new WeQuickClientOptions { BaseUrl = baseUrl, ApiKey = apiKey })
    {
    }

    /// <summary>Creates a client with its own HTTP connection pool.</summary>
    /// <param name="options">Where the gateway is, the key, timeouts.</param>
    public WeQuickClient(WeQuickClientOptions options)
        : this(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }), options, ownsHttpClient: true)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller owns (its BaseAddress and timeout are not used).</summary>
    /// <param name="httpClient">The HTTP client to send with.</param>
    /// <param name="options">Where the gateway is, the key, timeouts.</param>
    public WeQuickClient(HttpClient httpClient, WeQuickClientOptions options)
        : this(httpClient, options, ownsHttpClient: false)
    {
    }

    private WeQuickClient(HttpClient httpClient, WeQuickClientOptions options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        BaseUrl = options.RequireBaseUrl();
        _http = httpClient;
        _ownsHttp = ownsHttpClient;
        if (ownsHttpClient)
        {
            // Each request carries its own deadline (RequestTimeout plus any wait).
            _http.Timeout = Timeout.InfiniteTimeSpan;
        }
    }

    /// <summary>The gateway's base URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The options this client was made with.</summary>
    public WeQuickClientOptions Options { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Seg(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Url(pathAndQuery)) { Content = content };
        if (Options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    private static ByteArrayContent Json<TBody>(TBody body, JsonTypeInfo<TBody> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, TimeSpan extra, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(Options.RequestTimeout + extra, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} took longer than {(Options.RequestTimeout + extra).TotalSeconds:0.#} s");
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendRawAsync(request, TimeSpan.Zero, cancellationToken))
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return await ReadAsync(response, type, cancellationToken);
        }
    }

    private async Task SendNoContentAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendRawAsync(request, TimeSpan.Zero, cancellationToken))
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    private Task<T> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, pathAndQuery), type, cancellationToken);

    private async Task<CommandRecord> CommandAsync(HttpMethod method, string path, HttpContent? body, CommandOptions? options, CancellationToken cancellationToken)
    {
        var query = new QueryString();
        var wait = TimeSpan.Zero;
        if (options?.Wait is { } w && w > TimeSpan.Zero)
        {
            wait = w;
            query.Add("wait", w.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (options?.Queue == true)
        {
            query.Add("queue", "true");
        }

        using var request = Request(method, path + query, body);
        if (options?.IdempotencyKey is { } key)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        using var response = await SendRawAsync(request, wait, cancellationToken);
        var timedOut = response.StatusCode == HttpStatusCode.GatewayTimeout;
        if (!timedOut)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }

        var record = await ReadAsync(response, SdkJsonContext.Default.CommandRecord, cancellationToken);
        var replayed = response.Headers.TryGetValues(ReplayedHeader, out var values) && values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
        return record with { Replayed = replayed, WaitTimedOut = timedOut };
    }

    private Task<CommandRecord> CommandAsync<TBody>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> type, CommandOptions? options, CancellationToken cancellationToken) =>
        CommandAsync(method, path, Json(body, type), options, cancellationToken);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
                ?? throw new WeQuickApiException($"the gateway answered {(int)response.StatusCode} with JSON null where a {typeof(T).Name} was expected");
        }
        catch (JsonException ex)
        {
            throw new WeQuickApiException($"the gateway's answer ({(int)response.StatusCode}) is not the {typeof(T).Name} expected: {ex.Message}", ex);
        }
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        ProblemBody? problem = null;
        try
        {
            problem = text.Length > 0 ? JsonSerializer.Deserialize(text, SdkJsonContext.Default.ProblemBody) : null;
        }
        catch (JsonException)
        {
        }

        var errors = problem?.Errors?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);
        var detail = problem?.Detail ?? (problem is null && text.Length > 0 ? text[..Math.Min(text.Length, 500)] : null);
        throw new WeQuickApiException(response.StatusCode, problem?.Type, problem?.Title ?? response.ReasonPhrase, detail, errors) { TraceId = problem?.TraceId };
    }

    /// <summary>Walks every page of a paged query, following <see cref="Page{T}.NextCursor"/> until the last page.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="fetch">Reads one page given a cursor (null for the first page).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public static async IAsyncEnumerable<T> EnumerateAllAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        string? cursor = null;
        do
        {
            var page = await fetch(cursor, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Every item of a list the gateway answers unpaged (no <c>nextCursor</c>), following the cursor should it page one.</summary>
    private async Task<IReadOnlyList<T>> ListAllAsync<T>(string path, JsonTypeInfo<Page<T>> type, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var item in EnumerateAllAsync((c, ct) => GetAsync(path + new QueryString().Add("cursor", c), type, ct), cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Builds a query string, leaving out absent values.</summary>
    internal sealed class QueryString
    {
        private readonly StringBuilder _text = new();

        public QueryString Add(string name, string? value)
        {
            if (value is not null)
            {
                _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }

            return this;
        }

        public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

        public QueryString Add(string name, DateTimeOffset? value) => Add(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

        public override string ToString() => _text.ToString();
    }
}
