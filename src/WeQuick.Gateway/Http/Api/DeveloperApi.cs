using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WeQuick.Gateway.Http.Api;

/// <summary>The services and documents of the developer API: typed command endpoints, OpenAPI at <c>/openapi/v1.json</c>, the docs page at <c>/docs</c>.</summary>
internal static class DeveloperApi
{
    public const string DocumentName = "v1";
    public const string OpenApiPath = "/openapi/{documentName}.json";
    public const string DocsPath = "/docs";

    /// <summary>The name of the document's security scheme: HTTP bearer, the gateway's API keys.</summary>
    public const string SecuritySchemeName = "Bearer";

    public static IServiceCollection AddDeveloperApi(this IServiceCollection services)
    {
        services.TryAddSingleton<CommandSubmitter>();
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

                // Every operation under /api needs a key (Authorization: Bearer <key>); the docs page shows a field for it.
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key of this gateway (wequick keys create --scope read|send|admin --name NAME), sent as 'Authorization: Bearer <key>'. "
                        + "Until the first key exists, loopback callers need none (unless Gateway:Api:RequireKeys).",
                };
                foreach (var (path, item) in document.Paths ?? [])
                {
                    if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is not { } operations)
                    {
                        continue;
                    }

                    foreach (var operation in operations.Values)
                    {
                        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
                    }
                }

                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(System.Text.Json.JsonElement))
                {
                    // Every JsonElement the API carries is a JSON object whose fields depend on a kind or an api:
                    // an event's data, a command's option, a stored message's report.
                    schema.Type = JsonSchemaType.Object;
                    schema.Description ??= "A JSON object whose fields depend on its kind: a normalized report (an event's data, a message's report; "
                        + "fields per kind in docs/protocol.md, the normalized form) or a command's option (fields as the command's api names them).";
                }

                if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) && schema.Properties is { } problem)
                {
                    // Problems are written with the request's trace id, to find it in the gateway's log.
                    problem["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, as the gateway's log shows it." };
                    schema.Description ??= "An RFC 7807 problem: type is urn:wequick:problem: plus a slug listed in docs/api.md (or an RFC 9110 section for generic ones), title and detail say what to change.";
                }

                // Responses leave out null properties (WhenWritingNull), so a nullable property is not required,
                // unless it is always written ([JsonIgnore(Condition = Never)]): then it is required, and may be null.
                if (schema.Required is { Count: > 0 } required)
                {
                    foreach (var property in context.JsonTypeInfo.Properties)
                    {
                        var nullable = property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;
                        var alwaysWritten = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Never) == true;
                        if (nullable && !alwaysWritten)
                        {
                            required.Remove(property.Name);
                        }
                        else if (alwaysWritten && schema.Properties?.ContainsKey(property.Name) == true)
                        {
                            required.Add(property.Name);
                        }
                    }
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, cancellationToken) =>
            {
                // Each request body gets its own description and an example to send as it is.
                var accepts = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().LastOrDefault();
                if (operation.RequestBody is OpenApiRequestBody body && accepts?.RequestType is { } bodyType && ApiBodies.TryGet(bodyType, out var description, out _))
                {
                    body.Description = description;
                    foreach (var media in body.Content?.Values.OfType<OpenApiMediaType>() ?? [])
                    {
                        ApiBodies.TryGet(bodyType, out _, out var example);
                        media.Example = example;
                    }
                }

                // wait, queue, limit and after are read as text so a bad value gets a problem, not a bare 400; document their real types.
                foreach (var p in operation.Parameters ?? [])
                {
                    if (p is OpenApiParameter { In: ParameterLocation.Query } q && q.Name is "wait" or "queue")
                    {
                        q.Schema = new OpenApiSchema { Type = q.Name == "wait" ? JsonSchemaType.Number : JsonSchemaType.Boolean };
                    }
                    else if (p is OpenApiParameter { In: ParameterLocation.Query } n && n.Name is "limit" or "after")
                    {
                        // Page sizes and the stream's replay position are whole numbers, read as text for the same reason.
                        n.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = n.Name == "limit" ? "1" : "0" };
                    }
                }

                // An image is served as its bytes, not as base64 text.
                foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
                {
                    foreach (var media in response.Content?.Where(c => c.Key.StartsWith("image/", StringComparison.Ordinal)).Select(c => c.Value) ?? [])
                    {
                        if (media is OpenApiMediaType m)
                        {
                            m.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                        }
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
            .AddDocument(DocumentName)
            .AddPreferredSecuritySchemes(SecuritySchemeName)

            // A local gateway's page: no hosted AI chat, MCP, SDK generator, deploy or client-download buttons, no telemetry,
            // and no fonts from Scalar's servers (the page asks for nothing beyond the gateway; a browser test checks).
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .DisableTelemetry()
            .WithDotNetFlag(false));
        return app;
    }

}
