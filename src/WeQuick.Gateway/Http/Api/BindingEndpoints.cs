using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>An account's binding to the client that owns it.</summary>
/// <param name="Account">The account's wxid.</param>
/// <param name="Client">The client's name, or its address when no client tokens are configured.</param>
/// <param name="BoundAt">When the client first polled or reported with the account.</param>
internal sealed record AccountBindingView(string Account, string Client, DateTimeOffset BoundAt);

/// <summary><c>/api/v1/accounts/{wxid}/binding</c>: which client owns an account, and releasing it when the account moves (admin scope).</summary>
internal static class BindingEndpoints
{
    public static RouteGroupBuilder MapBindingEndpoints(this RouteGroupBuilder api)
    {
        var binding = api.MapGroup("/accounts/{wxid}/binding").WithTags("Accounts");
        binding.MapGet("", ReadAsync)
            .WithName("GetAccountBinding").WithSummary("The client an account belongs to")
            .WithDescription("The client (its token's name, or its address without client tokens) that first polled or reported with the account; only it may poll for or report as the account.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        binding.MapDelete("", ReleaseAsync)
            .WithName("ReleaseAccountBinding").WithSummary("Release an account from its client")
            .WithDescription("For an account that moved to another machine or token: the next client to poll or report with it owns it. Answers the binding that was released.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    internal static async Task<Results<Ok<AccountBindingView>, ProblemHttpResult>> ReadAsync(string wxid, ClientBindings bindings, CancellationToken cancellationToken)
    {
        if (Invalid(wxid) is { } invalid)
        {
            return invalid;
        }

        var found = await bindings.ReadAsync(wxid, cancellationToken);
        return found is null ? NotBound(wxid) : TypedResults.Ok(new AccountBindingView(found.Target, found.Client, found.BoundAt));
    }

    internal static async Task<Results<Ok<AccountBindingView>, ProblemHttpResult>> ReleaseAsync(string wxid, ClientBindings bindings, CancellationToken cancellationToken)
    {
        if (Invalid(wxid) is { } invalid)
        {
            return invalid;
        }

        var released = await bindings.ReleaseAsync(wxid, null, cancellationToken);
        return released is null ? NotBound(wxid) : TypedResults.Ok(new AccountBindingView(released.Target, released.Client, released.BoundAt));
    }

    private static ProblemHttpResult? Invalid(string wxid) => Wxids.IsWellFormedUser(wxid)
        ? null
        : ApiProblems.BadRequest("malformed-wxid", "Malformed wxid", $"the account in the path: {CommandTarget.UserRule(wxid)}");

    private static ProblemHttpResult NotBound(string wxid) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "unbound-account", "Account not bound", $"no client has polled or reported with account '{wxid}' since it was last released");
}
