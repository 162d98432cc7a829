using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Queries;
using WeQuick.Gateway.Storage;

namespace WeQuick.Gateway.Http.Api;

/// <summary>A page of a list, in the list's stable order. Every list of the API has this shape.</summary>
/// <param name="Items">This page's items (a filtered page may hold fewer than limit; keep going until nextCursor is left out).</param>
/// <param name="NextCursor">Pass as ?cursor= for the next page; left out on the last one (and on lists that are not paged).</param>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A page of messages.</summary>
/// <param name="Account">The account whose messages these are.</param>
/// <param name="Items">The messages, newest first.</param>
/// <param name="NextCursor">Pass as ?cursor= for the next (older) page; left out on the last one.</param>
internal sealed record MessagePage(string Account, IReadOnlyList<MessageView> Items, string? NextCursor);

/// <summary>
/// The reading half of the developer API: accounts, the stored state of each (contacts, rooms, members, messages,
/// conversations, friend requests, transfers), commands and the event log, as HTTP over the core's queries. Every
/// list is a <see cref="Page{T}"/>: <c>?cursor=</c> in, <c>nextCursor</c> out, <c>?limit=</c> bounded.
/// </summary>
internal static class QueryEndpoints
{
    /// <summary>How many events one filtered read of the event log looks at, at most, before it answers with what it found.</summary>
    internal const int MaxEventsScanned = 10_000;

