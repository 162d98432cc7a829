using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Queries;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Friend requests: accept one by its tickets or by the stored request.</summary>
internal static class FriendRequestEndpoints
{
    public static RouteGroupBuilder MapFriendRequestEndpoints(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/accounts/{wxid}/friend-requests").WithTags("Friend requests");
        requests.MapPost("/accept", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<AcceptFriendRequest>(wxid, query, http, submitter, (b, e) => new AcceptFriendCommand
                {
                    V1 = Ticket(e, "v1", b.V1),
                    V2 = Ticket(e, "v2", b.V2),
                }))
            .Command<AcceptFriendRequest>("AcceptFriendRequest", "Accept a friend request by its tickets (acceptFriend)", "v1 and v2 come from the reportFriendAddRequest.");
        requests.MapPost("/{requester}/accept", AcceptStoredAsync)
            .Command("AcceptStoredFriendRequest", "Accept the stored friend request of a wxid (acceptFriend)",
                "Uses the v1 and v2 of the latest reportFriendAddRequest from that wxid; 404 when none is stored, 409 when it was already accepted.");
        return api;
    }

    internal static async Task<CommandResults> AcceptStoredAsync(string wxid, string requester, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, StateQueries queries)
    {
        if (!Wxids.IsWellFormedUser(requester))
        {
            var errors = new FieldErrors();
            errors.User("requester", requester);
            return errors.ToProblem();
        }

        if (!CommandSubmitter.TryAccount(wxid, out _, out var malformed))
        {
            return malformed!;
        }

        if (!await queries.AccountExistsAsync(wxid, http.RequestAborted))
        {
            return ApiProblems.UnknownAccount(wxid);
        }

        var request = await queries.FriendRequestAsync(wxid, requester, http.RequestAborted);
        if (request is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-friend-request", "No such friend request",
                $"account '{wxid}' has no stored friend request from '{requester}'; accept by tickets with POST …/friend-requests/accept {{v1, v2}}");
        }

        if (request.State == "accepted")
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "friend-request-accepted", "Already accepted", $"the friend request from '{requester}' was already accepted; they are a friend");
        }

        var command = new AcceptFriendCommand { V1 = request.V1, V2 = request.V2 };
        return await CommandFlow.ToAccountAsync(wxid, query, http, submitter, e =>
        {
            if (string.IsNullOrEmpty(command.V1) || string.IsNullOrEmpty(command.V2))
            {
                e.Add("requester", "the stored request has no v1/v2 tickets; accept by tickets instead");
            }

            return command;
        });
    }

    private static string? Ticket(FieldErrors errors, string field, string? value) => errors.Text(field, value, 1024);
}
