using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using WeQuick.Gateway.Commands;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>RFC 7807 problems of the developer API; <c>type</c> is <c>urn:wequick:problem:</c> plus a slug listed in docs/api.md.</summary>
internal static class ApiProblems
{
    public const string TypePrefix = "urn:wequick:problem:";

    /// <summary>Declares, for the OpenAPI document, the problem statuses an endpoint can answer with.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + slug);

    public static ProblemHttpResult BadRequest(string slug, string title, string detail) => Problem(StatusCodes.Status400BadRequest, slug, title, detail);

    public static ProblemHttpResult UnknownAccount(string wxid) => From(Refusal.UnknownAccount(wxid));

    /// <summary>The problem of a refusal of the core: its kind decides the status.</summary>
    public static ProblemHttpResult From(Refusal refusal) => Problem(StatusOf(refusal.Kind), refusal.Code, refusal.Title, refusal.Detail);

    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.KeyReused => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.Unsupported => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };
}

/// <summary>Per-field errors gathered while checking a request; turned into a validation problem (400, <c>errors</c> by field).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public ValidationProblem ToProblem()
    {
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        var detail = string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
        return TypedResults.ValidationProblem(errors, detail, title: "Invalid request", type: ApiProblems.TypePrefix + "invalid-request");
    }

    /// <summary>A user id (a friend, a stranger, an official account): required and well formed.</summary>
    public string? User(string field, string? value)
    {
        if (Required(field, value) is not { } v)
        {
            return null;
        }

        if (!Wxids.IsWellFormedUser(v))
        {
            Add(field, CommandTarget.UserRule(v));
        }

        return v;
    }

    /// <summary>A room id (<c>…@chatroom</c>): required and well formed.</summary>
    public string? Room(string field, string? value)
    {
        if (Required(field, value) is not { } v)
        {
            return null;
        }

        if (!Wxids.IsWellFormedRoom(v))
        {
            Add(field, CommandTarget.RoomRule(v));
        }

        return v;
    }

    /// <summary>Whoever a message can go to: a user or a room.</summary>
    public string? Conversation(string field, string? value)
    {
        if (Required(field, value) is not { } v)
        {
            return null;
        }

        if (!Wxids.IsWellFormedUser(v) && !Wxids.IsWellFormedRoom(v))
        {
            Add(field, $"'{Shown(v)}' is neither a wxid ({Wxids.UserRule}) nor a room id ({Wxids.RoomRule})");
        }

        return v;
    }

    /// <summary>Text of 1 to <paramref name="max"/> characters (UTF-16 code units), not only white space unless <paramref name="allowEmpty"/>.</summary>
    public string? Text(string field, string? value, int max, bool allowEmpty = false)
    {
        if (value is null)
        {
            Add(field, "is required");
            return null;
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be empty");
        }
        else if (value.Length > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long; at most {max} are allowed"));
        }

        return value;
    }

    /// <summary>An absolute http or https URL.</summary>
    public string? Url(string field, string? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        if (value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, "must be an absolute http or https URL of at most 2048 characters");
        }

        return value;
    }

    /// <summary>A client-side path or a URL: 1 to 1024 characters, no control characters.</summary>
    public string? PathOrUrl(string field, string? value)
    {
        if (Required(field, value) is not { } v)
        {
            return null;
        }

        if (v.Length > 1024 || v.Any(char.IsControl))
        {
            Add(field, "must be a path on the client machine or a URL of at most 1024 characters, without control characters");
        }

        return v;
    }

    /// <summary>A path on the client machine, not a URL (what the client cannot send before downloading it).</summary>
    public string? ClientPath(string field, string? value)
    {
        var v = PathOrUrl(field, value);
        if (v is not null && (v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            Add(field, "must be a path on the client machine, not a URL: have the client download it first (POST …/files/download)");
        }

        return v;
    }

    /// <summary>An id a report carried (a message's msgid, a favourite's localId, a ticket): 1 to <paramref name="max"/> characters, no spaces or control characters.</summary>
    public string? Token(string field, string? value, int max)
    {
        if (Required(field, value) is not { } v)
        {
            return null;
        }

        if (v.Length > max || v.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be the id its report carried: 1 to {max} characters, without spaces or control characters"));
        }

        return v;
    }

    private string? Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
            return null;
        }

        return value;
    }

    internal static string Shown(string value) => CommandTarget.Shown(value);
}

/// <summary>Reads a JSON request body: unknown fields, malformed JSON and oversized bodies become problems.</summary>
internal static class ApiBody
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(GatewayJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>The body as <typeparamref name="T"/>; an absent body is <paramref name="empty"/> when given, else a problem.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, T? empty = null)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a request body may be at most {MaxBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Body too large", $"a request body may be at most {MaxBytes} bytes"));
        }

        if (buffer.Length == 0)
        {
            return empty is not null
                ? (empty, null)
                : (null, ApiProblems.BadRequest("invalid-body", "Body required", $"this endpoint needs a JSON body; see /docs for its fields"));
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (UnreadableString(bytes) is { } bad)
        {
            return (null, bad);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Options);
            return value is null && empty is null
                ? (null, ApiProblems.BadRequest("invalid-body", "Body required", "the body is null; send a JSON object"))
                : (value ?? empty, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            var why = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "it has a field this endpoint does not know"
                : "it is not a JSON object of the expected shape";
            return (null, ApiProblems.BadRequest("invalid-body", "Body is not valid", $"the body could not be read{where}: {why} (fields and types are in /docs)"));
        }
    }

    /// <summary>
    /// A problem when a string or a field name of <paramref name="root"/> is not text: an escape of half a surrogate
    /// pair (<c>"\ud800"</c>) is valid JSON but no character, and could be neither stored nor written back as UTF-8.
    /// </summary>
    public static ProblemHttpResult? UnreadableString(JsonElement root) => FirstUnreadable(root, "$") is { } path ? NotText(path) : null;

    /// <summary>The same check on raw JSON, before it is bound to a type; malformed JSON is left to the binding's own error.</summary>
    public static ProblemHttpResult? UnreadableString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsText(ref reader))
                {
                    return NotText(reader.TokenType == JsonTokenType.PropertyName ? "a field name" : "a string");
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static bool IsText(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? FirstUnreadable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadable(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"a field name in {path}";
                    }

                    if (FirstUnreadable(property.Value, path + "." + name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static ProblemHttpResult NotText(string where) => ApiProblems.BadRequest(
        "invalid-body", "Body is not valid", $"the body could not be read at {where}: it escapes half of a UTF-16 surrogate pair, which is no character; send text only");
}
