using System.Net;
using System.Text;
using System.Text.Json;

namespace WeQuick.Sdk.Tests;

/// <summary>The client's requests and its reading of answers, against a recording HTTP handler.</summary>
public sealed class ClientUnitTests
{
    private const string Record = """{"id":7,"sendId":"7","target":"wxid_bot","api":"sendTextMessage","state":"queued","command":{"kind":"sendTextMessage","wxid":"wxid_friend","text":"hi"},"deliveries":0,"createdAt":"2026-01-01T08:00:00+00:00"}""";

    [Fact]
    public async Task A_command_sends_wait_queue_the_idempotency_key_and_the_bearer_key()
    {
        var handler = new Recording(HttpStatusCode.Accepted, Record, ("Idempotent-Replayed", "true"));
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/"), ApiKey = "wqk_k" });

        var record = await client.SendTextAsync("wxid_bot", "wxid_friend", "hi", new CommandOptions { Wait = TimeSpan.FromSeconds(2.5), Queue = true, IdempotencyKey = "key-1" });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/accounts/wxid_bot/messages?wait=2.5&queue=true", request.PathAndQuery);
        Assert.Equal("Bearer wqk_k", request.Authorization);
        Assert.Equal("key-1", request.IdempotencyKey);
        Assert.Equal("""{"type":"text","to":"wxid_friend","text":"hi"}""", request.Body);
        Assert.Equal(7, record.Id);
        Assert.Equal(CommandState.Queued, record.State);
        Assert.True(record.Replayed);
        Assert.False(record.WaitTimedOut);
        Assert.False(record.IsFinished);
    }

