global using CommandResults = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Accepted<WeQuick.Gateway.Http.CommandView>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<WeQuick.Gateway.Http.CommandView>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<WeQuick.Gateway.Http.CommandView>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>;

using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Queries;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>The query string and headers every command endpoint takes.</summary>
/// <remarks>
/// Its members carry [Description], never an XML summary: the OpenAPI XML-comment generator looks an [AsParameters]
/// member up by its property name, does not find it among the operation's parameters (they are named wait, queue,
/// Idempotency-Key) and writes the summary into the request body's description instead, so every command body was
/// described as the idempotency key.
/// </remarks>
internal sealed class CommandQuery
{
    // Seconds (0–60) to wait for the command to finish; absent or 0 answers 202 at once.
    [FromQuery(Name = "wait")]
    [Description("Wait up to this many seconds (0-60) for the command to finish: 200 with the finished record, or 504 with the record when the time is up. Absent or 0: answer 202 at once.")]
    public string? Wait { get; set; }

    // Queue the command for an offline target instead of answering 409.
    [FromQuery(Name = "queue")]
    [Description("true: queue the command even if the target is offline (it is delivered when the target polls again, or expires). Default false: 409 for an offline target.")]
    public string? Queue { get; set; }

    // The client's idempotency key.
    [FromHeader(Name = "Idempotency-Key")]
    [Description("Any 1-255 printable ASCII characters. The same key for the same command and target never enqueues twice: the first command is returned again.")]
    public string? IdempotencyKey { get; set; }
}

