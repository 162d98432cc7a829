using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Gateway.Webhooks;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// Hostile input at every route of the gateway's own OpenAPI document and at the client endpoints: never a 5xx, every
/// refusal of the developer API a problem document, and nothing stored by a refused request. Random but seeded, so a
/// failure is the same failure on every run.
/// </summary>
public sealed class HostileInputTests
{
    private const string Me = "wxid_fuzz";
    private const int Pid = 7001;

    /// <summary>What each "What was seen" report named: each answered 500 before.</summary>
    public static TheoryData<string, string, string?> SeenAnswering500() => new()
    {
        { "POST", "/api/v1/commands", """{"target":"\ud800","api":"getUsersWxid"}""" },
        { "POST", "/api/v1/commands", $$"""{"target":"{{Me}}","api":"\ud800"}""" },
        { "POST", "/api/v1/commands", $$$"""{"target":"{{{Me}}}","api":"sendTextMessage","option":{"wxid":"wxid_friend","msg":"\ud800"}}""" },
        { "POST", "/api/v1/commands", $$$"""{"target":"{{{Me}}}","api":"sendTextMessage","option":{"wxid":"wxid_friend","msg":"a\udc00b"}}""" },
        { "POST", "/api/v1/webhooks", """{"url":"http://127.0.0.1:1/\ud800"}""" },
        { "POST", "/api/v1/webhooks", """{"url":"http://127.0.0.1:1/hook","description":"\udfff"}""" },
        { "POST", "/api/v1/commands?wait=NaN", $$"""{"target":"{{Me}}","api":"getUsersWxid"}""" },
        { "POST", $"/api/v1/accounts/{Me}/messages?wait=NaN", """{"type":"text","to":"wxid_friend","text":"hi"}""" },
        { "POST", $"/api/v1/accounts/{Me}/logout?wait=NaN", null },
        { "POST", $"/api/v1/accounts/{Me}/contacts/refresh?wait=NaN", null },
        { "POST", $"/api/v1/instances/{Pid}/login-qr?wait=NaN", null },
    };

