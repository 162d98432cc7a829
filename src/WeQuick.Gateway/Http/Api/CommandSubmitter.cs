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
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>The query string and headers every command endpoint takes.</summary>
internal sealed class CommandQuery
{
    /// <summary>Seconds (0–60) to wait for the command to finish; absent or 0 answers 202 at once.</summary>
    [FromQuery(Name = "wait")]
    [Description("Wait up to this many seconds (0-60) for the command to finish: 200 with the finished record, or 504 with the record when the time is up. Absent or 0: answer 202 at once.")]
    public string? Wait { get; set; }

    /// <summary>Queue the command for an offline target instead of answering 409.</summary>
    [FromQuery(Name = "queue")]
    [Description("true: queue the command even if the target is offline (it is delivered when the target polls again, or expires). Default false: 409 for an offline target.")]
    public string? Queue { get; set; }

    /// <summary>The client's idempotency key.</summary>
    [FromHeader(Name = "Idempotency-Key")]
    [Description("Any 1-255 printable ASCII characters. The same key on the same endpoint and target never enqueues twice: the first command is returned again.")]
    public string? IdempotencyKey { get; set; }
}

/// <summary>
/// The path every typed command endpoint ends in: checks of the target and the query, idempotency, the
/// enqueue, and the optional wait for a terminal state.
/// </summary>
internal sealed class CommandSubmitter(
    CommandQueue queue,
    CommandCompletions completions,
    IGatewayStore store,
    InstanceRegistry registry,
    TimeProvider time,
    IOptions<GatewayOptions> options)
{
    public const int MaxWaitSeconds = 60;

    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Checks that <paramref name="wxid"/> is a well-formed, known and (unless queued) online account.</summary>
    public async Task<ProblemHttpResult?> CheckAccountAsync(string wxid, CommandQuery query, CancellationToken cancellationToken)
    {
        if (!WxidRules.IsUser(wxid))
        {
            return ApiProblems.BadRequest("malformed-wxid", "Malformed wxid", $"the account in the path: {WxidRules.UserRule(wxid)}");
        }

        if (!TryQueue(query, out var queued, out var problem))
        {
            return problem;
        }

        if (await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is null)
        {
            return ApiProblems.UnknownAccount(wxid);
        }

        return queued || IsOnline(wxid) ? null : ApiProblems.AccountOffline(wxid);
    }

    /// <summary>Checks that an instance with <paramref name="pidText"/> is known and (unless queued) online; returns the pid.</summary>
    public (int Pid, ProblemHttpResult? Problem) CheckInstance(string pidText, CommandQuery query)
    {
        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return (0, ApiProblems.BadRequest("malformed-pid", "Malformed pid", $"'{FieldErrors.Shown(pidText)}' is not a WeChat process id (a whole number above 0)"));
        }

        if (!TryQueue(query, out var queued, out var problem))
        {
            return (pid, problem);
        }

        var instances = registry.All.Where(i => i.Pid == pid).ToList();
        if (instances.Count == 0)
        {
            return (pid, ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-instance", "No such instance", $"no WeChat instance with pid {pid} has polled this gateway (GET /api/v1/instances lists them)"));
        }

        if (!queued && !instances.Any(IsOnline))
        {
            return (pid, ApiProblems.Problem(StatusCodes.Status409Conflict, "instance-offline", "Instance offline", $"the WeChat instance with pid {pid} is not polling; start its client, or add ?queue=true"));
        }

        return (pid, null);
    }

    /// <summary>The instance <c>openWeChat</c> goes to when none is named: the most recently heard-from online one (or, queued, known one).</summary>
    public (int Pid, ProblemHttpResult? Problem) PickInstance(CommandQuery query)
    {
        if (!TryQueue(query, out var queued, out var problem))
        {
            return (0, problem);
        }

        var all = registry.All.ToList();
        if (all.Count == 0)
        {
            return (0, ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-instance", "No instance", "no WeQuick client has polled this gateway yet: start one with this gateway's URLs"));
        }

        var pick = all.Where(IsOnline).OrderByDescending(LastSeen).FirstOrDefault() ?? (queued ? all.OrderByDescending(LastSeen).First() : null);
        return pick is null
            ? (0, ApiProblems.Problem(StatusCodes.Status409Conflict, "instance-offline", "No instance online", "no WeChat instance is polling now; start a WeQuick client, or add ?queue=true"))
            : (pick.Pid, null);
    }

    /// <summary>Enqueues (once per idempotency key) and answers 202, or 200/504 after <c>?wait=</c>.</summary>
    public async Task<CommandResults> SubmitAsync(HttpContext http, string target, Command command, CommandQuery query)
    {
        if (!TryWait(query, out var wait, out var problem) || !TryKey(query, out var key, out problem))
        {
            return problem!;
        }

        StoredCommand stored;
        var replayed = false;
        try
        {
            if (key is null)
            {
                stored = await queue.EnqueueAsync(target, command);
            }
            else
            {
                var outcome = await queue.EnqueueOnceAsync(target, command, Scope(http, target), key);
                if (outcome.Conflict)
                {
                    return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Idempotency key reused",
                        $"the Idempotency-Key '{FieldErrors.Shown(key)}' was first used for a different request (command {outcome.Command.Id}); use a new key for a new request");
                }

                if (outcome.Replayed)
                {
                    replayed = true;
                    http.Response.Headers[ReplayedHeader] = "true";
                }

                stored = outcome.Command;
            }
        }
        catch (GatewayUnavailableException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "stopping", "Stopping", ex.Message);
        }

        var location = $"/api/v1/commands/{stored.Id}";
        if (wait <= TimeSpan.Zero)
        {
            // A replayed key answers with the command as it is now, not as it was when first accepted.
            var record = replayed ? await ViewAsync(stored.Id, http.RequestAborted) ?? CommandView.From(stored, null) : CommandView.From(stored, null);
            return TypedResults.Accepted(location, record);
        }

        // The deadline is armed before the subscription, so whoever sees the request waiting sees its timer running.
        using var deadline = new CancellationTokenSource(wait, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted);
        using var subscription = completions.Subscribe(stored.Id);
        var current = await ViewAsync(stored.Id, http.RequestAborted);
        if (current is { } done && done.State.IsTerminal())
        {
            return TypedResults.Ok(done);
        }

        try
        {
            await subscription.Finished.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            var late = await ViewAsync(stored.Id, CancellationToken.None) ?? CommandView.From(stored, null);
            return late.State.IsTerminal() ? TypedResults.Ok(late) : TypedResults.Json(late, GatewayJson.Options, statusCode: StatusCodes.Status504GatewayTimeout);
        }

        return TypedResults.Ok(await ViewAsync(stored.Id, http.RequestAborted) ?? CommandView.From(subscription.Finished.Result, null));
    }

    /// <summary>The command record with its answering report, as <c>GET /api/v1/commands/{id}</c> shows it.</summary>
    public async Task<CommandView?> ViewAsync(long id, CancellationToken cancellationToken)
    {
        var command = await store.ReadCommandAsync(id, cancellationToken);
        if (command is null)
        {
            return null;
        }

        EventView? answer = null;
        if (command.AnswerSeq is { } seq && await store.ReadEventAsync(seq, cancellationToken) is { } e)
        {
            answer = EventView.From(e, ReportIngestor.Limits(options.Value));
        }

        return CommandView.From(command, answer);
    }

    private bool IsOnline(string account) =>
        registry.InstanceOf(account) is { } id && registry.Find(id) is { } instance && IsOnline(instance) && Bound(instance) == account;

    private static bool IsOnline(InstanceState instance)
    {
        lock (instance.Gate)
        {
            return instance.Online;
        }
    }

    private static string? Bound(InstanceState instance)
    {
        lock (instance.Gate)
        {
            return instance.Account;
        }
    }

    private static DateTimeOffset LastSeen(InstanceState instance)
    {
        lock (instance.Gate)
        {
            return instance.LastSeen;
        }
    }

    /// <summary>Keys are scoped to the endpoint (method and route template) and the command's target.</summary>
    private static string Scope(HttpContext http, string target)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? string.Empty;
        return $"{http.Request.Method} {route} {target}";
    }

    private static bool TryWait(CommandQuery query, out TimeSpan wait, out ProblemHttpResult? problem)
    {
        wait = TimeSpan.Zero;
        problem = null;
        if (query.Wait is null)
        {
            return true;
        }

        if (!double.TryParse(query.Wait, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > MaxWaitSeconds)
        {
            problem = ApiProblems.BadRequest("invalid-wait", "Invalid wait", $"wait is a number of seconds from 0 to {MaxWaitSeconds}, got '{FieldErrors.Shown(query.Wait)}'");
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
