using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http;

/// <summary>
/// The endpoints a WeQuick client is configured with: <c>receive_msg</c> (both spellings) for reports and
/// <c>send_msg</c> for command polls, at the root or under <c>/c/{token}</c>.
/// </summary>
internal static partial class ClientEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapClientEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in (string[])["", "/c/{token}"])
        {
            app.MapPost(prefix + "/receive_msg", ReceiveAsync).ExcludeFromDescription();
            app.MapPost(prefix + "/recieve_msg", ReceiveAsync).ExcludeFromDescription();
            app.MapMethods(prefix + "/send_msg", [HttpMethods.Get, HttpMethods.Post], SendAsync).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// receive_msg, as a plain request delegate: a client posts tens of thousands of reports a second, and the
    /// generated parameter binding and the file result behind <c>Results.Bytes</c> cost more than the answer
    /// itself, which is nearly always <c>[]</c>. Errors are still answered through <see cref="IResult"/>.
    /// </summary>
    private static async Task ReceiveAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var counters = services.GetRequiredService<GatewayCounters>();
        if (!Authenticate(http, services.GetRequiredService<ClientCredentials>(), counters, out var client, out var refusal))
        {
            await refusal.ExecuteAsync(http);
            return;
        }

        if (!TryReadTake(http.Request, out var said, out var badTake))
        {
            // Refused before the body is read: nothing is stored, and the sender learns why.
            await badTake.ExecuteAsync(http);
            return;
        }

        var take = services.GetRequiredService<CommandQueue>().AnswerSize(client.Credential, said);
        var body = await ReadBodyAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            counters.CountTooLarge();
            await Error(StatusCodes.Status413PayloadTooLarge, $"the body is over the limit of {options.MaxBodyBytes} bytes; it was not stored").ExecuteAsync(http);
            return;
        }

        IngestOutcome outcome;
        try
        {
            outcome = await services.GetRequiredService<ReportIngestor>().IngestAsync(body, http.Request.ContentType, client.Name, take);
        }
        catch (GatewayUnavailableException ex)
        {
            await Error(StatusCodes.Status503ServiceUnavailable, ex.Message).ExecuteAsync(http);
            return;
        }

        switch (outcome)
        {
            case Appended appended:
                // Kestrel sends what is written here when the request ends; no flush of its own is needed.
                var response = http.Response;
                response.ContentType = Json;
                response.ContentLength = appended.Commands.Length;
                response.BodyWriter.Write<byte>(appended.Commands);
                break;
            case RefusedReport refused:
                await Refused(refused.Refusal).ExecuteAsync(http);
                break;
            case Quarantined q:
                await Results.Json(
                    new ClientError($"the body could not be decoded: {q.Error.Message}", q.Error.BytePosition, q.Id),
                    GatewayJson.Options,
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
                break;
            default:
                throw new InvalidOperationException("unexpected outcome");
        }
    }

    /// <summary>send_msg: the poll's query (or form) is read here; presence, the queue and the long-poll are the core's <see cref="CommandDelivery"/>.</summary>
    private static async Task<IResult> SendAsync(HttpContext http, CommandDelivery delivery, CommandQueue queue, ClientCredentials credentials, GatewayCounters counters)
    {
        if (!Authenticate(http, credentials, counters, out var client, out var refusal))
        {
            return refusal;
        }

        if (!TryReadTake(http.Request, out var said, out var badTake))
        {
            return badTake;
        }

        StringValues wxids, pids, waits;
        try
        {
            (wxids, pids, waits) = await ReadPollAsync(http.Request);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // A form cut short (a multipart body without its closing boundary) ends in an IOException, not bad data.
            return Error(StatusCodes.Status400BadRequest, $"the poll's form body could not be read: {ex.Message}");
        }

        if (wxids.Count > 1 || pids.Count > 1 || waits.Count > 1)
        {
            return Error(StatusCodes.Status400BadRequest, "send_msg takes one pid, one wxid and one wait; the poll repeated one of them");
        }

        string? wxid = wxids, pidText = pids, waitText = waits;
        if (!CommandTarget.TryParsePid(pidText, out var pid))
        {
            return Error(StatusCodes.Status400BadRequest, pidText is null
                ? "send_msg needs ?pid= (the WeChat process id) and, after login, ?wxid="
                : $"pid must be the WeChat process id (a whole number from 1 to {int.MaxValue}), got '{CommandTarget.Shown(pidText)}'");
        }

        TimeSpan? requested = null;
        if (waitText is not null)
        {
            if (!double.TryParse(waitText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || double.IsNaN(seconds))
            {
                return Error(StatusCodes.Status400BadRequest, $"wait must be a number of seconds, got '{waitText}'");
            }

            requested = seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
        }

        // Empty before login; after it, the account's wxid by the one rule for wxids (no control characters, no rooms,
        // at most 64 characters), so a poll cannot make up an account the client could not have logged in.
        wxid = string.IsNullOrWhiteSpace(wxid) ? null : wxid.Trim();
        if (wxid is not null && !Wxids.IsWellFormedUser(wxid))
        {
            return Error(StatusCodes.Status400BadRequest, $"wxid {CommandTarget.UserRule(wxid)}");
        }

        try
        {
            var answer = await delivery.PollAsync(client.Name, pid, wxid, delivery.HoldFor(client.Credential, requested), queue.AnswerSize(client.Credential, said), http.RequestAborted);
            return answer.Refusal is { } refused ? Refused(refused) : Results.Bytes(answer.Commands!, Json);
        }
        catch (GatewayUnavailableException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
    }

    /// <summary>
    /// The <c>?take=</c> of a poll or report URL: how many commands the client says it executes from one answer.
    /// It is WeQuick's own extension, sent by its agent and never by a real client (which executes the first element
    /// of an answer only); without it the client gets its configured number, one by default. The gateway hands out no
    /// more than <see cref="GatewayOptions.MaxCommandsPerAnswer"/> whatever it says.
    /// </summary>
    private static bool TryReadTake(HttpRequest request, out int? take, out IResult error)
    {
        take = null;
        error = Results.Empty;
        var values = request.Query["take"];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            error = Error(StatusCodes.Status400BadRequest, "take is given once (how many commands the client executes from one answer); the URL repeated it");
            return false;
        }

        if (!int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            error = Error(StatusCodes.Status400BadRequest, $"take must be how many commands the client executes from one answer (a whole number from 1 to {int.MaxValue}), got '{CommandTarget.Shown(values[0] ?? string.Empty)}'");
            return false;
        }

        take = n;
        return true;
    }

    private static async Task<(StringValues Wxid, StringValues Pid, StringValues Wait)> ReadPollAsync(HttpRequest request)
    {
        StringValues wxid = request.Query["wxid"], pid = request.Query["pid"], wait = request.Query["wait"];
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType && (wxid.Count == 0 || pid.Count == 0))
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            wxid = wxid.Count == 0 ? form["wxid"] : wxid;
            pid = pid.Count == 0 ? form["pid"] : pid;
        }

        return (wxid, pid, wait);
    }

    /// <summary>Who is calling: a configured client by its token, or (with no tokens configured) the remote address.</summary>
    private static bool Authenticate(HttpContext http, ClientCredentials credentials, GatewayCounters counters, out ClientIdentity client, out IResult refusal)
    {
        var routeToken = http.Request.RouteValues["token"] as string;
        refusal = Results.Empty;
        if (FromBrowser(http.Request))
        {
            // A WeQuick client sends neither header; every current browser sends Sec-Fetch-Site on every request and
            // Origin on every cross-site POST. Without this, any page the operator opens could post forged reports
            // (a no-cors POST needs no preflight) or drain the command queue by polling send_msg.
            counters.CountUnauthorized();
            client = new ClientIdentity(string.Empty, null);
            LogBrowserRefused(
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientEndpoints)),
                http.Connection.RemoteIpAddress?.ToString() ?? "?",
                http.Request.Path.Value ?? string.Empty,
                http.Request.Headers.Origin.ToString());
            refusal = Error(StatusCodes.Status403Forbidden, "the client endpoints answer WeQuick clients, not web pages (the request carried a browser's Origin or Sec-Fetch-Site header)");
            return false;
        }

        if (!credentials.Allows(http.Connection.RemoteIpAddress))
        {
            counters.CountUnauthorized();
            client = new ClientIdentity(string.Empty, null);
            refusal = Error(StatusCodes.Status403Forbidden, "this address may not use the client endpoints of this gateway (Gateway:ClientAddresses)");
            return false;
        }

        if (!credentials.Required)
        {
            client = new ClientIdentity(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", null);
            if (routeToken is not null)
            {
                refusal = Error(StatusCodes.Status404NotFound, "no client tokens are configured: use the URLs without /c/{token}");
                return false;
            }

            return true;
        }

        var token = routeToken ?? (string?)http.Request.Query["token"];
        var credential = token is null ? null : credentials.Find(token);
        if (credential is null)
        {
            counters.CountUnauthorized();
            client = new ClientIdentity(string.Empty, null);
            refusal = Error(StatusCodes.Status401Unauthorized, token is null
                ? "this gateway needs a client token: use /c/{token}/… or ?token="
                : "the client token is not valid");
            return false;
        }

        client = new ClientIdentity(credential.Name, credential);
        return true;
    }

    /// <summary>Whether a browser sent the request: a page's fetch, form or navigation, never a WeQuick client.</summary>
    private static bool FromBrowser(HttpRequest request) =>
        request.Headers.Origin.Count > 0 || request.Headers.ContainsKey(SecFetchSite);

    private const string SecFetchSite = "Sec-Fetch-Site";

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "Security: refused a browser's request from {Remote} to the client endpoint {Path} (Origin '{Origin}'): a web page may not post reports or poll commands")]
    private static partial void LogBrowserRefused(ILogger logger, string remote, string path, string origin);

    /// <summary>The body, or null when it is over <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > max)
            {
                return null;
            }

            // Kestrel holds the client to its Content-Length, so the body is exactly this long.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A refusal of the core, in the client endpoints' error form.</summary>
    private static IResult Refused(Refusal refusal) => Error(refusal.Kind switch
    {
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    }, refusal.Detail);

    /// <summary>Whether <paramref name="path"/> is one of the client endpoints (their errors are <see cref="ClientError"/>s, not problems).</summary>
    public static bool Serves(PathString path)
    {
        var value = path.Value ?? string.Empty;
        return value.EndsWith("/receive_msg", StringComparison.OrdinalIgnoreCase)
            || value.EndsWith("/recieve_msg", StringComparison.OrdinalIgnoreCase)
            || value.EndsWith("/send_msg", StringComparison.OrdinalIgnoreCase);
    }

    internal static IResult Error(int status, string message) => Results.Json(new ClientError(message, null, null), GatewayJson.Options, statusCode: status);

    private readonly record struct ClientIdentity(string Name, ClientCredential? Credential);
}

/// <summary>The JSON error a client gets: what is wrong, and for a quarantined body where and under which id.</summary>
internal sealed record ClientError(string Error, long? Position, long? QuarantineId);
