using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using WeQuick.Gateway.Commands;

namespace WeQuick.Gateway.Http.Api;

/// <summary>The services and documents of the developer API: typed command endpoints, OpenAPI at <c>/openapi/v1.json</c>, the docs page at <c>/docs</c>.</summary>
internal static class DeveloperApi
{
    public const string DocumentName = "v1";
    public const string OpenApiPath = "/openapi/{documentName}.json";
    public const string DocsPath = "/docs";

    public static IServiceCollection AddDeveloperApi(this IServiceCollection services)
    {
        services.AddSingleton<CommandCompletions>();
        services.AddSingleton<CommandSubmitter>();
        services.AddOpenApi(DocumentName, o =>
        {
            // The document describes the developer API; the client endpoints speak the WeQuick wire protocol (docs/protocol.md).
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WeQuick gateway developer API",
                    Version = DocumentName,
                    Description = "Drive personal WeChat accounts through the WeQuick gateway: commands, accounts, messages, events. "
                        + "Errors are RFC 7807 problem details; command endpoints take ?wait=, ?queue= and an Idempotency-Key header.",
                };
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, _, _) =>
            {
                // Responses leave out null properties (WhenWritingNull), so a nullable property is never required.
                if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                        {
                            required.Remove(name);
                        }
                    }
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                // wait and queue are read as text so a bad value gets a problem, not a bare 400; document their real types.
                foreach (var p in operation.Parameters ?? [])
                {
                    if (p is OpenApiParameter { In: ParameterLocation.Query } q && q.Name is "wait" or "queue")
                    {
                        q.Schema = new OpenApiSchema { Type = q.Name == "wait" ? JsonSchemaType.Number : JsonSchemaType.Boolean };
                    }
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Maps the OpenAPI document and the Scalar docs page (both outside <c>/api</c>, so they stay public).</summary>
    public static IEndpointRouteBuilder MapDeveloperApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(OpenApiPath);
        app.MapScalarApiReference(DocsPath, o => o
            .WithTitle("WeQuick gateway API")
            .WithOpenApiRoutePattern(OpenApiPath)
            .AddDocument(DocumentName));
        return app;
    }

}
