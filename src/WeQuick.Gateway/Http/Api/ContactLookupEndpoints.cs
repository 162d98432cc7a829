using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Contacts, second generation: look a user up by phone number, WeChat id or QQ number; ask again for one friend.</summary>
internal static class ContactLookupEndpoints
{
    /// <summary>The longest search text accepted.</summary>
    public const int MaxSearchLength = 64;

    public static RouteGroupBuilder MapContactLookupEndpoints(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/accounts/{wxid}/contacts").WithTags("Contacts");
        contacts.MapPost("/search", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<SearchContactRequest>(wxid, query, http, submitter, (b, e) => new SearchContactCommand { Search = e.Text("query", b.Query, MaxSearchLength) }))
            .Command<SearchContactRequest>("SearchContact", "Look a WeChat user up by phone number, WeChat id or QQ number (searchContact)",
                "Second-generation clients only. Answered by reportSearchContact, whose v1 and v2 POST …/friend-requests/searched takes.");
        contacts.MapPost("/{contact}/refresh", (string wxid, string contact, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new GetSingleContactCommand { Wxid = e.User("contact", contact) }))
            .Command("RefreshContact", "Ask again for one friend's profile (getSingleContact)", "Second-generation clients only. Answered by reportSingleContact.");
        return api;
    }
}
