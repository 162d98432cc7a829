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
        contacts.MapPost("/refresh", async (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
            {
                // A client known to speak the second generation is asked with its own commands, one list each.
                var generation = CommandSubmitter.TryAccount(wxid, out var target, out _)
                    ? await commands.GenerationOfAsync(target, http.RequestAborted)
                    : InterfaceGenerations.None;
                return await CommandFlow.ToAccountAsync<RefreshContactsRequest>(wxid, query, http, submitter, (b, e) =>
                {
                    if (b.Flag is < 0 or > 7)
                    {
                        e.Add("flag", "is a bitmask from 0 to 7: 1 friends, 2 rooms, 4 official accounts");
                    }

                    return RefreshCommand(b.Flag, generation, e);
                }, new RefreshContactsRequest());
            })
            .Command<RefreshContactsRequest>("RefreshContacts", "Refresh the contact list (getContact)",
                "Answered by reportContact: friends, strangers, blacklisted, rooms and official accounts, as the flag asks.", optionalBody: true);
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
    /// The command the refresh queues for <paramref name="flag"/> (null: every list) to a client of
    /// <paramref name="generation"/>: <c>getContact</c> with the flag, or for the second generation the one command of
    /// the list the flag names (<c>getContacts</c>, <c>getChatRooms</c>, <c>getPublics</c>); a flag naming several lists
    /// is then a field error.
    /// </summary>
    internal static Command RefreshCommand(int? flag, InterfaceGenerations generation, FieldErrors errors)
    {
        if (ContactRefresh.For(flag, generation) is { } command)
        {
            return command;
        }

        errors.Add("flag", "the account's client speaks the second generation of the interface, which is asked for one list at a time: 1 friends (getContacts), 2 rooms (getChatRooms) or 4 official accounts (getPublics)");
        return ContactRefresh.Command();
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
