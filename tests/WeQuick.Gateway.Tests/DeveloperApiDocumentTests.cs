using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeQuick.Gateway.Tests.Infrastructure;

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
        foreach (var route in routes)
        {
            var path = Normalize(route.RoutePattern.RawText!);
            Assert.True(paths.TryGetValue(path, out var item), $"{path} is not in the OpenAPI document");
            foreach (var method in route.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the OpenAPI document");
            }
        }
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
    public async Task The_docs_page_is_served_as_html()
    {
        using var response = await Gateway.Http.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("WeQuick gateway API", StringComparison.Ordinal) && html.Contains("scalar", StringComparison.OrdinalIgnoreCase), html);
    }
}
