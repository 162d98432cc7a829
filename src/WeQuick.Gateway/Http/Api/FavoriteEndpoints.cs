using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Favourites (second generation): ask for the list, add a message to it. Sending one is a message of type <c>favorite</c>.</summary>
internal static class FavoriteEndpoints
{
    public static RouteGroupBuilder MapFavoriteEndpoints(this RouteGroupBuilder api)
    {
        var favorites = api.MapGroup("/accounts/{wxid}/favorites").WithTags("Favorites");
        favorites.MapPost("/refresh", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, _ => new GetFavoritesCommand()))
            .Command("RefreshFavorites", "Ask for the favourites (getFavorites)",
                "Second-generation clients only. Answered by reportFavitems, whose localId a message of type favorite sends.");
        favorites.MapPost("/", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<MessageRefRequest>(wxid, query, http, submitter, (b, e) => new AddFavoriteFromCommand
                {
                    Wxid = e.Conversation("conversation", b.Conversation),
                    MsgId = e.Token("messageId", b.MessageId, MessageEndpoints.MaxIdLength),
                }))
            .Command<MessageRefRequest>("AddFavorite", "Add a received message to the favourites (addFavoriteFrom)",
                "Second-generation clients only. The message by its conversation and msgid.");
        return api;
    }
}
