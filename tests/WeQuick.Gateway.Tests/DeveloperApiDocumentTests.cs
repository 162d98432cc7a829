using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>The OpenAPI document lists every endpoint mapped under /api/v1; the docs page is served.</summary>
public sealed class DeveloperApiDocumentTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private TestGateway Gateway => shared.Gateway;

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document_with_its_method()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => Normalize(p.Name), p => p.Value, StringComparer.Ordinal);

        var routes = Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(routes.Count >= 32, $"only {routes.Count} /api/v1 endpoints are mapped");
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            var path = Normalize(route.RoutePattern.RawText!);
            Assert.True(paths.TryGetValue(path, out var item), $"{path} is not in the OpenAPI document");
            var methods = route.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.NotEmpty(methods);
            foreach (var method in methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the OpenAPI document");
                mapped.Add($"{method.ToLowerInvariant()} {path}");
            }
        }

        // And the other way round: the document shows no operation the app does not serve.
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(mapped.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Command_operations_document_their_body_results_and_problems()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var send = document.GetProperty("paths").GetProperty("/api/v1/accounts/{wxid}/messages").GetProperty("post");
        Assert.Equal("SendMessage", send.GetProperty("operationId").GetString());
        Assert.Contains(send.GetProperty("tags").EnumerateArray(), t => t.GetString() == "Messages");
        var responses = send.GetProperty("responses");
        foreach (var status in new[] { "200", "202", "400", "404", "409", "504" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"SendMessage documents no {status}: {responses}");
        }

        Assert.True(send.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out var body));
        var schemaRef = body.GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(schemaRef.Split('/')[^1]);
        foreach (var field in new[] { "type", "to", "text", "path", "size", "title", "url", "card", "room" })
        {
            Assert.True(schema.GetProperty("properties").TryGetProperty(field, out _), $"the message body schema has no '{field}'");
        }

        var parameters = send.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Contains(parameters, p => p.GetProperty("name").GetString() == "wait" && p.GetProperty("in").GetString() == "query");
        Assert.Contains(parameters, p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task Every_success_response_and_request_body_has_a_closed_schema()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var failures = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                if (!response.Name.StartsWith('2') || response.Name == "204")
                {
                    continue;
                }

                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    failures.Add($"{name} {response.Name}: no content");
                    continue;
                }

                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("schema", out var schema))
                    {
                        failures.Add($"{name} {response.Name} {media.Name}: no schema");
                        continue;
                    }

                    var top = Resolve(document, schema, out _);
                    var binary = (media.Name.StartsWith("image/", StringComparison.Ordinal) || media.Name == "application/octet-stream") && Str(top, "format") == "binary";
                    if (!binary && !top.TryGetProperty("properties", out _) && !top.TryGetProperty("items", out _))
                    {
                        failures.Add($"{name} {response.Name} {media.Name}: the schema has neither properties nor items: {schema}");
                    }

                    OpenSchemas(document, schema, $"{name} {response.Name}", [], failures);
                }
            }

            if (operation.TryGetProperty("requestBody", out var body))
            {
                foreach (var media in body.GetProperty("content").EnumerateObject())
                {
                    var schema = media.Value.GetProperty("schema");
                    if (!Resolve(document, schema, out _).TryGetProperty("properties", out _))
                    {
                        failures.Add($"{name} request body {media.Name}: no properties: {schema}");
                    }

                    OpenSchemas(document, schema, $"{name} request body", [], failures);
                }
            }
            else if (method is "post" or "put" or "patch" && !Bodiless.Contains(name))
            {
                failures.Add($"{name}: no requestBody");
            }
        }

        // Endpoints that declare what they accept must show it.
        foreach (var route in Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (route.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { RequestType: not null }
                && route.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            {
                var method = route.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0].ToLowerInvariant();
                var op = document.GetProperty("paths").GetProperty(Normalize(route.RoutePattern.RawText!)).GetProperty(method);
                if (!op.TryGetProperty("requestBody", out _))
                {
                    failures.Add($"{method} {route.RoutePattern.RawText}: accepts a body the document does not show");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_operation_is_named_tagged_and_documents_its_problems()
    {
        var document = await Gateway.GetJsonAsync("/openapi/v1.json");
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (Str(operation, "operationId") is not { } id || !names.Add(id))
            {
                failures.Add($"{name}: no operationId, or one used twice");
            }

            if (string.IsNullOrWhiteSpace(Str(operation, "summary")))
            {
                failures.Add($"{name}: no summary");
            }

            var tags = operation.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            if (tags.Count == 0 || tags.Any(x => x.EndsWith("Endpoints", StringComparison.Ordinal) || x == "wequick"))
            {
                failures.Add($"{name}: tagged [{string.Join(", ", tags)}], not by resource");
            }

            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403" })
            {
                if (!responses.TryGetProperty(status, out var problem) || !problem.GetProperty("content").TryGetProperty("application/problem+json", out _))
                {
                    failures.Add($"{name}: no {status} problem");
                }
            }

            if (path.Contains('{', StringComparison.Ordinal) && !responses.TryGetProperty("400", out _) && !responses.TryGetProperty("404", out _))
            {
                failures.Add($"{name}: takes a path parameter but documents neither 400 nor 404");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Real_responses_have_exactly_the_properties_their_schemas_document()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_doc");
        await client.LogInAsync("wxid_doc");
        await client.ReportAsync(new ContactReport
        {
            Account = "wxid_doc",
            FriendList = [new UserProfile { Wxid = "wxid_pal", Nick = "Pal", IsFriend = 1, Sex = 2, City = "Hangzhou" }],
            GroupList = [new RoomSummary { Wxid = "9@chatroom", Nick = "Team", Owner = "wxid_pal", RoomCount = 2, UserLists = ["wxid_pal", "wxid_doc"] }],
            PublicList = [new PublicAccount { Wxid = "gh_news", Nick = "News" }],
        });
        await client.ReportAsync(new ChatRoomUserListsReport { Account = "wxid_doc", Wxid = "9@chatroom", Owner = "wxid_pal", UserLists = [new UserProfile { Wxid = "wxid_pal", Nick = "Pal" }] });
        await client.ReportAsync(new FriendAddRequestReport { Account = "wxid_doc", Wxid = "wxid_new", Nick = "New", V1 = "v1_x", V2 = "v2_x" });
        await client.ReportAsync(new TextMessageReport { Account = "wxid_doc", MsgType = 1, WxidFrom = "wxid_pal", WxidTo = "wxid_doc", Message = "hi" });
        await client.ReportAsync(new TransferMessageReport { Account = "wxid_doc", MsgType = 49, WxidFrom = "wxid_pal", WxidTo = "wxid_doc", TransferId = "1000050", PaySubtype = 1, FeeDesc = "￥0.01" });
        var command = await gateway.PostCommandAsync("wxid_doc", "getContact", new { flag = "7" });
        // Second-generation facts (after the first generation's command: the account's client is then learned as v2).
        await client.ReportAsync(new TextMessageReport { Account = "wxid_doc", MsgType = 1, RoomWxid = "9@chatroom", WxidFrom = "wxid_pal", WxidTo = "9@chatroom", Message = "@doc hi", MsgId = "123456", Timestamp = 1767254400, AtList = ["wxid_doc"] });
        await client.ReportAsync(new FavitemsReport { Account = "wxid_doc", Status = 1, Items = [new FavItem { LocalId = "1", Title = "Saved", ItemType = "1" }] });
        await client.ReportAsync(new ZombieCheckMessageReport { Account = "wxid_doc", Wxid = "wxid_pal", Status = 1 });
        await client.ReportAsync(new ChatRoomMemberAddReport { Account = "wxid_doc", Wxid = "9@chatroom", UserLists = [new UserProfile { Wxid = "wxid_new", InviteBy = "wxid_pal" }] });
        await client.ReportAsync(new ChatRoomMemberDelReport { Account = "wxid_doc", Wxid = "9@chatroom", UserLists = [new UserProfile { Wxid = "wxid_new" }] });
        await client.ReportAsync(new ChatRoomQuitReport { Account = "wxid_doc", RoomWxid = "10@chatroom" });
        var document = await gateway.GetJsonAsync("/openapi/v1.json");
        using (var created = await gateway.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", kinds = new[] { "reportTextMessage" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await CheckAsync(created, "/api/v1/webhooks", "post", document);
        }

        using (var key = await gateway.Http.PostAsJsonAsync("/api/v1/keys", new { name = "doc", scope = "admin" }))
        {
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            await CheckAsync(key, "/api/v1/keys", "post", document);
        }

        var auth = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await CreateKeyAsync(gateway));
        var checkedPaths = new List<string>();
        foreach (var (path, template) in new[]
        {
            ("/api/v1/accounts", "/api/v1/accounts"),
            ("/api/v1/accounts/wxid_doc", "/api/v1/accounts/{wxid}"),
            ("/api/v1/accounts/wxid_nobody", "/api/v1/accounts/{wxid}"),
            ("/api/v1/accounts/wxid_doc/contacts", "/api/v1/accounts/{wxid}/contacts"),
            ("/api/v1/accounts/wxid_doc/contacts?type=room", "/api/v1/accounts/{wxid}/contacts"),
            ("/api/v1/accounts/wxid_doc/contacts?type=public", "/api/v1/accounts/{wxid}/contacts"),
            ("/api/v1/accounts/wxid_doc/contacts?type=nonsense", "/api/v1/accounts/{wxid}/contacts"),
            ("/api/v1/accounts/wxid_doc/rooms", "/api/v1/accounts/{wxid}/rooms"),
            ("/api/v1/accounts/wxid_doc/rooms/9@chatroom/members", "/api/v1/accounts/{wxid}/rooms/{room}/members"),
            ("/api/v1/accounts/wxid_doc/messages?limit=1", "/api/v1/accounts/{wxid}/messages"),
            ("/api/v1/accounts/wxid_doc/conversations", "/api/v1/accounts/{wxid}/conversations"),
            ("/api/v1/accounts/wxid_doc/friend-requests", "/api/v1/accounts/{wxid}/friend-requests"),
            ("/api/v1/accounts/wxid_doc/transfers", "/api/v1/accounts/{wxid}/transfers"),
            ("/api/v1/accounts/wxid_doc/favorites", "/api/v1/accounts/{wxid}/favorites"),
            ("/api/v1/commands", "/api/v1/commands"),
            ($"/api/v1/commands/{command.GetProperty("id").GetInt64()}", "/api/v1/commands/{id}"),
            ("/api/v1/instances", "/api/v1/instances"),
            ("/api/v1/events?limit=1000", "/api/v1/events"),
            ("/api/v1/keys", "/api/v1/keys"),
            ("/api/v1/webhooks", "/api/v1/webhooks"),
            ("/api/v1/webhooks/1", "/api/v1/webhooks/{id}"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = auth;
            using var response = await gateway.Http.SendAsync(request);
            await CheckAsync(response, template, "get", document);
            checkedPaths.Add(path);
        }

        Assert.Equal(21, checkedPaths.Count);
    }

    private static async Task<string> CreateKeyAsync(TestGateway gateway)
    {
        // The first key was created in open mode; from now on every /api call needs one.
        var store = gateway.Store;
        var key = WeQuick.Gateway.Auth.ApiKeys.Generate();
        await store.CreateApiKeyAsync(WeQuick.Gateway.Auth.ApiKeys.ToRecord(key, "doc-reader", WeQuick.Gateway.Storage.ApiScope.Admin, gateway.Time.GetUtcNow()), CancellationToken.None);
        return key;
    }

    private static async Task CheckAsync(HttpResponseMessage response, string template, string method, JsonElement doc)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = await response.Content.ReadAsStringAsync();
        var operation = doc.GetProperty("paths").GetProperty(template).GetProperty(method);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var documented), $"{method} {template} answered {status}, which its operation does not document: {text}");
        var mediaType = response.Content.Headers.ContentType?.MediaType!;
        Assert.True(documented.GetProperty("content").TryGetProperty(mediaType, out var media), $"{method} {template} {status} answered {mediaType}, not documented");
        var failures = new List<string>();
        Validate(doc, media.GetProperty("schema"), JsonDocument.Parse(text).RootElement, $"{method} {template} {status}", failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + text);
    }

    /// <summary>Checks a value against a schema: types, required properties, and no property the schema does not name.</summary>
    private static void Validate(JsonElement document, JsonElement schema, JsonElement value, string at, List<string> failures)
    {
        schema = Resolve(document, schema, out _);
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            var options = choices.EnumerateArray().ToList();
            if (value.ValueKind == JsonValueKind.Null && options.Any(o => Str(o, "type") == "null"))
            {
                return;
            }

            var others = options.Where(o => Str(o, "type") != "null").ToList();
            Assert.True(others.Count == 1, $"{at}: a oneOf this check does not read: {schema}");
            Validate(document, others[0], value, at, failures);
            return;
        }

        var kind = value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
        if (schema.TryGetProperty("enum", out var values))
        {
            if (!values.EnumerateArray().Any(v => v.ToString() == value.ToString()))
            {
                failures.Add($"{at}: {value} is not one of {values}");
            }

            return;
        }

        if (!HasType(schema, kind) && !(kind == "integer" && HasType(schema, "number")))
        {
            failures.Add($"{at}: a {kind} ({value}) where the schema says {schema}");
            return;
        }

        if (kind == "object" && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Validate(document, propertySchema, property.Value, $"{at}.{property.Name}", failures);
                }
                else
                {
                    failures.Add($"{at}.{property.Name}: not in the schema");
                }
            }

            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!) : [])
            {
                if (!value.TryGetProperty(required, out _))
                {
                    failures.Add($"{at}.{required}: required but absent");
                }
            }
        }
        else if (kind == "array" && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(document, items, item, $"{at}[{i++}]", failures);
            }
        }
    }

    [Fact]
    public async Task The_docs_page_is_served_as_html()
    {
        using var response = await Gateway.Http.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("WeQuick gateway API", StringComparison.Ordinal) && html.Contains("scalar", StringComparison.OrdinalIgnoreCase), html);
    }

    /// <summary>Operations that take no body (the command's target is in the path).</summary>
    private static readonly HashSet<string> Bodiless = new(StringComparer.Ordinal)
    {
        "POST /api/v1/instances/{pid}/login-qr",
        "POST /api/v1/accounts/{wxid}/login-status",
        "POST /api/v1/accounts/{wxid}/logout",
        "POST /api/v1/accounts/{wxid}/contacts/wxids",
        "POST /api/v1/accounts/{wxid}/friend-requests/{requester}/accept",
        "POST /api/v1/accounts/{wxid}/rooms/{room}/members/refresh",
        "POST /api/v1/accounts/{wxid}/rooms/{room}/members/{member}/nickname/refresh",
        "POST /api/v1/webhooks/{id}/dead-letters/{letter}/resend",
        "POST /api/v1/accounts/{wxid}/transfers/{transferId}/refuse",
        "POST /api/v1/accounts/{wxid}/contacts/{contact}/refresh",
        "POST /api/v1/accounts/{wxid}/favorites/refresh",
    };

    /// <summary>Open objects the document describes on purpose: their shape varies (by event kind, by command).</summary>
    private static readonly HashSet<string> OpenOnPurpose = new(StringComparer.Ordinal)
    {
        "EventView.data",
        "CommandView.command",
        "MessageView.report",
        "CreateCommandRequest.option",
    };

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                yield return (Normalize(path.Name), op.Name, op.Value);
            }
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement Resolve(JsonElement document, JsonElement schema, out string? component)
    {
        component = null;
        while (Str(schema, "$ref") is { } reference)
        {
            component = reference.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(component);
        }

        return schema;
    }

    /// <summary>The schema itself, or the one non-null choice of a nullable <c>oneOf</c>, resolved.</summary>
    private static JsonElement? NonNull(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            var others = choices.EnumerateArray().Where(c => !(Str(c, "type") == "null")).ToList();
            return others.Count == 1 ? Resolve(document, others[0], out _) : null;
        }

        return Resolve(document, schema, out _);
    }

    private static bool HasType(JsonElement schema, string type) =>
        schema.TryGetProperty("type", out var t)
        && (t.ValueKind == JsonValueKind.String ? t.GetString() == type : t.ValueKind == JsonValueKind.Array && t.EnumerateArray().Any(x => x.GetString() == type));

    /// <summary>Collects every schema under <paramref name="schema"/> that says nothing of its shape, unless it is open on purpose and described.</summary>
    private static void OpenSchemas(JsonElement document, JsonElement schema, string where, HashSet<string> seen, List<string> failures)
    {
        var resolved = Resolve(document, schema, out var component);
        if (component is not null && !seen.Add(component))
        {
            return;
        }

        var here = component ?? where;
        var composed = false;
        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (resolved.TryGetProperty(keyword, out var parts))
            {
                composed = true;
                foreach (var part in parts.EnumerateArray())
                {
                    OpenSchemas(document, part, here, seen, failures);
                }
            }
        }

        if (resolved.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var at = $"{here}.{property.Name}";
                if (OpenOnPurpose.Contains(at) && NonNull(document, property.Value) is { } inner && HasType(inner, "object") && !inner.TryGetProperty("properties", out _))
                {
                    Assert.False(string.IsNullOrWhiteSpace(Str(inner, "description") ?? Str(property.Value, "description")), $"{at} is open on purpose but not described");
                    continue;
                }

                OpenSchemas(document, property.Value, at, seen, failures);
            }
        }

        if (resolved.TryGetProperty("items", out var items))
        {
            OpenSchemas(document, items, here + "[]", seen, failures);
        }
        else if (HasType(resolved, "array"))
        {
            failures.Add($"{here}: an array without items");
        }

        if (resolved.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            OpenSchemas(document, additional, here + "{}", seen, failures);
        }

        var typed = resolved.TryGetProperty("type", out _) || resolved.TryGetProperty("enum", out _) || resolved.TryGetProperty("const", out _);
        if (!typed && !composed && !resolved.TryGetProperty("properties", out _))
        {
            failures.Add($"{here}: a schema without a type: {resolved}");
        }
        else if (HasType(resolved, "object") && !resolved.TryGetProperty("properties", out _) && !resolved.TryGetProperty("additionalProperties", out _) && !composed)
        {
            failures.Add($"{here}: an object without properties: {resolved}");
        }
    }
}