    public static RouteGroupBuilder MapQueryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts", ListAccountsAsync)
            .WithName("ListAccounts").WithTags("Accounts").WithSummary("List accounts")
            .WithDescription("Every account that has reported to this gateway, by wxid, with its login state and stored counts.");
        api.MapGet("/accounts/{wxid}", GetAccountAsync)
            .WithName("GetAccount").WithTags("Accounts").WithSummary("Get an account")
            .WithDescription("The account's login state (loggedIn, offline, qrPending, loggedOut), instance, profile and stored counts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{wxid}/messages", MessagesAsync)
            .Query("ListMessages", "Messages", "List stored messages",
                "Newest first; filters: conversation, sender, kind, since/until (ISO 8601), q (text search in the report's text fields).");
        api.MapGet("/accounts/{wxid}/contacts", ContactsAsync)
            .Query("ListContacts", "Contacts", "List stored contacts",
                "Friends, strangers, blacklisted and unknown contacts by wxid; ?type= narrows to one category, or lists rooms (room) or official accounts (public) instead. ?q= searches nick, remark, username and wxid.");
        api.MapGet("/accounts/{wxid}/rooms", RoomsAsync)
            .Query("ListRooms", "Rooms", "List stored rooms", "The account's rooms by id; ?q= searches the name and id.");
        api.MapGet("/accounts/{wxid}/rooms/{room}/members", MembersAsync)
            .Query("ListRoomMembers", "Rooms", "List stored members of a room", "By wxid; ?q= searches nick, room nickname, username and wxid. Refresh them with POST …/members/refresh.");
        api.MapGet("/accounts/{wxid}/conversations", ConversationsAsync)
            .Query("ListConversations", "Messages", "List conversations", "Each conversation with its newest message, the most recent first.");
        api.MapGet("/accounts/{wxid}/friend-requests", FriendRequestsAsync)
            .Query("ListFriendRequests", "Friend requests", "List friend requests", "Received friend requests by wxid; ?state=pending or accepted.");
        api.MapGet("/accounts/{wxid}/transfers", TransfersAsync)
            .Query("ListTransfers", "Transfers", "List money transfers", "Transfers seen in the account's conversations by id, with their history; ?state=sent, accepted, returned or unknown.");
        api.MapGet("/accounts/{wxid}/favorites", FavoritesAsync)
            .WithName("ListFavorites").WithTags("Contacts").WithSummary("List saved items (favorites)")
            .WithDescription("The account's saved items (收藏) as its client's latest reportFavitems listed them, in the client's order, in one page (second generation; ask for them again with the getFavorites command through POST /api/v1/commands). Empty until a list came.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/commands", CommandsAsync)
            .Query("ListCommands", "Commands", "List command records", "Newest first; ?account= (a target) and ?state= filter.", account: false);
        api.MapGet("/commands/{id}", GetCommandAsync)
            .WithName("GetCommand").WithTags("Commands").WithSummary("Get a command record")
            .WithDescription("The command's lifecycle (queued, delivered, acknowledged, completed, failed, expired), the ack's result and the answering event.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/events", ListEventsAsync)
            .WithName("ListEvents").WithTags("Events").WithSummary("Read the event log")
            .WithDescription("Normalized events in sequence order after ?cursor= (absent for the start of the log); pass nextCursor as cursor for the following page. Filters: ?kind= and ?account= (repeat, or separate with commas); a filtered page looks at most 10000 events, so it can hold fewer than limit (even none) before head: read on from nextCursor. A page holds up to limit events, and fewer once the report bodies it holds reach Gateway:PageBytes (8 MiB by default); a report whose body is over Gateway:InlineBodyBytes comes without data, with bodyOmitted, bodyBytes and bodyUrl. The live stream (/api/v1/events/sse, /api/v1/events/ws) carries the same objects.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/events/{seq}/body", EventBodyAsync)
            .WithName("GetEventBody").WithTags("Events").WithSummary("Read an event's stored body")
            .WithDescription("The report body exactly as the client posted it, streamed from the log (application/octet-stream; the client's content type in X-WeQuick-Content-Type). An event whose body was over the inline limit says so with bodyOmitted and gives this path as bodyUrl.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The names and problems of a query endpoint, for the OpenAPI document.</summary>
    internal static RouteHandlerBuilder Query(this RouteHandlerBuilder endpoint, string name, string tag, string summary, string description, bool account = true)
    {
        endpoint.WithName(name).WithTags(tag).WithSummary(summary)
            .WithDescription(description + $" Pages hold up to limit items (1-{Cursors.MaxLimit}, default {Cursors.DefaultLimit}); pass nextCursor as ?cursor= for the next one.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return account ? endpoint.ProducesProblem(StatusCodes.Status404NotFound) : endpoint;
    }

    internal static async Task<Ok<Page<AccountView>>> ListAccountsAsync(StateQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<AccountView>([.. (await queries.AccountsAsync(cancellationToken)).Select(ApiMapping.ToView)], null));

    /// <param name="wxid">The account's wxid.</param>
    internal static async Task<Results<Ok<AccountView>, ProblemHttpResult>> GetAccountAsync(string wxid, StateQueries queries, CancellationToken cancellationToken) =>
        await queries.AccountAsync(wxid, cancellationToken) is { } account ? TypedResults.Ok(account.ToView()) : ApiProblems.UnknownAccount(wxid);

    /// <param name="wxid">The account's wxid.</param>
    /// <param name="type">friend, stranger, blacklisted or unknown (contacts of that category), room (rooms instead), public (official accounts instead); absent: every person.</param>
    /// <param name="q">Case-insensitive text to find in nick, remark, username or wxid.</param>
    /// <param name="cursor">nextCursor of the previous page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    internal static async Task<Results<Ok<Page<ContactView>>, ProblemHttpResult>> ContactsAsync(string wxid, string? type, string? q, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.ContactsAsync(wxid, type, q, cursor, n, cancellationToken), ApiMapping.ToView) : problem!;

    internal static async Task<Results<Ok<Page<RoomView>>, ProblemHttpResult>> RoomsAsync(string wxid, string? q, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.RoomsAsync(wxid, q, cursor, n, cancellationToken), ApiMapping.ToView) : problem!;

    internal static async Task<Results<Ok<Page<MemberView>>, ProblemHttpResult>> MembersAsync(string wxid, string room, string? q, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.MembersAsync(wxid, room, q, cursor, n, cancellationToken), ApiMapping.ToView) : problem!;

    internal static async Task<Results<Ok<Page<FriendRequestView>>, ProblemHttpResult>> FriendRequestsAsync(string wxid, string? state, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.FriendRequestsAsync(wxid, state, cursor, n, cancellationToken), ApiMapping.ToView) : problem!;

    internal static async Task<Results<Ok<Page<TransferView>>, ProblemHttpResult>> TransfersAsync(string wxid, string? state, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.TransfersAsync(wxid, state, cursor, n, cancellationToken), ApiMapping.ToView) : problem!;

    /// <param name="wxid">The account's wxid.</param>
    internal static async Task<Results<Ok<Page<FavoriteView>>, ProblemHttpResult>> FavoritesAsync(string wxid, StateQueries queries, CancellationToken cancellationToken) =>
        Answer(await queries.FavoritesAsync(wxid, cancellationToken), ApiMapping.ToView);

    internal static async Task<Results<Ok<Page<ConversationView>>, ProblemHttpResult>> ConversationsAsync(string wxid, string? cursor, string? limit, MessageQueries queries, CancellationToken cancellationToken) =>
        TryLimit(limit, out var n, out var problem) ? Answer(await queries.ConversationsAsync(wxid, cursor, n, cancellationToken), ApiMapping.ToConversationView) : problem!;

    /// <summary>Messages newest first, filtered.</summary>
    /// <param name="wxid">The account's wxid.</param>
    /// <param name="conversation">Only this conversation (a friend's wxid or a room id).</param>
    /// <param name="sender">Only messages from this wxid.</param>
    /// <param name="kind">Only this report kind, for example reportTextMessage.</param>
    /// <param name="since">Only messages received at or after this ISO 8601 time.</param>
    /// <param name="until">Only messages received before this ISO 8601 time.</param>
    /// <param name="q">Case-insensitive text to find in the report's text fields.</param>
    /// <param name="cursor">nextCursor of the previous page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    internal static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> MessagesAsync(
        string wxid,
        string? conversation,
        string? sender,
        string? kind,
        string? since,
        string? until,
        string? q,
        string? cursor,
        string? limit,
        MessageQueries queries,
        CancellationToken cancellationToken)
    {
        if (!TryTime("since", since, out var from, out var problem) || !TryTime("until", until, out var to, out problem) || !TryLimit(limit, out var n, out problem))
        {
            return problem!;
        }

        var result = await queries.MessagesAsync(wxid, new MessageFilter(conversation, sender, kind, from, to, q), cursor, n, cancellationToken);
        if (result.Refusal is { } refusal)
        {
            return ApiProblems.From(refusal);
        }

        var page = result.Value!;
        return TypedResults.Ok(new MessagePage(wxid, [.. page.Items.Select(ApiMapping.ToView)], page.NextCursor));
    }

    /// <param name="account">Only commands for this target (an account wxid, or pid:N).</param>
    /// <param name="state">Only commands in this state: queued, delivered, acknowledged, completed, failed or expired.</param>
    /// <param name="cursor">nextCursor of the previous page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    internal static async Task<Results<Ok<Page<CommandView>>, ProblemHttpResult>> CommandsAsync(string? account, string? state, string? cursor, string? limit, StateQueries queries, CancellationToken cancellationToken)
    {
        if (!TryLimit(limit, out var n, out var problem))
        {
            return problem!;
        }

        CommandState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse<CommandState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(state, CultureInfo.InvariantCulture, out _))
            {
                return ApiProblems.Problem(400, "invalid-filter", "Invalid state", $"state must be one of {string.Join(", ", Enum.GetNames<CommandState>().Select(x => x.ToLowerInvariant()))}, got '{state}'");
            }

            filter = s;
        }

