using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WeQuick.Cli;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// Browser safety (issue 15, items 1 and 5): the live stream's Origin rule, content types of API bodies, the host
/// filter, CORS, and streams ending when their key is revoked.
/// </summary>
public sealed class BrowserSafetyTests
{
    private const string Foreign = "https://evil.example";
    private const string Console = "https://console.example.com";

    [Fact]
    public async Task In_open_mode_a_foreign_origin_is_refused_on_both_streams_and_the_own_origin_or_none_is_let_in()
    {
        await using var gateway = await TestGateway.StartAsync();

        var (status, _) = await ConnectWsAsync(gateway, origin: Foreign);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        await AssertProblemAsync(await OpenSseAsync(gateway, origin: Foreign), HttpStatusCode.Forbidden, "origin-not-allowed");
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("Origin " + Foreign, StringComparison.Ordinal));

        var own = gateway.BaseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var origin in new[] { own, null })
        {
            (status, var socket) = await ConnectWsAsync(gateway, origin);
            Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
            socket!.Dispose();
            using var sse = await OpenSseAsync(gateway, origin);
            Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        }
    }

    [Fact]
    public async Task With_keys_a_foreign_origin_is_refused_even_with_a_valid_key_and_a_configured_origin_is_let_in()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Http.AllowedOrigins.Add(Console));
        var key = await CreateKeyAsync(gateway, null, "ops", "admin");

        var (status, _) = await ConnectWsAsync(gateway, Foreign, key);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        await AssertProblemAsync(await OpenSseAsync(gateway, Foreign, key), HttpStatusCode.Forbidden, "origin-not-allowed");

        // A browser's WebSocket cannot send a header: the key comes as ?access_token=.
        (status, var socket) = await ConnectWsAsync(gateway, Console, query: "access_token=" + key);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        socket!.Dispose();
        using var sse = await OpenSseAsync(gateway, Console, key);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);

        // The API's other routes follow the same rule: a page elsewhere cannot make a change without a preflight.
        using var refresh = await SendAsync(gateway, HttpMethod.Post, "/api/v1/accounts/wxid_alice/contacts/refresh?queue=true", key, origin: Foreign);
        await AssertProblemAsync(refresh, HttpStatusCode.Forbidden, "origin-not-allowed");
        using var commands = await SendAsync(gateway, HttpMethod.Get, "/api/v1/commands", key);
        Assert.Empty(JsonDocument.Parse(await commands.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_body_without_the_declared_content_type_is_refused_with_415_before_anything_is_stored()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bodies = new Func<HttpContent>[]
        {
            () => Raw("""{"url":"https://hooks.example/x"}""", null),
            () => Raw("""{"url":"https://hooks.example/x"}""", "text/plain"),
            () => new FormUrlEncodedContent([new("url", "https://hooks.example/x")]),
        };

        foreach (var body in bodies)
        {
            await AssertProblemAsync(await gateway.Http.PostAsync("/api/v1/webhooks", body()), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            await AssertProblemAsync(await gateway.Http.PostAsync("/api/v1/accounts/wxid_alice/messages?queue=true", Swap(body(), """{"type":"text","to":"wxid_bob","text":"hi"}""")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            await AssertProblemAsync(await gateway.Http.PostAsync("/api/v1/commands", Swap(body(), """{"target":"wxid_alice","api":"getLoginStatus"}""")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            await AssertProblemAsync(await gateway.Http.PostAsync("/api/v1/keys", Swap(body(), """{"name":"sneaky","scope":"admin"}""")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }

        Assert.Empty((await gateway.GetJsonAsync("/api/v1/webhooks")).GetProperty("items").EnumerateArray());
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/commands")).GetProperty("items").EnumerateArray());
        Assert.Empty((await gateway.GetJsonAsync("/api/v1/keys")).GetProperty("items").EnumerateArray());

        // JSON (with a charset) still goes through.
        using var json = await gateway.Http.PostAsync("/api/v1/commands", Raw("""{"target":"wxid_alice","api":"getLoginStatus"}""", "application/json; charset=utf-8"));
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
    }

    [Fact]
    public async Task A_foreign_host_is_refused_and_the_gateways_own_names_and_addresses_are_answered()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Http.AllowedHosts.Add("gateway.example.com"));
        var port = gateway.BaseAddress.Port;

        using (var rebound = await GetWithHostAsync(gateway, "/api/v1/accounts", $"attacker.example:{port}"))
        {
            await AssertProblemAsync(rebound, HttpStatusCode.BadRequest, "invalid-host");
        }

        using (var rebound = await GetWithHostAsync(gateway, "/healthz", "attacker.example"))
        {
            await AssertProblemAsync(rebound, HttpStatusCode.BadRequest, "invalid-host");
        }

        using (var rebound = await GetWithHostAsync(gateway, "/healthz", $"gateway.lan.attacker.example:{port}"))
        {
            await AssertProblemAsync(rebound, HttpStatusCode.BadRequest, "invalid-host");
        }

        // Addresses, loopback names, a configured name, and names no stranger can hold in public DNS (a container's
        // name without a dot, a .lan or .local name).
        foreach (var host in new[] { $"localhost:{port}", "localhost", $"127.0.0.1:{port}", $"[::1]:{port}", $"gateway.lan:{port}", "LOCALHOST.", "gateway.example.com", $"wequick:{port}", "nas.local" })
        {
            using var ok = await GetWithHostAsync(gateway, "/api/v1/accounts", host);
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"Host {host}: {(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
        }

        // A WeChat client on another machine reaches the gateway by its LAN address.
        using var lan = new HttpClient(new HostHeaderHandler("192.168.1.20:8080")) { BaseAddress = gateway.BaseAddress };
        var client = new TestClient(lan, 4242, null, string.Empty, null);
        await client.LogInAsync("wxid_alice");
        await client.PollAsync();
        Assert.Single((await gateway.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_cors_preflight_is_answered_only_for_configured_origins()
    {
        await using (var off = await TestGateway.StartAsync())
        {
            using var preflight = await PreflightAsync(off, Console);
            Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
            await AssertProblemAsync(preflight, HttpStatusCode.Forbidden, "origin-not-allowed");
        }

        await using var on = await TestGateway.StartAsync(o => o.Http.Cors.Origins.Add(Console));
        using (var preflight = await PreflightAsync(on, Console))
        {
            Assert.True(preflight.IsSuccessStatusCode, $"{(int)preflight.StatusCode}");
            Assert.Equal(Console, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        using (var other = await PreflightAsync(on, Foreign))
        {
            Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        }

        using var actual = await SendAsync(on, HttpMethod.Post, "/api/v1/commands", null, Raw("""{"target":"wxid_alice","api":"getLoginStatus"}""", "application/json"), Console);
        Assert.Equal(HttpStatusCode.Accepted, actual.StatusCode);
        Assert.Equal(Console, actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Streams_opened_with_a_key_end_with_the_reason_when_the_api_revokes_it()
    {
        await using var gateway = await TestGateway.StartAsync();
        var admin = await CreateKeyAsync(gateway, null, "ops", "admin");
        var reader = await CreateKeyAsync(gateway, admin, "reader", "read");
        using var sse = await OpenSseAsync(gateway, origin: null, key: reader);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        var (status, socket) = await ConnectWsAsync(gateway, origin: null, key: reader);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        using var ws = socket!;

        // No time passes: the revocation itself ends them.
        using (var revoke = await SendAsync(gateway, HttpMethod.Delete, "/api/v1/keys/reader", admin))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var reason = await SseEndAsync(sse, advance: null);
        Assert.Contains("revoked", reason, StringComparison.Ordinal);
        var (closeStatus, description) = await WsEndAsync(ws, advance: null);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closeStatus);
        Assert.Contains("revoked", description, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("(API key reader) closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streams_end_within_the_key_check_interval_when_the_cli_revokes_their_key_or_a_first_key_ends_open_mode()
    {
        // Virtual time runs fast while the test waits: the stream's own timeouts must not be what ends it.
        await using var gateway = await TestGateway.StartAsync(o => o.Stream.SendTimeout = o.Stream.CloseTimeout = TimeSpan.FromDays(30));
        using var open = await OpenSseAsync(gateway, origin: null);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        var (code, output, error) = await CliAsync("keys", "create", "--scope", "read", "--name", "reader", "--data", gateway.DataDirectory);
        Assert.True(code == 0, error);
        var reader = output.Trim();
        Assert.Contains("open mode ended", await SseEndAsync(open, gateway), StringComparison.Ordinal);

        using var sse = await OpenSseAsync(gateway, origin: null, key: reader);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        var (status, socket) = await ConnectWsAsync(gateway, origin: null, query: "access_token=" + reader);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        using var ws = socket!;

        // The CLI writes the store from outside the gateway: no signal, the periodic check finds it.
        (code, _, error) = await CliAsync("keys", "revoke", "reader", "--data", gateway.DataDirectory);
        Assert.True(code == 0, error);
        Assert.Contains("revoked", await SseEndAsync(sse, gateway), StringComparison.Ordinal);
        var (closeStatus, description) = await WsEndAsync(ws, gateway);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closeStatus);
        Assert.Contains("revoked", description, StringComparison.Ordinal);
    }

    /// <summary>Reads the SSE stream until its final <c>event: revoked</c> and the end of the response; returns the reason.</summary>
    private static async Task<string> SseEndAsync(HttpResponseMessage response, TestGateway? advance)
    {
        using var ticking = Tick(advance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token), Encoding.UTF8);
        string? reason = null;
        var sawRevoked = false;
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line == "event: revoked")
            {
                sawRevoked = true;
            }
            else if (sawRevoked && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                reason = JsonDocument.Parse(line[6..]).RootElement.GetProperty("reason").GetString();
            }
        }

        Assert.True(reason is not null, "the stream ended without an 'event: revoked' frame");
        return reason;
    }

    private static async Task<(WebSocketCloseStatus? Status, string Description)> WsEndAsync(ClientWebSocket socket, TestGateway? advance)
    {
        using var ticking = Tick(advance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
                return (socket.CloseStatus, socket.CloseStatusDescription ?? string.Empty);
            }
        }
    }

    /// <summary>Moves virtual time on by the key check interval every few milliseconds while a test waits for the end.</summary>
    private static CancellationTokenSource Tick(TestGateway? gateway)
    {
        var stop = new CancellationTokenSource();
        if (gateway is not null)
        {
            _ = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    gateway.Advance(gateway.Options.Stream.KeyCheckInterval);
                    try
                    {
                        await Task.Delay(50, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }

        return stop;
    }

    private static async Task<(HttpStatusCode Status, ClientWebSocket? Socket)> ConnectWsAsync(TestGateway gateway, string? origin, string? key = null, string query = "")
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (key is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }

        var uri = new UriBuilder(gateway.BaseAddress) { Scheme = "ws", Path = "/api/v1/events/ws", Query = query }.Uri;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await socket.ConnectAsync(uri, cts.Token);
            return (socket.HttpStatusCode, socket);
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (status, null);
        }
    }

    private static async Task<HttpResponseMessage> OpenSseAsync(TestGateway gateway, string? origin, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/sse");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(TestGateway gateway, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/commands");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, authorization");
        return await gateway.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestGateway gateway, HttpMethod method, string path, string? key, HttpContent? content = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await gateway.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_flood_of_refused_requests_is_logged_once_a_minute_with_how_many_were_held_back()
    {
        await using var gateway = await TestGateway.StartAsync();
        int Lines(string start) => gateway.Logs.Entries.Count(e => e.Contains(start, StringComparison.Ordinal));

        for (var i = 0; i < 20; i++)
        {
            using var rebound = await GetWithHostAsync(gateway, "/healthz", "attacker.example");
            Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
            using var page = await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", null, origin: "https://attacker.example");
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        Assert.Equal(1, Lines("for host attacker.example"));
        Assert.Equal(1, Lines("with Origin https://attacker.example"));

        // A minute on, the next refusal goes through and says how many were held back.
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        using (var rebound = await GetWithHostAsync(gateway, "/healthz", "attacker.example"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
        }

        using (var page = await SendAsync(gateway, HttpMethod.Get, "/api/v1/accounts", null, origin: "https://attacker.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        Assert.Equal(2, Lines("for host attacker.example"));
        Assert.Single(gateway.Logs.Entries, e => e.Contains("for host attacker.example", StringComparison.Ordinal) && e.Contains("; 19 more refused", StringComparison.Ordinal));
        Assert.Single(gateway.Logs.Entries, e => e.Contains("with Origin https://attacker.example", StringComparison.Ordinal) && e.Contains("; 19 more refused", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> GetWithHostAsync(TestGateway gateway, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await gateway.Http.SendAsync(request);
    }

    private static async Task<string> CreateKeyAsync(TestGateway gateway, string? adminKey, string name, string scope)
    {
        using var response = await SendAsync(gateway, HttpMethod.Post, "/api/v1/keys", adminKey, JsonContent.Create(new { name, scope }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("urn:wequick:problem:" + slug, JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
        }
    }

    private static ByteArrayContent Raw(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>The same kind of body (its content type) with other text.</summary>
    private static HttpContent Swap(HttpContent body, string text)
    {
        if (body is FormUrlEncodedContent)
        {
            return new FormUrlEncodedContent([new("text", text)]);
        }

        var type = body.Headers.ContentType?.ToString();
        body.Dispose();
        return Raw(text, type);
    }

    private static async Task<(int Code, string Out, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, TextReader.Null, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Sends every request with this Host header, as a client that reaches the gateway by another address would.</summary>
    [Fact]
    public async Task A_web_page_can_neither_post_reports_nor_poll_commands_on_the_client_endpoints()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 31);
        await client.LogInAsync("wxid_alice");
        var id = (await gateway.PostCommandAsync("wxid_alice", "sendTextMessage", new { wxid = "wxid_bob", text = "for the client only" })).GetProperty("id").GetInt64();
        var events = await gateway.Store.CountEventsAsync(default);
        var forged = WeQuick.Protocol.ReportEncoder.Encode(new WeQuick.Protocol.TextMessageReport { Account = "wxid_alice", MsgType = 1, WxidFrom = "wxid_bob", WxidTo = "wxid_alice", Message = "forged by a page" });

        // What a page's no-cors fetch sends: a POST with Origin (no preflight), a GET with only Sec-Fetch-* headers.
        foreach (var headers in new (string Name, string Value)[][]
        {
            [("Origin", Foreign), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors")],
            [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors")],
            [("Origin", "null")],
        })
        {
            using var page = new HttpClient(new HeadersHandler(headers)) { BaseAddress = gateway.BaseAddress };
            var fromPage = client.WithHttp(page);
            using (var report = await fromPage.PostRawAsync(forged, "text/plain"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
                Assert.Contains("not web pages", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var poll = await fromPage.PollRawAsync();
            Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        }

        Assert.Equal(events, await gateway.Store.CountEventsAsync(default));
        Assert.Equal("queued", await gateway.CommandStateAsync(id));
        Assert.Contains(gateway.Logs.Entries, e => e.Contains("Security: refused a browser's request", StringComparison.Ordinal));

        // The client itself, which sends neither header, still gets its command.
        Assert.Contains(await client.PollUntilAnyAsync(), c => c.Kind == "sendTextMessage");
    }

    private sealed class HeadersHandler((string Name, string Value)[] headers) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class HostHeaderHandler(string host) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
