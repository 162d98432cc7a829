using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

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

    public static ProblemHttpResult UnknownAccount(string wxid) => Problem(
        StatusCodes.Status404NotFound, "unknown-account", "No such account", $"no account '{wxid}' has reported to this gateway; log it in first (GET /api/v1/accounts lists the known ones)");

    public static ProblemHttpResult AccountOffline(string wxid) => Problem(
        StatusCodes.Status409Conflict, "account-offline", "Account offline", $"account '{wxid}' is not online (its WeChat instance is not polling); start its client, or add ?queue=true to queue the command until it comes back");
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

        if (!WxidRules.IsUser(v))
        {
            Add(field, WxidRules.UserRule(v));
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

        if (!WxidRules.IsRoom(v))
        {
            Add(field, WxidRules.RoomRule(v));
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

        if (!WxidRules.IsUser(v) && !WxidRules.IsRoom(v))
        {
            Add(field, $"'{Shown(v)}' is neither a wxid ({WxidRules.UserPatternText}) nor a room id ({WxidRules.RoomPatternText})");
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

    private string? Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
            return null;
        }

        return value;
    }

    internal static string Shown(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <summary>
/// What the API accepts as ids. A user (friend, stranger, official account <c>gh_…</c>, the account itself):
/// 1–64 ASCII letters, digits, <c>_</c> or <c>-</c>, starting with a letter or digit — this covers
/// <c>wxid_…</c>, chosen WeChat ids, <c>gh_…</c> and system ids such as <c>filehelper</c>. A room: 1–64 of
/// the same characters followed by <c>@chatroom</c>.
/// </summary>
internal static partial class WxidRules
{
    public const string UserPatternText = "1-64 letters, digits, '_' or '-', starting with a letter or digit";
    public const string RoomPatternText = "letters, digits, '_' or '-' followed by @chatroom";

    public static bool IsUser(string? value) => value is not null && UserPattern().IsMatch(value);

    public static bool IsRoom(string? value) => value is not null && RoomPattern().IsMatch(value);

    public static string UserRule(string value) => WeQuick.Protocol.Wxids.IsRoom(value)
        ? $"'{FieldErrors.Shown(value)}' is a room id; a wxid of a person or official account is expected here"
        : $"'{FieldErrors.Shown(value)}' is not a wxid: use {UserPatternText}";

    public static string RoomRule(string value) => $"'{FieldErrors.Shown(value)}' is not a room id: use {RoomPatternText}, for example 12345678@chatroom";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}@chatroom$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomPattern();
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

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
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
}
