using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Queries;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>WeChat instances before and around login: open, QR code, login status, logout, close.</summary>
internal static class InstanceEndpoints
{
    /// <summary>The instances and their QR codes (read scope).</summary>
    public static RouteGroupBuilder MapInstanceQueries(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/instances").WithTags("Instances and login");
        instances.MapGet("/", ListAsync)
            .WithName("ListInstances").WithSummary("List WeChat instances")
            .WithDescription("Every WeChat process that has polled this gateway: its pid, client, whether it is online, its account, and the generation of the interface its client speaks once heard.");
        instances.MapGet("/{pid}/qr.png", QrImageAsync)
            .WithName("GetLoginQrImage").WithSummary("The latest login QR code as an image")
            .WithDescription("Decoded from the instance's latest reportLoginQrCode; image/png (or the image type the client sent). 404 when the instance has no QR code pending (never asked, or already logged in).")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/jpeg", "image/gif", "image/bmp")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>Opening, logging in and out, closing (send scope).</summary>
    public static RouteGroupBuilder MapInstanceEndpoints(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/instances").WithTags("Instances and login");
        instances.MapPost("/", OpenAsync)
            .Command<OpenWeChatRequest>("OpenWeChat", "Open a new WeChat (openWeChat)",
                "The client running the instance named by pid (or, without one, the most recently heard-from online instance) starts another WeChat process, which polls as a new instance.",
                optionalBody: true);
        instances.MapPost("/{pid}/login-qr", LoginQrAsync)
            .Command("GetLoginQrCode", "Ask for the login QR code (getLoginQrCode)",
                "The instance reports its QR code (reportLoginQrCode); GET /api/v1/instances/{pid}/qr.png then serves it as an image, and the finished command's answer carries it as base64.");
        instances.MapDelete("/{pid}", CloseAsync)
            .Command("CloseProcess", "Close a WeChat process (closeProcess)", "The client ends the WeChat process with this pid.");

        var accounts = api.MapGroup("/accounts/{wxid}").WithTags("Instances and login");
        accounts.MapPost("/login-status", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, _ => new GetLoginStatusCommand()))
            .Command("GetLoginStatus", "Ask for the login status (getLoginStatus)", "Answered by a loginStatus report (code 1: logged in).");
        accounts.MapPost("/logout", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, _ => new LogoutCommand()))
            .Command("Logout", "Log the account out (logout)", "Answered by resLogout; the account's loginState becomes loggedOut.");
        return api;
    }

    internal static async Task<Ok<Page<InstanceView>>> ListAsync(IPresence presence, StateQueries queries, CancellationToken cancellationToken)
    {
        var generations = await queries.InstanceGenerationsAsync(cancellationToken);
        return TypedResults.Ok(new Page<InstanceView>([.. presence.Instances().Select(i => i.ToView(generations.GetValueOrDefault(i.Id)))], null));
    }

    internal static async Task<CommandResults> OpenAsync([AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter)
    {
        var (body, problem) = await ApiBody.ReadAsync(http.Request, new OpenWeChatRequest());
        if (problem is not null)
        {
            return problem;
        }

        CommandTarget target;
        if (body!.Pid is { } named)
        {
            if (!CommandSubmitter.TryInstance(named.ToString(CultureInfo.InvariantCulture), out target, out var malformed))
            {
                return malformed!;
            }
        }
        else
        {
            (target, problem) = submitter.PickInstance(query);
            if (problem is not null)
            {
                return problem;
            }
        }

        return await submitter.SubmitAsync(http, target, new OpenWeChatCommand(), query);
    }

    internal static async Task<CommandResults> LoginQrAsync(string pid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
        CommandSubmitter.TryInstance(pid, out var target, out var problem)
            ? await submitter.SubmitAsync(http, target, new GetLoginQrCodeCommand(), query)
            : problem!;

    internal static async Task<CommandResults> CloseAsync(string pid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
        CommandSubmitter.TryInstance(pid, out var target, out var problem)
            ? await submitter.SubmitAsync(http, target, new CloseProcessCommand { Pid = target.Pid }, query)
            : problem!;

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrImageAsync(string pid, StateQueries queries, CancellationToken cancellationToken)
    {
        if (!CommandTarget.TryParsePid(pid, out var n))
        {
            return ApiProblems.BadRequest("malformed-pid", "Malformed pid", $"'{FieldErrors.Shown(pid)}' is not a WeChat process id (a whole number above 0)");
        }

        var latest = await queries.LoginQrCodeAsync(n, cancellationToken);
        if (latest is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "no-qr-code", "No QR code",
                $"no login QR code is pending for pid {n}: ask for one with POST /api/v1/instances/{n}/login-qr (an instance that is logged in has none)");
        }

        if (!TryDecodeImage(latest, out var bytes, out var contentType))
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "no-qr-code", "QR code unreadable",
                $"the QR code the client reported for pid {n} is not a base64 image; its raw text is in the getLoginQrCode command's answer");
        }

        return TypedResults.File(bytes, contentType);
    }

    /// <summary>Reads base64 (optionally a <c>data:</c> URL) into image bytes and their type.</summary>
    internal static bool TryDecodeImage(string text, out byte[] bytes, out string contentType)
    {
        bytes = [];
        contentType = "image/png";
        var data = text.Trim();
        if (data.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = data.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !data.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            data = data[(comma + 1)..];
        }

        var buffer = new byte[(data.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(data, buffer, out var written) || written == 0)
        {
            return false;
        }

        bytes = buffer[..written];
        contentType = bytes switch
        {
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0xFF, 0xD8, ..] => "image/jpeg",
            [0x47, 0x49, 0x46, ..] => "image/gif",
            [0x42, 0x4D, ..] => "image/bmp",
            _ => "application/octet-stream",
        };
        return contentType != "application/octet-stream";
    }
}