    [Fact]
    public async Task A_wait_that_runs_out_gives_the_record_marked_timed_out_rather_than_an_error()
    {
        var handler = new Recording(HttpStatusCode.GatewayTimeout, Record);
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var record = await client.LogoutAsync("wxid_bot", CommandOptions.WaitFor(TimeSpan.FromSeconds(1)));

        Assert.True(record.WaitTimedOut);
        Assert.Null(handler.Requests[0].Authorization);
        Assert.Equal("/api/v1/accounts/wxid_bot/logout?wait=1", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task A_refusal_throws_with_the_problems_slug_title_detail_field_errors_and_trace_id()
    {
        var handler = new Recording(HttpStatusCode.BadRequest, """{"type":"urn:wequick:problem:invalid-request","title":"Invalid request","status":400,"detail":"text: is required","errors":{"text":["is required"]},"traceId":"00-abc-def-01"}""");
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var ex = await Assert.ThrowsAsync<WeQuickApiException>(() => client.SendTextAsync("wxid_bot", "wxid_friend", ""));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("invalid-request", ex.Slug);
        Assert.Equal("Invalid request", ex.Title);
        Assert.Equal("text: is required", ex.Detail);
        Assert.Equal(["is required"], ex.Errors["text"]);
        Assert.Equal("00-abc-def-01", ex.TraceId);
        Assert.Contains("400 Invalid request", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_without_a_wequick_type_has_no_slug_and_keeps_a_plain_body_as_detail()
    {
        var handler = new Recording(HttpStatusCode.BadGateway, "upstream down");
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var ex = await Assert.ThrowsAsync<WeQuickApiException>(() => client.ListAccountsAsync());

        Assert.Null(ex.Slug);
        Assert.Equal("upstream down", ex.Detail);
    }

    [Fact]
    public async Task Query_filters_and_path_segments_are_escaped()
    {
        var handler = new Recording(HttpStatusCode.OK, """{"account":"wxid_bot","items":[]}""");
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var page = await client.ListMessagesAsync("wxid_bot", new MessageQuery { Conversation = "1@chatroom", Text = "a b&c", Since = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)), Limit = 5 }, cursor: "abc=");
        await client.ListCommandsAsync(new CommandQuery { Target = "pid:42", State = CommandState.Completed });

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
        Assert.Equal("/api/v1/accounts/wxid_bot/messages?conversation=1%40chatroom&since=2026-01-01T00%3A00%3A00.0000000Z&q=a%20b%26c&limit=5&cursor=abc%3D", handler.Requests[0].PathAndQuery);
        Assert.Equal("/api/v1/commands?account=pid%3A42&state=completed", handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task Enumerating_follows_next_cursor_until_the_last_page()
    {
        var pages = new Queue<string>(["""{"items":[{"wxid":"a"},{"wxid":"b"}],"nextCursor":"c1"}""", """{"items":[{"wxid":"c"}]}"""]);
        var handler = new Recording(HttpStatusCode.OK, () => pages.Dequeue());
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var all = new List<string>();
        await foreach (var c in client.EnumerateContactsAsync("wxid_bot", new ContactQuery { Type = "friend" }))
        {
            all.Add(c.Wxid);
        }

        Assert.Equal(["a", "b", "c"], all);
        Assert.Equal(["/api/v1/accounts/wxid_bot/contacts?type=friend", "/api/v1/accounts/wxid_bot/contacts?type=friend&cursor=c1"], handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Lists_read_items_and_send_the_cursor_they_are_given()
    {
        var pages = new Queue<string>(
        [
            """{"items":[{"wxid":"a"}],"nextCursor":"p2"}""",
            """{"items":[{"wxid":"b"}]}""",
            """{"items":[],"nextCursor":"5"}""",
            """{"items":[],"nextCursor":"9","head":9}""",
        ]);
        var handler = new Recording(HttpStatusCode.OK, () => pages.Dequeue());
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        var accounts = await client.ListAccountsAsync();
        var deliveries = await client.ListWebhookDeliveriesAsync(3, "5", 10);
        var events = await client.GetEventsAsync("9");

        Assert.Equal(["a", "b"], accounts.Select(a => a.Wxid));
        Assert.Equal("5", deliveries.NextCursor);
        Assert.Equal(9, events.NextSeq);
        Assert.Equal(["/api/v1/accounts", "/api/v1/accounts?cursor=p2", "/api/v1/webhooks/3/deliveries?cursor=5&limit=10", "/api/v1/events?cursor=9"], handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public void A_base_url_must_be_absolute_http()
    {
        Assert.Throws<ArgumentException>(() => new WeQuickClient(new WeQuickClientOptions { BaseUrl = new Uri("ftp://127.0.0.1/") }));
        Assert.Throws<ArgumentException>(() => new WeQuickClient(new WeQuickClientOptions()));
    }

    [Fact]
    public void An_answer_decodes_to_its_typed_report()
    {
        var json = """{"id":1,"sendId":"1","target":"wxid_bot","api":"getLoginStatus","state":"completed","command":{},"createdAt":"2026-01-01T08:00:00+00:00","answer":{"seq":9,"kind":"loginStatus","source":"client","account":"wxid_bot","receivedAt":"2026-01-01T08:00:01+00:00","data":{"kind":"loginStatus","account":"wxid_bot","code":1}}}""";
        var record = JsonSerializer.Deserialize(json, SdkJsonContext.Default.CommandRecord)!;

        Assert.True(record.Succeeded);
        Assert.Equal(1, record.AnswerAs<Protocol.LoginStatusReport>()!.Code);
        Assert.Equal(1, record.AnswerData!.Value.GetProperty("code").GetInt32());
        Assert.Null(record.AnswerAs<Protocol.ContactReport>());
    }

    [Fact]
    public void An_event_is_the_same_event_before_and_after_its_report_is_read_and_gateway_events_have_no_report()
    {
        var json = """{"seq":5,"kind":"loginStatus","source":"client","account":"wxid_bot","receivedAt":"2026-01-01T08:00:01+00:00","data":{"kind":"loginStatus","account":"wxid_bot","code":1}}""";
        var read = JsonSerializer.Deserialize(json, SdkJsonContext.Default.GatewayEvent)!;
        var untouched = JsonSerializer.Deserialize(json, SdkJsonContext.Default.GatewayEvent)!;
        var gateway = JsonSerializer.Deserialize("""{"seq":6,"kind":"instanceOnline","source":"gateway","instance":"local/1","receivedAt":"2026-01-01T08:00:02+00:00","data":{"instance":"local/1"}}""", SdkJsonContext.Default.GatewayEvent)!;

        Assert.IsType<Protocol.LoginStatusReport>(read.Report);
        Assert.Equal(untouched, read);
        Assert.Equal(untouched.GetHashCode(), read.GetHashCode());
        Assert.False(gateway.IsReport);
        Assert.Null(gateway.Report);
        Assert.NotEqual(read, gateway);
    }

    [Theory]
    [InlineData(new long[0], 0L)]
    [InlineData(new long[] { 1 }, 1L)]
    [InlineData(new long[] { 3, 10, 11, 5000 }, 5000L)]
    [InlineData(new long[] { 2000, 2001, 2002, 70000, 70001 }, 70001L)]
    public async Task The_latest_seq_is_found_in_a_log_with_gaps(long[] seqs, long latest)
    {
        var log = new SortedSet<long>(seqs);
        var handler = new EventsPage(log);
        using var client = new WeQuickClient(new HttpClient(handler), new WeQuickClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

        Assert.Equal(latest, await client.GetLatestSeqAsync());
        Assert.True(handler.Requests < 60, $"{handler.Requests} requests");
    }

    /// <summary>The events page over a set of seqs, without a head: <c>?cursor=&amp;limit=1</c>.</summary>
    private sealed class EventsPage(SortedSet<long> log) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var after = long.Parse(query["cursor"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var next = log.GetViewBetween(after + 1, long.MaxValue).Take(1).ToList();
            var events = string.Join(",", next.Select(s => $$$"""{"seq":{{{s}}},"kind":"instanceOnline","source":"gateway","receivedAt":"2026-01-01T08:00:00+00:00","data":{}}"""));
            var body = $$"""{"items":[{{events}}],"nextCursor":"{{(next.Count > 0 ? next[0] : after)}}"}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed record Seen(string Method, string PathAndQuery, string? Authorization, string? IdempotencyKey, string? Body);

    private sealed class Recording : HttpMessageHandler
    {
        private readonly HttpStatusCode _status;
        private readonly Func<string> _body;
        private readonly (string Name, string Value)[] _headers;

        public Recording(HttpStatusCode status, string body, params (string, string)[] headers)
            : this(status, () => body, headers)
        {
        }

        public Recording(HttpStatusCode status, Func<string> body, params (string, string)[] headers)
        {
            _status = status;
            _body = body;
            _headers = headers;
        }

        public List<Seen> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new Seen(
                request.Method.Method,
                request.RequestUri!.PathAndQuery,
                request.Headers.Authorization?.ToString(),
                request.Headers.TryGetValues("Idempotency-Key", out var k) ? k.Single() : null,
                body));
            var response = new HttpResponseMessage(_status) { Content = new StringContent(_body(), Encoding.UTF8, "application/json") };
            foreach (var (name, value) in _headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }
    }
}
