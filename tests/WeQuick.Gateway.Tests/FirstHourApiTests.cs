using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// What a newcomer meets first in the developer API: an OpenAPI document the docs page can send requests with (a bearer
/// scheme, real examples, a description per body), the docs page without unrelated buttons, a refusal of an
/// Authorization header that is not "Bearer &lt;key&gt;", refusals as problem documents, and ?kind= on the event log.
/// </summary>
public sealed class FirstHourApiTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private const string IdempotencyKeyText = "The client's idempotency key.";

    private TestGateway Gateway => shared.Gateway;

    [Fact]
    public async Task The_document_declares_a_bearer_scheme_that_every_api_operation_requires()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var schemes = document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out var declared) ? declared : default;
        Assert.True(schemes.ValueKind == JsonValueKind.Object, "the document declares no security scheme");
        var bearer = schemes.EnumerateObject().Where(s => s.Value.GetProperty("type").GetString() == "http"
            && string.Equals(s.Value.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
        var scheme = Assert.Single(bearer);

        var operations = 0;
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var required = op.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty(scheme, out _));
                if (path.Name.StartsWith("/api/", StringComparison.Ordinal) != required)
                {
                    failures.Add($"{op.Name.ToUpperInvariant()} {path.Name}: security {(required ? "required outside /api" : "not required")}");
                }
            }
        }

        Assert.True(operations >= 32, $"only {operations} operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_request_body_has_its_own_description_and_an_example_without_nulls_that_fits_its_schema()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var failures = new List<string>();
        var bodies = 0;
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("requestBody", out _)))
            {
                var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
                var body = op.Value.GetProperty("requestBody");
                bodies++;
                var description = body.TryGetProperty("description", out var d) ? d.GetString() : null;
                if (string.IsNullOrWhiteSpace(description) || description.Contains("idempotency key", StringComparison.OrdinalIgnoreCase) || description == IdempotencyKeyText)
                {
                    failures.Add($"{name}: body description '{description}'");
                }

                foreach (var media in body.GetProperty("content").EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("example", out var example) || example.ValueKind != JsonValueKind.Object || !example.EnumerateObject().Any())
                    {
                        failures.Add($"{name} {media.Name}: no example object");
                        continue;
                    }

                    var reference = media.Value.GetProperty("schema").GetProperty("$ref").GetString()!;
                    var schema = schemas.GetProperty(reference.Split('/')[^1]);
                    descriptions[reference] = description ?? string.Empty;
                    foreach (var field in example.EnumerateObject())
                    {
                        if (field.Value.ValueKind == JsonValueKind.Null)
                        {
                            failures.Add($"{name}: example field {field.Name} is null");
                        }

                        if (!schema.GetProperty("properties").TryGetProperty(field.Name, out _))
                        {
                            failures.Add($"{name}: example field {field.Name} is not in {reference}");
                        }
                    }

                    foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!) : [])
                    {
                        if (!example.TryGetProperty(required, out _))
                        {
                            failures.Add($"{name}: example lacks required {required}");
                        }
                    }
                }
            }
        }

        Assert.True(bodies >= 17, $"only {bodies} request bodies");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Each kind of body says something of its own.
        Assert.Equal(descriptions.Count, descriptions.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_documented_send_example_is_accepted_as_it_is()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var example = document.GetProperty("paths").GetProperty("/api/v1/accounts/{wxid}/messages").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();
        var client = Gateway.Client(pid: 7301, wxid: "wxid_firsthour");
        await client.LogInAsync("wxid_firsthour");
        using var content = new StringContent(example, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/api/v1/accounts/wxid_firsthour/messages", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_docs_page_prefers_the_bearer_scheme_and_hides_the_unrelated_buttons()
    {
        using var response = await Gateway.Http.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var setting in new[] { "\"hideClientButton\":true", "\"showDeveloperTools\":\"never\"", "\"preferredSecurityScheme", "Bearer" })
        {
            Assert.True(html.Contains(setting, StringComparison.Ordinal), $"the docs page's configuration has no {setting}: {html}");
        }

        Assert.Matches("\"agent\":\\{[^}]*\"disabled\":true", html);
    }

    [Theory]
    [InlineData("bare-key", "a bare value without a scheme")]
    [InlineData("Basic dXNlcjpwYXNz", "the scheme 'Basic'")]
    [InlineData("Bearer", "the word Bearer without a key")]
    public async Task An_authorization_header_that_is_not_bearer_is_a_401_problem_naming_the_form(string header, string seen)
    {
        // Even a loopback caller in open mode (no key yet) is told, rather than let through or looked up.
        await using var gateway = await TestGateway.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/accounts");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await gateway.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Malformed Authorization header", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'Bearer <key>'", detail, StringComparison.Ordinal);
        Assert.Contains(seen, detail, StringComparison.Ordinal);
        Assert.Contains("invalid_request", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_key_without_the_bearer_word_is_refused_and_with_it_accepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        var key = WeQuick.Gateway.Auth.ApiKeys.Generate();
        await gateway.Store.CreateApiKeyAsync(WeQuick.Gateway.Auth.ApiKeys.ToRecord(key, "first-hour", WeQuick.Gateway.Storage.ApiScope.Read, gateway.Time.GetUtcNow()), CancellationToken.None);

        using (var bare = new HttpRequestMessage(HttpMethod.Get, "/api/v1/accounts"))
        {
            bare.Headers.TryAddWithoutValidation("Authorization", key);
            using var response = await gateway.Http.SendAsync(bare);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("Bearer <key>", text, StringComparison.Ordinal);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v1/accounts");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var ok = await gateway.Http.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_oversized_bodies_under_api_are_problems()
    {
        using (var unknown = await Gateway.Http.GetAsync("/api/v1/no-such-thing"))
        {
            await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        using (var wrongMethod = await Gateway.Http.DeleteAsync("/api/v1/accounts"))
        {
            await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        }

        var big = "{\"type\":\"text\",\"to\":\"wxid_x\",\"text\":\"" + new string('a', 1024 * 1024 + 16) + "\"}";
        foreach (var path in new[] { "/api/v1/accounts/wxid_firsthour/messages", "/api/v1/commands" })
        {
            foreach (var chunked in new[] { false, true })
            {
                using var content = new StringContent(big, Encoding.UTF8, "application/json");
                if (chunked)
                {
                    // No Content-Length: the limit must hold while the body is read, not only by the header.
                    content.Headers.ContentLength = null;
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                request.Headers.TransferEncodingChunked = chunked;
                using var response = await Gateway.Http.SendAsync(request);
                await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, $"{path} chunked={chunked}");
            }
        }
    }

    [Fact]
    public async Task The_event_log_filters_by_kind_repeated_or_comma_separated_and_by_account()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 7302, wxid: "wxid_kinds");
        await client.LogInAsync("wxid_kinds");
        await client.ReportAsync(new TextMessageReport { Account = "wxid_kinds", MsgType = 1, WxidFrom = "wxid_pal", WxidTo = "wxid_kinds", Message = "one" });
        await client.ReportAsync(new FriendAddRequestReport { Account = "wxid_kinds", Wxid = "wxid_new", Nick = "New", V1 = "v1_x", V2 = "v2_x" });
        await client.ReportAsync(new TextMessageReport { Account = "wxid_kinds", MsgType = 1, WxidFrom = "wxid_pal", WxidTo = "wxid_kinds", Message = "two" });

        var all = await gateway.GetJsonAsync("/api/v1/events?limit=1000");
        Assert.Contains(all.GetProperty("items").EnumerateArray(), e => e.GetProperty("kind").GetString() != "reportTextMessage");

        var texts = await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage");
        Assert.Equal(["reportTextMessage", "reportTextMessage"], Kinds(texts));

        var both = Kinds(await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage,reportFriendAddRequest"));
        Assert.Equal(["reportTextMessage", "reportFriendAddRequest", "reportTextMessage"], both);
        Assert.Equal(both, Kinds(await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage&kind=reportFriendAddRequest")));

        // A page of one match ends at that match: the next page, from its cursor, holds the other.
        var first = await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage&limit=1");
        Assert.Single(Kinds(first));
        var second = await gateway.GetJsonAsync($"/api/v1/events?kind=reportTextMessage&limit=1&cursor={first.GetProperty("nextCursor").GetString()}");
        Assert.Equal(["reportTextMessage"], Kinds(second));
        Assert.True(second.GetProperty("items")[0].GetProperty("seq").GetInt64() > first.GetProperty("items")[0].GetProperty("seq").GetInt64());

        Assert.Empty(Kinds(await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage&account=wxid_someone_else")));
        Assert.Equal(2, Kinds(await gateway.GetJsonAsync("/api/v1/events?kind=reportTextMessage&account=wxid_kinds")).Count);

        using var tooLong = await gateway.Http.GetAsync("/api/v1/events?kind=" + new string('k', 200));
        await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    private static List<string> Kinds(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? what = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType} {text}");
        Assert.Equal((int)status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
    }
}
