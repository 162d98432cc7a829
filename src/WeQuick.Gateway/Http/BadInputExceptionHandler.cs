using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeQuick.Gateway.Http.Api;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http;

/// <summary>
/// The safety net under every endpoint: an exception that means the request was malformed (a body that is not the
/// JSON, form or text it claims to be, a request Kestrel could not read) becomes a 400 and one that means the
/// gateway cannot take it now becomes a 503, each in the form of the endpoint that was called (a problem document,
/// or the client endpoints' own error). Anything else is a fault of the gateway: it is left to the default
/// handler, which logs it and answers 500.
/// </summary>
internal sealed partial class BadInputExceptionHandler(IProblemDetailsService problems, ILogger<BadInputExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, slug, title) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode is >= 400 and < 500 => (bad.StatusCode, "invalid-request", "Request could not be read"),
            // Only a JsonException of reading has a position; one of writing an answer is the gateway's own fault.
            JsonException { BytePositionInLine: not null } or InvalidDataException or DecoderFallbackException => (StatusCodes.Status400BadRequest, "invalid-body", "Body is not valid"),
            StoreFaultException => (StatusCodes.Status503ServiceUnavailable, "store-unavailable", "Store unavailable"),
            GatewayUnavailableException => (StatusCodes.Status503ServiceUnavailable, "stopping", "Stopping"),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogAnswered(logger, httpContext.Request.Method, httpContext.Request.Path, status, exception.GetType().Name, exception.Message);
        httpContext.Response.Clear();
        httpContext.Response.StatusCode = status;
        var detail = status == StatusCodes.Status503ServiceUnavailable
            ? exception.Message
            : $"the request could not be read: {exception.Message}";
        if (ClientEndpoints.Serves(httpContext.Request.Path))
        {
            await ClientEndpoints.Error(status, detail).ExecuteAsync(httpContext);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Type = ApiProblems.TypePrefix + slug, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(EventId = 782, Level = LogLevel.Information, Message = "{Method} {Path} answered {Status}: {Kind}: {Reason}")]
    private static partial void LogAnswered(ILogger logger, string method, string path, int status, string kind, string reason);
}
