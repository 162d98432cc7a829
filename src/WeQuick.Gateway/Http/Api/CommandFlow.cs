using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Http;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>The steps shared by the typed command endpoints, and the OpenAPI metadata they all carry.</summary>
internal static class CommandFlow
{
    /// <summary>Reads and checks the body, checks the account, then submits the command to the account.</summary>
    public static async Task<CommandResults> ToAccountAsync<TBody>(
        string wxid,
        CommandQuery query,
        HttpContext http,
        CommandSubmitter submitter,
        Func<TBody, FieldErrors, Command> build,
        TBody? empty = null)
        where TBody : class
    {
        var (body, problem) = await ApiBody.ReadAsync(http.Request, empty);
        if (problem is not null)
        {
            return problem;
        }

        return await ToAccountAsync(wxid, query, http, submitter, errors => build(body!, errors));
    }

    /// <summary>Checks the fields a command is built from, checks the account, then submits.</summary>
    public static async Task<CommandResults> ToAccountAsync(string wxid, CommandQuery query, HttpContext http, CommandSubmitter submitter, Func<FieldErrors, Command> build)
    {
        var errors = new FieldErrors();
        var command = build(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!CommandSubmitter.TryAccount(wxid, out var target, out var problem))
        {
            return problem!;
        }

        return await submitter.SubmitAsync(http, target, command, query);
    }

    /// <summary>
    /// Like <see cref="ToAccountAsync{TBody}"/>, for a command that depends on the interface generation the account's
    /// client speaks (see <see cref="GenerationCommands"/>): <paramref name="build"/> is handed it, unknown when the
    /// account's id is malformed (the submit refuses that).
    /// </summary>
    public static async Task<CommandResults> ByGenerationAsync<TBody>(
        string wxid,
        CommandQuery query,
        HttpContext http,
        CommandSubmitter submitter,
        CommandService commands,
        Func<TBody, FieldErrors, InterfaceGenerations, Command> build,
        TBody? empty = null)
        where TBody : class
    {
        var (body, problem) = await ApiBody.ReadAsync(http.Request, empty);
        if (problem is not null)
        {
            return problem;
        }

        var generation = await GenerationAsync(wxid, http, commands);
        return await ToAccountAsync(wxid, query, http, submitter, errors => build(body!, errors, generation));
    }

    /// <summary>Like <see cref="ToAccountAsync(string, CommandQuery, HttpContext, CommandSubmitter, Func{FieldErrors, Command})"/>, for a command without a body that depends on the account's generation.</summary>
    public static async Task<CommandResults> ByGenerationAsync(string wxid, CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands, Func<FieldErrors, InterfaceGenerations, Command> build)
    {
        var generation = await GenerationAsync(wxid, http, commands);
        return await ToAccountAsync(wxid, query, http, submitter, errors => build(errors, generation));
    }

    /// <summary>The generation the client of account <paramref name="wxid"/> speaks, as far as the gateway knows.</summary>
    public static async Task<InterfaceGenerations> GenerationAsync(string wxid, HttpContext http, CommandService commands) =>
        CommandSubmitter.TryAccount(wxid, out var target, out _)
            ? await commands.GenerationOfAsync(target, http.RequestAborted)
            : InterfaceGenerations.None;

    /// <summary>Names, summary, tag and every response a command endpoint can give, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder Command(this RouteHandlerBuilder endpoint, string name, string summary, string description)
    {
        return endpoint
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " Answers 202 with the command record; with ?wait=N, 200 with the finished record (its answer included) or 504 with the record when N seconds pass first.")
            .Produces<CommandView>(StatusCodes.Status504GatewayTimeout)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>A command endpoint with a JSON body of <typeparamref name="TBody"/>.</summary>
    public static RouteHandlerBuilder Command<TBody>(this RouteHandlerBuilder endpoint, string name, string summary, string description, bool optionalBody = false)
        where TBody : class =>
        endpoint.Command(name, summary, description).Accepts<TBody>(optionalBody, "application/json");
}
