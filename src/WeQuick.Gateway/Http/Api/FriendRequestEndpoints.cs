using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
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

    internal static async Task<CommandResults> AcceptStoredAsync(string wxid, string requester, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, IGatewayStore store)
    {
        if (!WxidRules.IsUser(requester))
        {
            var errors = new FieldErrors();
            errors.User("requester", requester);
            return errors.ToProblem();
        }

        if (await submitter.CheckAccountAsync(wxid, query, http.RequestAborted) is { } notReady)
        {
            return notReady;
        }

        var doc = await store.ReadDocumentAsync(Collections.FriendRequest, wxid, requester, http.RequestAborted);
        if (doc is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-friend-request", "No such friend request",
                $"account '{wxid}' has no stored friend request from '{requester}'; accept by tickets with POST …/friend-requests/accept {{v1, v2}}");
        }

        var o = JsonNode.Parse(doc.Json)!.AsObject();
        if (o["state"]?.GetValue<string>() == "accepted")
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "friend-request-accepted", "Already accepted", $"the friend request from '{requester}' was already accepted; they are a friend");
        }

        var command = new AcceptFriendCommand { V1 = o["v1"]?.GetValue<string>(), V2 = o["v2"]?.GetValue<string>() };
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