/// <summary>
/// The HTTP side of every command endpoint: reads <c>?wait=</c>, <c>?queue=</c> and <c>Idempotency-Key</c>, hands the
/// command to the core's <see cref="CommandService"/>, and answers with its record (202; 200 or 504 after a wait) or
/// the refusal as a problem.
/// </summary>
internal sealed class CommandSubmitter(CommandService commands, StateQueries queries)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Checks that <paramref name="wxid"/>, from a path, is a well-formed account: the target of an account command.</summary>
    public static bool TryAccount(string wxid, out CommandTarget target, out ProblemHttpResult? problem)
    {
        target = default;
        problem = null;
        if (!Wxids.IsWellFormedUser(wxid))
        {
            problem = ApiProblems.BadRequest("malformed-wxid", "Malformed wxid", $"the account in the path: {CommandTarget.UserRule(wxid)}");
            return false;
        }

        target = CommandTarget.ForAccount(wxid);
        return true;
    }

    /// <summary>Reads a pid from a path: the target of an instance command.</summary>
    public static bool TryInstance(string pidText, out CommandTarget target, out ProblemHttpResult? problem)
    {
        target = default;
        problem = null;
        if (!CommandTarget.TryParsePid(pidText, out var pid))
        {
            problem = ApiProblems.BadRequest("malformed-pid", "Malformed pid", $"'{FieldErrors.Shown(pidText)}' is not a WeChat process id (a whole number above 0)");
            return false;
        }

        target = CommandTarget.ForInstance(pid);
        return true;
    }

    /// <summary>The instance <c>openWeChat</c> goes to when none is named.</summary>
    public (CommandTarget Target, ProblemHttpResult? Problem) PickInstance(CommandQuery query)
    {
        if (!TryQueue(query, out var queued, out var problem))
        {
            return (default, problem);
        }

        var (target, refusal) = commands.PickInstance(queued);
        return (target, refusal is null ? null : ApiProblems.From(refusal));
    }

    /// <summary>
    /// Submits <paramref name="command"/> to <paramref name="target"/>: checked against its policy and the target's
    /// presence (unless <paramref name="unchecked"/>, the generic endpoint), enqueued once per idempotency key, and
    /// answered 202, or 200/504 after <c>?wait=</c>.
    /// </summary>
    public async Task<CommandResults> SubmitAsync(HttpContext http, CommandTarget target, Command command, CommandQuery query, bool @unchecked = false)
    {
        if (!TryQueue(query, out var queued, out var problem) || !TryWait(query, out var wait, out problem) || !TryKey(query, out var key, out problem))
        {
            return problem!;
        }

        var check = @unchecked ? TargetCheck.None : queued ? TargetCheck.Known : TargetCheck.KnownAndOnline;
        var submission = await commands.SubmitAsync(new CommandRequest(target, command, check, key), http.RequestAborted);
        if (submission.Refusal is { } refusal)
        {
            return ApiProblems.From(refusal);
        }

        var stored = submission.Command!;
        if (submission.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        if (wait <= TimeSpan.Zero)
        {
            // A replayed key answers with the command as it is now, not as it was when first accepted.
            var record = submission.Replayed ? await ViewAsync(stored.Id, http.RequestAborted) ?? CommandView.From(stored) : CommandView.From(stored);
            return TypedResults.Accepted($"/api/v1/commands/{stored.Id}", record);
        }

        var now = await commands.WaitAsync(stored.Id, wait, http.RequestAborted) ?? stored;
        var view = CommandView.From(now, await queries.AnswerAsync(now, CancellationToken.None));
        return now.IsTerminal ? TypedResults.Ok(view) : TypedResults.Json(view, GatewayJson.Options, statusCode: StatusCodes.Status504GatewayTimeout);
    }

    /// <summary>
    /// Submits several commands to <paramref name="target"/> as one request (a second-generation contact refresh):
    /// each checked and enqueued in turn (an Idempotency-Key covers them all: the first command takes it as it is, the
    /// others with their api appended), answered with the first command's record and the others' ids in
    /// <see cref="CommandView.AlsoQueued"/>. <c>?wait=</c> waits for all of them: 200 once every one has finished, else
    /// 504. A refusal of any answers its problem; commands enqueued before it stay queued.
    /// </summary>
    public async Task<CommandResults> SubmitAllAsync(HttpContext http, CommandTarget target, IReadOnlyList<Command> batch, CommandQuery query)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 1)
        {
            return await SubmitAsync(http, target, batch[0], query);
        }

        if (!TryQueue(query, out var queued, out var problem) || !TryWait(query, out var wait, out problem) || !TryKey(query, out var key, out problem))
        {
            return problem!;
        }

        var check = queued ? TargetCheck.Known : TargetCheck.KnownAndOnline;
        var stored = new List<StoredCommand>(batch.Count);
        var replayed = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var itemKey = key is null || i == 0 ? key : key + ":" + batch[i].Kind;
            var submission = await commands.SubmitAsync(new CommandRequest(target, batch[i], check, itemKey), http.RequestAborted);
            if (submission.Refusal is { } refusal)
            {
                return ApiProblems.From(refusal);
            }

            replayed |= submission.Replayed;
            stored.Add(submission.Command!);
        }

        if (replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        var others = stored.Skip(1).Select(c => c.Id).ToList();
        var first = stored[0];
        if (wait <= TimeSpan.Zero)
        {
            var record = replayed ? await ViewAsync(first.Id, http.RequestAborted) ?? CommandView.From(first) : CommandView.From(first);
            return TypedResults.Accepted($"/api/v1/commands/{first.Id}", record with { AlsoQueued = others });
        }

        // Every wait runs at once with the same deadline: the request waits no longer than one.
        var finished = await Task.WhenAll(stored.Select(c => commands.WaitAsync(c.Id, wait, http.RequestAborted)));
        var now = finished[0] ?? first;
        var view = CommandView.From(now, await queries.AnswerAsync(now, CancellationToken.None)) with { AlsoQueued = others };
        var all = finished.Select((c, i) => c ?? stored[i]).All(c => c.IsTerminal);
        return all ? TypedResults.Ok(view) : TypedResults.Json(view, GatewayJson.Options, statusCode: StatusCodes.Status504GatewayTimeout);
    }

    /// <summary>The command record with its answering event, as <c>GET /api/v1/commands/{id}</c> shows it.</summary>
    public async Task<CommandView?> ViewAsync(long id, CancellationToken cancellationToken) =>
        await queries.CommandAsync(id, cancellationToken) is { } details ? CommandView.From(details.Command, details.Answer) : null;

    private static bool TryWait(CommandQuery query, out TimeSpan wait, out ProblemHttpResult? problem)
    {
        wait = TimeSpan.Zero;
        problem = null;
        if (query.Wait is null)
        {
            return true;
        }

        var max = CommandService.MaxWait.TotalSeconds;
        if (!double.TryParse(query.Wait, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > max)
        {
            problem = ApiProblems.BadRequest("invalid-wait", "Invalid wait", $"wait is a number of seconds from 0 to {max}, got '{FieldErrors.Shown(query.Wait)}'");
            return false;
        }

        wait = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryQueue(CommandQuery query, out bool queued, out ProblemHttpResult? problem)
    {
        problem = null;
        queued = false;
        if (query.Queue is null)
        {
            return true;
        }

        if (!bool.TryParse(query.Queue, out queued))
        {
            problem = ApiProblems.BadRequest("invalid-queue", "Invalid queue", $"queue is true or false, got '{FieldErrors.Shown(query.Queue)}'");
            return false;
        }

        return true;
    }

    private static bool TryKey(CommandQuery query, out string? key, out ProblemHttpResult? problem)
    {
        key = query.IdempotencyKey;
        problem = null;
        if (key is null)
        {
            return true;
        }

        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            problem = ApiProblems.BadRequest("invalid-idempotency-key", "Invalid Idempotency-Key", "an Idempotency-Key is 1 to 255 printable ASCII characters without spaces, for example a UUID");
            return false;
        }

        return true;
    }
}