    [Theory]
    [MemberData(nameof(SeenAnswering500))]
    public async Task What_answered_500_is_now_a_400_problem_and_stores_nothing(string method, string path, string? body)
    {
        await using var gateway = await StartAsync();
        var before = await SnapshotAsync(gateway);

        var answer = await gateway.SendAsync(method, path, body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{method} {path} answered {(int)answer.Status}: {answer.Text}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.StartsWith("urn:wequick:problem:", answer.ProblemType, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(gateway));
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task A_poll_whose_multipart_form_is_cut_short_is_refused_in_the_client_form()
    {
        await using var gateway = await StartAsync();
        const string boundary = "cut";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"pid\"\r\n\r\n{Pid}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"wxid\"\r\n\r\nwxid_fu";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        using var response = await gateway.Http.PostAsync("/send_msg", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"answered {(int)response.StatusCode}: {text}");
        Assert.Contains("form", JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(gateway.Logs.Errors);
    }

    [Fact]
    public async Task Every_route_of_the_OpenAPI_document_refuses_hostile_input_with_a_problem_and_stores_nothing()
    {
        await using var gateway = await StartAsync();
        var document = await gateway.GetJsonAsync("/openapi/v1.json");
        var random = new Random(15);
        var operations = 0;
        var failures = new List<string>();
        foreach (var pathItem in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in pathItem.Value.EnumerateObject())
            {
                if (operation.Name is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                operations++;
                var method = operation.Name.ToUpperInvariant();
                var queryNames = Parameters(operation.Value, "query").Concat(["wait", "queue", "limit", "cursor"]).Distinct(StringComparer.Ordinal).ToList();
                var hasBody = operation.Value.TryGetProperty("requestBody", out _) || method is "POST" or "PUT" or "PATCH";
                for (var round = 0; round < 12; round++)
                {
                    var path = FillPath(pathItem.Name, random);
                    var query = string.Join("&", queryNames.Where(_ => random.Next(2) == 0).Select(n => n + "=" + Pick(random, HostileQueryValues(n))));
                    var url = query.Length > 0 ? path + "?" + query : path;
                    var body = hasBody || random.Next(4) == 0 ? HostileBody(random) : null;
                    var outcome = await SendAsync(gateway, method, url, body, problemExpected: true);
                    if (outcome is not null)
                    {
                        failures.Add(outcome);
                    }
                }
            }
        }

        Assert.True(operations > 30, $"the OpenAPI document lists only {operations} operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public async Task The_client_endpoints_refuse_hostile_input_without_a_5xx_and_store_nothing()
    {
        await using var gateway = await StartAsync();
        var random = new Random(16);
        var failures = new List<string>();
        string[] paths = ["/receive_msg", "/recieve_msg", "/send_msg"];
        for (var round = 0; round < 150; round++)
        {
            var path = Pick(random, paths);
            var method = path == "/send_msg" && random.Next(2) == 0 ? "GET" : "POST";
            var query = string.Join("&", new[] { "wxid", "pid", "wait", "token" }.Where(_ => random.Next(2) == 0).Select(n => n + "=" + Pick(random, HostileQueryValues(n))));
            var url = query.Length > 0 ? path + "?" + query : path;
            var body = method == "POST" ? HostileClientBody(random) : null;
            var outcome = await SendAsync(gateway, method, url, body, problemExpected: false);
            if (outcome is not null)
            {
                failures.Add(outcome);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static async Task<TestGateway> StartAsync()
    {
        var gateway = await TestGateway.StartAsync();
        await gateway.Client(Pid).LogInAsync(Me);
        return gateway;
    }

    /// <summary>Sends one request; null when the answer is acceptable, else what was wrong with it.</summary>
    private static async Task<string?> SendAsync(TestGateway gateway, string method, string url, HostileContent? body, bool problemExpected)
    {
        var before = await SnapshotAsync(gateway);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            }
        }

        // Headers only: a valid request for a live stream answers 200 and would stream on.
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var shown = $"{method} {Shorten(url)} [{body?.Name ?? "no body"}] answered {status}";
        if (status >= 500)
        {
            return $"{shown}: {Shorten(await response.Content.ReadAsStringAsync())}";
        }

        if (status < 400)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        // Kestrel itself refuses a NUL in the path, before any middleware runs: a bare 400, and the connection closed.
        var refusedByServer = status == 400 && url.Split('?')[0].Contains("%00", StringComparison.Ordinal) && text.Length == 0;
        if (problemExpected && !refusedByServer && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{shown} without a problem document ({response.Content.Headers.ContentType}): {Shorten(text)}";
        }

        var after = await SnapshotAsync(gateway);
        return after == before ? null : $"{shown} but stored something: {before} -> {after}";
    }

    /// <summary>What a refused request must not change: the event log's head, the newest command, the webhooks and the API keys.</summary>
    private static async Task<string> SnapshotAsync(TestGateway gateway)
    {
        var seq = await gateway.Store.LatestSeqAsync(default);
        var command = await gateway.Store.ReadCommandsAsync(null, null, null, 1, default) is [var newest, ..] ? newest.Id : 0;
        var hooks = await gateway.Services.GetRequiredService<IWebhookStore>().ReadWebhooksAsync(default);
        var keys = await gateway.Store.ListApiKeysAsync(default);
        return string.Create(CultureInfo.InvariantCulture, $"seq {seq}, command {command}, webhooks [{string.Join(",", hooks.Select(h => $"{h.Id}@{h.UpdatedAt:O}"))}], keys [{string.Join(",", keys.Select(k => $"{k.Id}:{k.RevokedAt:O}"))}]");
    }

    private static IEnumerable<string> Parameters(JsonElement operation, string where) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where).Select(p => p.GetProperty("name").GetString()!)
            : [];

    private static string FillPath(string template, Random random)
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            builder.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            builder.Append(Pick(random, HostilePathValues(name)));
            i = close + 1;
        }

        return builder.ToString();
    }

    private static string[] HostilePathValues(string name) =>
    [
        // Sometimes the real thing, so the query and the body are what is hostile.
        name.Contains("pid", StringComparison.OrdinalIgnoreCase) ? Pid.ToString(CultureInfo.InvariantCulture) : Me,
        name.Contains("pid", StringComparison.OrdinalIgnoreCase) ? Pid.ToString(CultureInfo.InvariantCulture) : Me,
        "1",
        "%ED%A0%80", // a lone surrogate, as UTF-8 would spell it: invalid UTF-8
        "%FF%FE",
        "%C0%AF",
        "a%00b",
        "%0D%0Ainjected",
        "NaN",
        "-1",
        "1e400",
        "99999999999999999999999",
        "123@chatroom",
        "pid:0",
        "..",
        "%2F%2F",
        new string('w', 3000),
    ];

    private static string[] HostileQueryValues(string name) =>
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "-1",
        "1e400",
        "99999999999999999999999",
        string.Empty,
        "%ED%A0%80",
        "%FF",
        "%00",
        "a%0D%0Ab",
        "true%00",
        new string('9', 2000),
        name == "wait" ? "abc" : Me,
        name == "wait" ? "61" : "0",
    ];

    private static readonly string[] Fields =
    [
        "target", "api", "option", "url", "text", "to", "type", "name", "scope", "wxids", "members", "room", "path", "after",
        "secret", "kinds", "accounts", "description", "enabled", "pid", "flag", "v1", "v2", "remark", "uploadUrl", "title", "size", "wxid", "msg",
    ];

    private static readonly string[] Values =
    [
        "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "99999999999999999999999",
        "[]", "{}", "[\"\\ud800\"]", "{\"a\":\"\\ud800\"}", "{\"\\ud800\":1}", "true", "null", "-1", "0", "1.5", "\"\"", "\"text\"",
        "\"" + Me + "\"", "\"\\u0000\"", "\"" + new string('x', 20_000) + "\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];

    private static HostileContent HostileBody(Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                return new("empty", [], "application/json");
            case 1:
                return new("deep arrays", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), "application/json");
            case 2:
                return new("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)), "application/json");
            case 3:
                return new("invalid UTF-8", [.. "{\"text\":\""u8, 0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80, .. "\",\"url\":\"\xED\"}"u8], "application/json");
            case 4:
                return new("bare token", Encoding.UTF8.GetBytes(Pick(random, (string[])["NaN", "1e400", "null", "[]", "\"\\ud800\"", "{", "not json", "{\"a\":1}{\"b\":2}"])), "application/json");
            default:
                var fields = Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{Pick(random, Fields)}\":{Pick(random, Values)}");
                var json = "{" + string.Join(",", fields) + "}";
                return new("object " + Shorten(json), Encoding.UTF8.GetBytes(json), random.Next(8) == 0 ? null : "application/json");
        }
    }

    private static HostileContent HostileClientBody(Random random)
    {
        const string boundary = "b0undary";
        switch (random.Next(8))
        {
            case 0:
                return new("truncated multipart", Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"pid\"\r\n\r\n{Pid}\r\n--{boundary}\r\nContent-Disp"), $"multipart/form-data; boundary={boundary}");
            case 1:
                return new("multipart without boundary", Encoding.UTF8.GetBytes("--x\r\n\r\n"), "multipart/form-data");
            case 2:
                return new("garbage multipart", RandomBytes(random, 300), $"multipart/form-data; boundary={boundary}");
            case 3:
                return new("hostile form", Encoding.UTF8.GetBytes("pid=%ED%A0%80&wxid=%00%FF&pid=NaN&" + new string('a', 3000) + "=1"), "application/x-www-form-urlencoded");
            case 4:
                return new("random bytes", RandomBytes(random, random.Next(1, 2000)), Pick(random, (string?[])["application/json", "text/plain", null, "application/octet-stream"]));
            default:
                return HostileBody(random);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private sealed record HostileContent(string Name, byte[] Bytes, string? ContentType);
}