        return Answer(await queries.CommandsAsync(account, filter, cursor, n, cancellationToken), c => CommandView.From(c));
    }

    /// <param name="id">The command id (the id of the command record, also its sendId).</param>
    internal static async Task<Results<Ok<CommandView>, ProblemHttpResult>> GetCommandAsync(string id, CommandSubmitter commands, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-id", "Invalid id", $"a command id is a whole number, got '{id}'");
        }

        return await commands.ViewAsync(number, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-command", "No such command", $"there is no command {number}");
    }

    /// <param name="cursor">The seq to read after: nextCursor of the previous page (absent for the start of the log).</param>
    /// <param name="limit">How many events to return, 1 to 1000 (default 100).</param>
    /// <param name="account">Only events of these accounts (repeat the parameter, or separate with commas).</param>
    /// <param name="kind">Only events of these kinds, for example reportTextMessage (repeat the parameter, or separate with commas).</param>
    internal static async Task<Results<EventPageResult, ProblemHttpResult>> ListEventsAsync(
        string? cursor,
        string? limit,
        [FromQuery(Name = "account")] string[]? account,
        [FromQuery(Name = "kind")] string[]? kind,
        HttpRequest request,
        EventFeed feed,
        CancellationToken cancellationToken)
    {
        if (request.Query.ContainsKey("after"))
        {
            return ApiProblems.BadRequest("invalid-cursor", "Use cursor", "the event log is paged with ?cursor= (the previous page's nextCursor, or a seq) ; ?after= is not read (CHANGELOG.md)");
        }

        if (!TrySeqCursor(cursor, out var after, out var problem) || !ApiEndpoints.TryLimit(limit, 100, 1000, out var n, out problem))
        {
            return problem!;
        }

        if (!EventFilter.TryParseList("account", account, out var accounts, out var error)
            || !EventFilter.TryParseList("kind", kind, out var kinds, out error))
        {
            return ApiProblems.BadRequest("invalid-filter", "Invalid filter", error!);
        }

        // Read before the page: an event appended in between can lie past it, so the head given is never below the page's last event.
        var head = await feed.HeadAsync(cancellationToken);
        if (accounts is null && kinds is null)
        {
            var events = await feed.ReadAsync(after, n, cancellationToken);
            var next = (events.Count > 0 ? events[^1].Seq : after).ToString(CultureInfo.InvariantCulture);
            return new EventPageResult(events, next, events.Count > 0 ? Math.Max(head, events[^1].Seq) : head);
        }

        var (matched, scanned) = await ReadFilteredAsync(feed, new EventFilter(accounts, kinds), after, n, cancellationToken);
        return new EventPageResult(matched, scanned.ToString(CultureInfo.InvariantCulture), Math.Max(head, scanned));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events that match <paramref name="filter"/>, scanning the log after <paramref name="after"/>
    /// page by page, at most <see cref="MaxEventsScanned"/> events per request; the seq scanned to is the next cursor, so a
    /// page can hold fewer matches (even none) while the log goes on: the caller reads on from that cursor until it reaches head.
    /// </summary>
    private static async Task<(List<FeedEvent> Matched, long Scanned)> ReadFilteredAsync(EventFeed feed, EventFilter filter, long after, int limit, CancellationToken cancellationToken)
    {
        var matched = new List<FeedEvent>();
        var scanned = after;
        var budget = MaxEventsScanned;
        while (budget > 0)
        {
            var page = await feed.ReadPageAsync(scanned, Math.Min(1000, budget), cancellationToken);
            foreach (var e in page.Events)
            {
                scanned = e.Seq;
                budget--;
                if (filter.Matches(e.Account, e.Kind))
                {
                    matched.Add(e);
                    if (matched.Count == limit)
                    {
                        return (matched, scanned);
                    }
                }
            }

            if (!page.Full || page.Events.Count == 0)
            {
                break;
            }
        }

        return (matched, scanned);
    }

    /// <param name="seq">The event's sequence number.</param>
    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> EventBodyAsync(string seq, HttpContext http, IGatewayStore store, CancellationToken cancellationToken)
    {
        if (!long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-seq", "Invalid seq", $"an event's seq is a whole number, got '{FieldErrors.Shown(seq)}'");
        }

        if (await store.OpenEventBodyAsync(number, cancellationToken) is not { } body)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-event", "No such event", $"there is no event {number}");
        }

        // Read as it is sent, and let go with the response.
        http.Response.RegisterForDisposeAsync(body);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (body.ContentType is { } contentType && contentType.Length <= 256 && contentType.All(c => c is >= ' ' and <= '~'))
        {
            http.Response.Headers["X-WeQuick-Content-Type"] = contentType;
        }

        http.Response.ContentLength = body.Length;
        return TypedResults.Stream(body.Content, "application/octet-stream");
    }

    /// <summary>Reads a cursor that is a sequence number (the event log's, the webhook logs'): absent is 0.</summary>
    internal static bool TrySeqCursor(string? cursor, out long seq, out ProblemHttpResult? problem)
    {
        seq = 0;
        problem = null;
        if (cursor is null || long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out seq))
        {
            return true;
        }

        problem = ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-cursor", "Invalid cursor", $"cursor must be a previous page's nextCursor (a whole number ≥ 0), got '{FieldErrors.Shown(cursor)}'");
        return false;
    }

    internal static bool TryLimit(string? text, out int limit, out ProblemHttpResult? problem) =>
        ApiEndpoints.TryLimit(text, Cursors.DefaultLimit, Cursors.MaxLimit, out limit, out problem);

    private static Results<Ok<Page<TView>>, ProblemHttpResult> Answer<TItem, TView>(QueryResult<QueryPage<TItem>> result, Func<TItem, TView> view) =>
        result.Refusal is { } refusal ? ApiProblems.From(refusal) : TypedResults.Ok(result.Value!.Map(view));

    private static bool TryTime(string name, string? text, out DateTimeOffset? time, out ProblemHttpResult? problem)
    {
        time = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            problem = ApiProblems.Problem(400, "invalid-filter", $"Invalid {name}", $"{name} must be an ISO 8601 time such as 2026-01-01T08:00:00Z, got '{text}'");
            return false;
        }

        time = t;
        return true;
    }
}
