using System.Net;
using System.Text;
using System.Text.Json;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests.Infrastructure;

/// <summary>An answer of the developer API: status, headers and the parsed body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string? ContentType, JsonElement Body, string Text, bool Replayed)
{
    public long Id => Body.GetProperty("id").GetInt64();

    public string State => Body.GetProperty("state").GetString()!;

    public string ProblemType => Body.GetProperty("type").GetString()!;
}

/// <summary>Calls of the typed command endpoints as a developer makes them.</summary>
public static class ApiCalls
{
    public static async Task<ApiAnswer> SendAsync(this TestGateway gateway, string method, string path, string? json = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new ApiAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, text, response.Headers.Contains("Idempotent-Replayed"));
    }

    /// <summary>The option object of a delivered command, in its wire form.</summary>
    public static JsonElement WireOption(Command command) =>
        JsonDocument.Parse(CommandEncoder.EncodeBatch([command])).RootElement[0].GetProperty("option").Clone();

    /// <summary>Asserts every property of <paramref name="expectedJson"/> is in <paramref name="actual"/> with the same value.</summary>
    public static void ContainsAll(string expectedJson, JsonElement actual)
    {
        foreach (var p in JsonDocument.Parse(expectedJson).RootElement.EnumerateObject())
        {
            Assert.True(actual.TryGetProperty(p.Name, out var value), $"option has no '{p.Name}': {actual}");
            Assert.Equal(JsonSerializer.Serialize(p.Value), JsonSerializer.Serialize(value));
        }
    }
}
