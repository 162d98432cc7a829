using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Ingestion;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>A page of query results, in the query's stable order.</summary>
/// <param name="Items">This page's items (a filtered page may hold fewer than limit; keep going until nextCursor is left out).</param>
/// <param name="NextCursor">Pass as ?cursor= for the next page; left out on the last one.</param>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A page of messages.</summary>
/// <param name="Account">The account whose messages these are.</param>
/// <param name="Items">The messages, newest first.</param>
/// <param name="NextCursor">Pass as ?cursor= for the next (older) page; left out on the last one.</param>
/// <param name="Messages">The same messages, oldest first (the form of the first API stage).</param>
internal sealed record MessagePage(string Account, IReadOnlyList<MessageView> Items, string? NextCursor, IReadOnlyList<MessageView> Messages);

/// <summary>
/// Queries over the stored projections (and, for messages, over the log itself), under
/// <c>/api/v1/accounts/{wxid}/…</c> and <c>/api/v1/commands</c>: stable key order, opaque cursors, bounded
/// limits. Filters run over the entries in key order, so a page may hold fewer than <c>limit</c> items (a scan
/// stops after <see cref="MaxScan"/> entries); keep going until <c>nextCursor</c> is null.
/// </summary>
internal static class QueryEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const int MaxScan = 20_000;

    private static readonly string[] ContactTypes = ["friend", "stranger", "blacklisted", "unknown", "room", "public"];

    public static RouteGroupBuilder MapQueryEndpoints(this RouteGroupBuilder api)
    {
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
        api.MapGet("/commands", CommandsAsync)
            .Query("ListCommands", "Commands", "List command records", "Newest first; ?account= (a target) and ?state= filter.", account: false);
        return api;
    }

    /// <summary>The names and problems of a query endpoint, for the OpenAPI document.</summary>
    internal static RouteHandlerBuilder Query(this RouteHandlerBuilder endpoint, string name, string tag, string summary, string description, bool account = true)
    {
        endpoint.WithName(name).WithTags(tag).WithSummary(summary)
            .WithDescription(description + $" Pages hold up to limit items (1-{MaxLimit}, default {DefaultLimit}); pass nextCursor as ?cursor= for the next one.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return account ? endpoint.ProducesProblem(StatusCodes.Status404NotFound) : endpoint;
    }

    /// <param name="wxid">The account's wxid.</param>
    /// <param name="type">friend, stranger, blacklisted or unknown (contacts of that category), room (rooms instead), public (official accounts instead); absent: every person.</param>
    /// <param name="q">Case-insensitive text to find in nick, remark, username or wxid.</param>
    /// <param name="cursor">nextCursor of the previous page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    internal static async Task<Results<Ok<Page<ContactView>>, ProblemHttpResult>> ContactsAsync(string wxid, string? type, string? q, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken)
    {
        if (type is not null && !ContactTypes.Contains(type, StringComparer.Ordinal))
        {
            return ApiProblems.Problem(400, "invalid-filter", "Invalid type", $"type must be one of {string.Join(", ", ContactTypes)}, got '{type}'");
        }

        var collection = type switch
        {
            "room" => Collections.Room,
            "public" => Collections.Public,
            _ => Collections.Contact,
        };
        var category = collection == Collections.Contact ? type : null;
        return await DocumentPageAsync<ContactView>(store, wxid, "contacts:" + (type ?? string.Empty), collection, null, false, cursor, limit, o =>
            (category is null || Str(o, "category") == category) && Matches(q, Str(o, "nick"), Str(o, "asName"), Str(o, "remark"), Str(o, "username"), Str(o, "wxid")), cancellationToken);
    }

    internal static Task<Results<Ok<Page<RoomView>>, ProblemHttpResult>> RoomsAsync(string wxid, string? q, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken) =>
        DocumentPageAsync<RoomView>(store, wxid, "rooms", Collections.Room, null, false, cursor, limit, o => Matches(q, Str(o, "nick"), Str(o, "asName"), Str(o, "wxid")), cancellationToken);

    internal static Task<Results<Ok<Page<MemberView>>, ProblemHttpResult>> MembersAsync(string wxid, string room, string? q, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken) =>
        DocumentPageAsync<MemberView>(store, wxid, "members:" + room, Collections.Member, room + "/", false, cursor, limit, o => Matches(q, Str(o, "nick"), Str(o, "roomNick"), Str(o, "username"), Str(o, "wxid")), cancellationToken);

    internal static Task<Results<Ok<Page<FriendRequestView>>, ProblemHttpResult>> FriendRequestsAsync(string wxid, string? state, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken) =>
        DocumentPageAsync<FriendRequestView>(store, wxid, "friend-requests", Collections.FriendRequest, null, false, cursor, limit, o => state is null || Str(o, "state") == state, cancellationToken);

    internal static Task<Results<Ok<Page<TransferView>>, ProblemHttpResult>> TransfersAsync(string wxid, string? state, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken) =>
        DocumentPageAsync<TransferView>(store, wxid, "transfers", Collections.Transfer, null, false, cursor, limit, o => state is null || Str(o, "state") == state, cancellationToken);

    /// <summary>Messages newest first, filtered; the first stage's <c>?limit=N</c> form keeps working.</summary>
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
        IGatewayStore store,
        IOptions<GatewayOptions> options,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null, to = null;
        if (since is not null)
        {
            if (!TryTime(since, out var t))
            {
                return ApiProblems.Problem(400, "invalid-filter", "Invalid since", $"since must be an ISO 8601 time such as 2026-01-01T08:00:00Z, got '{since}'");
            }

            from = t;
        }

        if (until is not null)
        {
            if (!TryTime(until, out var t))
            {
                return ApiProblems.Problem(400, "invalid-filter", "Invalid until", $"until must be an ISO 8601 time such as 2026-01-01T08:00:00Z, got '{until}'");
            }

            to = t;
        }

        // Messages are read from the log (newest first through its index of message events); the filters look at
        // the decoded report, and only a message that passes them is made into a document.
        var limits = ReportIngestor.Limits(options.Value);
        var page = await ScanPageAsync<MessageEntry, MessageView>(store, wxid, "messages", cursor, limit, key => TrySeqKey(key, out _), async (after, size) =>
        {
            var events = await store.ReadMessageEventsAsync(wxid, after is null ? null : long.Parse(after, CultureInfo.InvariantCulture), size, cancellationToken);
            return events.Select(e => (SeqKey(e.Seq), MessageDocument.Decode(e, limits) is { } m ? new MessageEntry(e, m) : null)).ToList();
        }, x =>
        {
            var (e, m) = (x.Event, x.Message);
            if ((conversation is not null && m.ConversationId != conversation) || (sender is not null && m.SenderWxid != sender) || (kind is not null && m.Kind != kind))
            {
                return false;
            }

            if ((from is not null && e.ReceivedAt < from) || (to is not null && e.ReceivedAt >= to))
            {
                return false;
            }

            return string.IsNullOrEmpty(q) || MessageDocument.ReportContains(m, q);
        }, x => StoredViews.Read<MessageView>(x.Document), cancellationToken);
        if (page.Result is Ok<Page<MessageView>> ok)
        {
            var items = ok.Value!.Items;
            return TypedResults.Ok(new MessagePage(wxid, items, ok.Value.NextCursor, [.. items.Reverse()]));
        }

        return (ProblemHttpResult)page.Result;
    }

    internal static async Task<Results<Ok<Page<ConversationView>>, ProblemHttpResult>> ConversationsAsync(string wxid, string? cursor, string? limit, IGatewayStore store, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (!TryLimit(limit, out var n, out var problem) || !TryCursor(cursor, "conversations", out var after, out problem))
        {
            return problem!;
        }

        long? before = null;
        if (after is not null)
        {
            if (!TrySeqKey(after, out var seq))
            {
                return InvalidCursor();
            }

            before = seq;
        }

        if (await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is null)
        {
            return ApiProblems.UnknownAccount(wxid);
        }

        // Each conversation document points at its latest message, which the store reads from the log with it.
        var limits = ReportIngestor.Limits(options.Value);
        var latest = await store.ReadConversationsAsync(wxid, before, n + 1, cancellationToken);
        var items = new List<ConversationView>();
        foreach (var e in latest.Take(n))
        {
            if (MessageDocument.Decode(e, limits) is { } m)
            {
                var message = StoredViews.Read<MessageView>(new MessageEntry(e, m).Document);
                items.Add(new ConversationView { Conversation = message.Conversation, IsRoom = message.IsRoom, LastAt = message.At, LastMessage = message });
            }
        }

        var next = latest.Count > n ? Cursor("conversations", SeqKey(latest[n - 1].Seq)) : null;
        return TypedResults.Ok(new Page<ConversationView>(items, next));
    }

    /// <param name="account">Only commands for this target (an account wxid, or pid:N).</param>
    /// <param name="state">Only commands in this state: queued, delivered, acknowledged, completed, failed or expired.</param>
    /// <param name="cursor">nextCursor of the previous page.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    internal static async Task<Results<Ok<Page<CommandView>>, ProblemHttpResult>> CommandsAsync(string? account, string? state, string? cursor, string? limit, IGatewayStore store, CancellationToken cancellationToken)
    {
        if (!TryLimit(limit, out var n, out var problem) || !TryCursor(cursor, "commands", out var after, out problem))
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

        long? before = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ApiProblems.Problem(400, "invalid-cursor", "Invalid cursor", "the cursor is not one this gateway gave out; start again without it");
            }

            before = id;
        }

        var rows = await store.ReadCommandsAsync(account, filter, before, n + 1, cancellationToken);
        var items = rows.Take(n).Select(c => CommandView.From(c, null)).ToList();
        var next = rows.Count > n ? Cursor("commands", rows[n - 1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<CommandView>(items, next));
    }

    private static Task<Results<Ok<Page<T>>, ProblemHttpResult>> DocumentPageAsync<T>(
        IGatewayStore store,
        string account,
        string cursorKind,
        string collection,
        string? keyPrefix,
        bool descending,
        string? cursor,
        string? limit,
        Func<JsonObject, bool> keep,
        CancellationToken cancellationToken) =>
        ScanPageAsync<JsonObject, T>(store, account, cursorKind, cursor, limit, static _ => true, async (after, size) =>
        {
            var docs = await store.ReadDocumentPageAsync(collection, account, after, descending, keyPrefix, size, cancellationToken);
            return docs.Select(d => (d.Key, (JsonObject?)JsonNode.Parse(d.Json)!.AsObject())).ToList();
        }, keep, StoredViews.Read<T>, cancellationToken);

    /// <summary>
    /// One page of a filtered scan: <paramref name="fetch"/> gives the next batch after a key (a null entry is
    /// looked at but is no candidate), <paramref name="keep"/> filters and <paramref name="view"/> makes an item.
    /// Stops once the page is full and one more match shows there is a next page, at the end, or after
    /// <see cref="MaxScan"/> entries with a short page.
    /// </summary>
    private static async Task<Results<Ok<Page<T>>, ProblemHttpResult>> ScanPageAsync<TEntry, T>(
        IGatewayStore store,
        string account,
        string cursorKind,
        string? cursor,
        string? limit,
        Func<string, bool> isKey,
        Func<string?, int, Task<List<(string Key, TEntry? Entry)>>> fetch,
        Func<TEntry, bool> keep,
        Func<TEntry, T> view,
        CancellationToken cancellationToken)
    {
        if (!TryLimit(limit, out var n, out var problem) || !TryCursor(cursor, cursorKind, out var after, out problem))
        {
            return problem!;
        }

        if (after is not null && !isKey(after))
        {
            return InvalidCursor();
        }

        if (await store.ReadDocumentAsync(Collections.Account, account, string.Empty, cancellationToken) is null)
        {
            return ApiProblems.UnknownAccount(account);
        }

        var items = new List<T>(n);
        string? lastKept = null, lastScanned = after;
        var scanned = 0;
        var batchSize = Math.Max(n + 1, 200);
        while (true)
        {
            var batch = await fetch(lastScanned, batchSize);
            foreach (var (key, o) in batch)
            {
                scanned++;
                if (o is not null && keep(o))
                {
                    if (items.Count == n)
                    {
                        // One more match exists: the page is full and there is a next one.
                        return TypedResults.Ok(new Page<T>(items, Cursor(cursorKind, lastKept!)));
                    }

                    items.Add(view(o));
                    lastKept = key;
                }

                lastScanned = key;
            }

            if (batch.Count < batchSize)
            {
                return TypedResults.Ok(new Page<T>(items, null));
            }

            if (scanned >= MaxScan)
            {
                // Scanned enough for one request: a short page, resumed from the last entry looked at.
                return TypedResults.Ok(new Page<T>(items, Cursor(cursorKind, lastScanned!)));
            }
        }
    }

    /// <summary>A message's cursor key: its seq, fixed-width so the keys of older pages compare as they always have.</summary>
    private static string SeqKey(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    private static bool TrySeqKey(string key, out long seq) => long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out seq) && seq > 0;

    /// <summary>A message event and its decoded report; its document is made only when something asks for it.</summary>
    private sealed class MessageEntry(StoredEvent e, MessageReport m)
    {
        private JsonObject? _document;

        public StoredEvent Event => e;

        public MessageReport Message => m;

        public JsonObject Document => _document ??= JsonNode.Parse(MessageDocument.Write(e, m))!.AsObject();
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Matches(string? q, params string?[] fields) =>
        string.IsNullOrEmpty(q) || fields.Any(f => f is not null && f.Contains(q, StringComparison.OrdinalIgnoreCase));

    private static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    internal static bool TryLimit(string? text, out int limit, out ProblemHttpResult? problem) =>
        ApiEndpoints.TryLimit(text, DefaultLimit, MaxLimit, out limit, out problem);

    /// <summary>Cursors are base64url of <c>kind:key</c>: opaque to callers, checked against the query they came from.</summary>
    private static string Cursor(string kind, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + "\n" + key));

    private static ProblemHttpResult InvalidCursor() =>
        ApiProblems.Problem(400, "invalid-cursor", "Invalid cursor", "the cursor is not one this query gave out; pass nextCursor from the previous page unchanged, with the same filters' path");

    private static bool TryCursor(string? cursor, string kind, out string? key, out ProblemHttpResult? problem)
    {
        key = null;
        problem = null;
        if (cursor is null)
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split > 0 && text[..split] == kind)
            {
                key = text[(split + 1)..];
                return true;
            }
        }
        catch (FormatException)
        {
        }

        problem = InvalidCursor();
        return false;
    }


}
