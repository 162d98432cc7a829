using System.Net;

namespace WeQuick.Sdk;

/// <summary>
/// The gateway refused a request: the status and the RFC 7807 problem it answered with (<c>type</c>, its slug,
/// <c>title</c>, <c>detail</c> and per-field <c>errors</c>). Nothing was queued.
/// </summary>
public sealed class WeQuickApiException : Exception
{
    /// <summary>The prefix of the gateway's problem types; the rest is the slug.</summary>
    public const string ProblemTypePrefix = "urn:wequick:problem:";

    /// <summary>Creates an exception for a refused request.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="type">The problem's <c>type</c>.</param>
    /// <param name="title">The problem's <c>title</c>.</param>
    /// <param name="detail">The problem's <c>detail</c>.</param>
    /// <param name="errors">Field errors, by field.</param>
    public WeQuickApiException(HttpStatusCode statusCode, string? type, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
        : base(Describe(statusCode, title, detail))
    {
        StatusCode = statusCode;
        ProblemType = type;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
    }

    /// <summary>Creates an exception with a message only.</summary>
    public WeQuickApiException()
        : this(default, null, null, null)
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public WeQuickApiException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WeQuickApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's <c>type</c> as sent, e.g. <c>urn:wequick:problem:account-offline</c>.</summary>
    public string? ProblemType { get; }

    /// <summary>The slug of <see cref="ProblemType"/> (<c>account-offline</c>, <c>invalid-request</c>, …); null when the gateway gave no WeQuick type.</summary>
    public string? Slug => ProblemType is { } t && t.StartsWith(ProblemTypePrefix, StringComparison.Ordinal) ? t[ProblemTypePrefix.Length..] : null;

    /// <summary>The problem's short title.</summary>
    public string? Title { get; }

    /// <summary>What to change.</summary>
    public string? Detail { get; }

    /// <summary>Field errors (for <c>invalid-request</c>): messages by field name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>The problem's <c>traceId</c>: the request's trace id as the gateway's log shows it, to find the request there.</summary>
    public string? TraceId { get; init; }

    private static string Describe(HttpStatusCode status, string? title, string? detail) =>
        $"{(int)status} {title ?? status.ToString()}{(detail is null ? string.Empty : ": " + detail)}";
}
