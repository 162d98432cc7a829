using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using WeQuick.Gateway.Feed;

namespace WeQuick.Gateway.Http.Api;

/// <summary>
/// A page of the event log written as it goes: each event's JSON (made once per event and shared with the stream
/// and webhooks, <see cref="EventView.Json"/>) is copied to the response and flushed, so the page is never built
/// again as one document in memory. Its shape is <see cref="EventPage"/>'s.
/// </summary>
internal sealed class EventPageResult(IReadOnlyList<FeedEvent> events, string nextCursor, long head) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public IReadOnlyList<FeedEvent> Events => events;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var pipe = response.BodyWriter;
        var cancellationToken = httpContext.RequestAborted;
        await using var json = new Utf8JsonWriter(pipe);
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var e in events)
        {
            json.WriteRawValue(EventView.Json(e), skipInputValidation: true);
            json.Flush();
            await pipe.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();
        json.WriteString("nextCursor", nextCursor);
        json.WriteNumber("head", head);
        json.WriteEndObject();
        json.Flush();
        await pipe.FlushAsync(cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventPage), ["application/json"]));
    }
}
