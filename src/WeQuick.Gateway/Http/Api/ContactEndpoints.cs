using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Contacts: refresh the list, ids, profiles, delete, remark.</summary>
internal static class ContactEndpoints
{
    public const int MaxInfoWxids = 50;

    public static RouteGroupBuilder MapContactEndpoints(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/accounts/{wxid}/contacts").WithTags("Contacts");
        contacts.MapPost("/refresh", RefreshAsync)
            .Command<RefreshContactsRequest>("RefreshContacts", "Refresh the contact list (getContact; getContacts, getChatRooms, getPublics)",
                "A first-generation client is asked with getContact and the flag, answered by reportContact: friends, strangers, blacklisted, rooms and official accounts, as the flag asks. "
                + "A second-generation client is asked with one command per list the flag names (1 getContacts, 2 getChatRooms, 4 getPublics; no flag: all three), each answered by its own report "
                + "(reportContacts, reportChatRooms, reportPublics); when that is more than one, the answer is the first command's record with the others' ids in alsoQueued, and ?wait= waits for all of them.",
                optionalBody: true);
        contacts.MapPost("/wxids", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, _ => new GetUsersWxidCommand()))
            .Command("RefreshContactWxids", "Refresh the wxids of all contacts (getUsersWxid)", "Answered by reportUsersWxid.");
        contacts.MapPost("/info", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<ContactsInfoRequest>(wxid, query, http, submitter, (b, e) => new GetUsersInfoCommand { WxidLists = Wxids(e, "wxids", b.Wxids, 1, MaxInfoWxids) }))
            .Command<ContactsInfoRequest>("GetContactsInfo", "Look up profiles of 1-50 contacts (getUsersInfo)", "Answered by reportUsersInfo.");
        contacts.MapDelete("/{contact}", (string wxid, string contact, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync(wxid, query, http, submitter, commands, (e, g) => GenerationCommands.DeleteContact(g, e.User("contact", contact))))
            .Command("DeleteContact", "Delete a friend (delUser; delFriend on the second generation)", "The friend is removed from the account's contacts.");
        contacts.MapPut("/{contact}/remark", (string wxid, string contact, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync<RemarkRequest>(wxid, query, http, submitter, commands, (b, e, g) =>
                    GenerationCommands.Remark(g, e.User("contact", contact), e.Text("remark", b.Remark, 64, allowEmpty: true))))
            .Command<RemarkRequest>("SetContactRemark", "Set a friend's remark (updateAsName; updateRemark on the second generation)", "The remark shows instead of the friend's nickname.");
        return api;
    }

    /// <summary>
    /// <c>POST …/contacts/refresh</c>: the commands <see cref="ContactRefresh.For"/> gives for the flag and the generation
    /// the account's client was heard speaking, submitted as one request.
    /// </summary>
    internal static async Task<CommandResults> RefreshAsync(string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands)
    {
        var (body, problem) = await ApiBody.ReadAsync(http.Request, new RefreshContactsRequest());
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (body!.Flag is < 0 or > 7)
        {
            errors.Add("flag", "is a bitmask from 0 to 7: 1 friends, 2 rooms, 4 official accounts");
            return errors.ToProblem();
        }

        if (!CommandSubmitter.TryAccount(wxid, out var target, out var malformed))
        {
            return malformed!;
        }

        // A client known to speak the second generation is asked with its own commands, one per list.
        var batch = ContactRefresh.For(body.Flag, await commands.GenerationOfAsync(target, http.RequestAborted));
        if (batch.Count == 0)
        {
            errors.Add("flag", "names no list: the account's client speaks the second generation of the interface, which is asked for lists, 1 friends (getContacts), 2 rooms (getChatRooms) or 4 official accounts (getPublics), or any sum of them");
            return errors.ToProblem();
        }

        return await submitter.SubmitAllAsync(http, target, batch, query);
    }

    /// <summary>A list of <paramref name="min"/> to <paramref name="max"/> distinct, well-formed user wxids.</summary>
    internal static List<string>? Wxids(FieldErrors errors, string field, IReadOnlyList<string>? values, int min, int max)
    {
        if (values is null)
        {
            errors.Add(field, $"is required: a list of {min} to {max} wxids");
            return null;
        }

        if (values.Count < min || values.Count > max)
        {
            errors.Add(field, $"has {values.Count} wxids; {min} to {max} are allowed");
        }

        for (var i = 0; i < values.Count && i < max + 1; i++)
        {
            if (!Protocol.Wxids.IsWellFormedUser(values[i]))
            {
                errors.Add($"{field}[{i}]", values[i] is null ? "is null" : CommandTarget.UserRule(values[i]));
            }
        }

        var duplicates = values.Where(v => v is not null).GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add(field, "lists the same wxid more than once: " + string.Join(", ", duplicates.Take(5).Select(FieldErrors.Shown)));
        }

        return [.. values];
    }
}
