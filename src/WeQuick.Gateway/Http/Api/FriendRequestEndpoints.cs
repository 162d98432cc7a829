using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Queries;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Friend requests: accept one by its tickets or by the stored request; send one.</summary>
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
        requests.MapPost("/", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<SendFriendRequestRequest>(wxid, query, http, submitter, (b, e) =>
                {
                    var room = b.Room is null ? null : e.Room("room", b.Room);
                    if (b.Scene is null && room is null)
                    {
                        e.Add("scene", "is required without a room: " + SceneRule);
                    }

                    return new AddFriendCommand
                    {
                        Wxid = e.User("to", b.To),
                        Remark = Greeting(e, b.Message),
                        Scene = Scene(e, b.Scene ?? RoomScene),
                        RoomWxid = room,
                    };
                }))
            .Command<SendFriendRequestRequest>("SendFriendRequest", "Send a friend request (addFriend)",
                "Second-generation clients only. Counts against the daily friend-add cap; answered by reportAddFriendMessage.");
        requests.MapPost("/searched", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<AddSearchedContactRequest>(wxid, query, http, submitter, (b, e) => new AddSearchContactCommand
                {
                    V1 = Ticket(e, "v1", b.V1),
                    V2 = Ticket(e, "v2", b.V2),
                    Remark = Greeting(e, b.Message),
                    Scene = Scene(e, b.Scene ?? SearchScene),
                }))
            .Command<AddSearchedContactRequest>("SendFriendRequestToSearchedContact", "Send a friend request to a user found by a search (addSearchContact)",
                "Second-generation clients only. v1 and v2 come from the reportSearchContact that POST …/contacts/search brought. Counts against the daily friend-add cap; answered by reportAddFriendMessage.");
        return api;
    }

    /// <summary>Where a person was found, as <c>addFriend</c> and <c>addSearchContact</c> take it.</summary>
    public static readonly int[] Scenes = [6, 14, 15, 17];

    private const int RoomScene = 14;
    private const int SearchScene = 15;
    private const string SceneRule = "6 added before, 14 a room member, 15 a search, 17 a contact card";

    private static int? Scene(FieldErrors errors, int scene)
    {
        if (!Scenes.Contains(scene))
        {
            errors.Add("scene", $"is {scene}; one of {SceneRule}");
        }

        return scene;
    }

    private static string Greeting(FieldErrors errors, string? message) =>
        message is null ? string.Empty : errors.Text("message", message, 200, allowEmpty: true) ?? string.Empty;

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
