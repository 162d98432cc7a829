using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Feed;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Queries;

/// <summary>How many documents of each kind are stored for an account.</summary>
internal sealed record StoredCounts(long Contacts, long Rooms, long RoomMembers, long PublicAccounts, long Messages, long FriendRequests, long Transfers, long Uploads);

/// <summary>An account with what is stored for it.</summary>
internal sealed record AccountSummary(AccountDocument Account, StoredCounts Counts);

/// <summary>One entry of the contacts query: a person, or (for <c>type=room</c> and <c>type=public</c>) a room or an official account.</summary>
internal sealed record ContactEntry(ContactDocument? Person, RoomDocument? Room, PublicDocument? Public);

/// <summary>A command with the event that answered it, when one did.</summary>
internal sealed record CommandDetails(StoredCommand Command, FeedEvent? Answer);

/// <summary>
/// The stored state of accounts as typed projection documents: accounts, contacts, rooms and members, friend
/// requests, transfers, instances' QR codes, and commands. Pages are in stable key order with opaque cursors;
/// filters run over the entries in that order, so a page may hold fewer than its limit (a scan stops after
/// <see cref="MaxScan"/> entries); callers keep going until the next cursor is null.
/// </summary>
internal sealed class StateQueries(IGatewayStore store, IPresence presence, EventFeed feed)
{
    /// <summary>The most entries one page looks at before it answers with what it found.</summary>
    public const int MaxScan = 20_000;

    public static readonly string[] ContactTypes = ["friend", "stranger", "blacklisted", "unknown", "imFriend", "deleted", "room", "public"];

    public async Task<IReadOnlyList<AccountSummary>> AccountsAsync(CancellationToken cancellationToken)
    {
        var docs = await store.ReadDocumentsAsync(Collections.Account, null, 10_000, newestFirst: false, cancellationToken);
        var list = new List<AccountSummary>(docs.Count);
        foreach (var doc in docs.OrderBy(d => d.Account, StringComparer.Ordinal))
        {
            list.Add(await SummaryAsync(doc, cancellationToken));
        }

        return list;
    }

    public async Task<AccountSummary?> AccountAsync(string wxid, CancellationToken cancellationToken) =>
        await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is { } doc ? await SummaryAsync(doc, cancellationToken) : null;

    public async Task<bool> AccountExistsAsync(string wxid, CancellationToken cancellationToken) =>
        await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is not null;

    /// <param name="type">friend, stranger, blacklisted or unknown (people of that category), room, public; null: every person.</param>
    public async Task<QueryResult<QueryPage<ContactEntry>>> ContactsAsync(string wxid, string? type, string? q, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (type is not null && !ContactTypes.Contains(type, StringComparer.Ordinal))
        {
            return Cursors.InvalidFilter("Invalid type", $"type must be one of {string.Join(", ", ContactTypes)}, got '{type}'");
        }

        var kind = "contacts:" + (type ?? string.Empty);
        return type switch
        {
            "room" => await PageAsync<RoomDocument, ContactEntry>(wxid, kind, Collections.Room, null, cursor, limit, r => Matches(q, r.Nick, r.Wxid), r => new ContactEntry(null, r, null), cancellationToken),
            "public" => await PageAsync<PublicDocument, ContactEntry>(wxid, kind, Collections.Public, null, cursor, limit, p => Matches(q, p.Nick, p.Wxid), p => new ContactEntry(null, null, p), cancellationToken),
            _ => await PageAsync<ContactDocument, ContactEntry>(wxid, kind, Collections.Contact, null, cursor, limit,
                c => (type is null || c.Category == type) && Matches(q, c.Nick, c.AsName, c.Username, c.Wxid), c => new ContactEntry(c, null, null), cancellationToken),
        };
    }

    public Task<QueryResult<QueryPage<RoomDocument>>> RoomsAsync(string wxid, string? q, string? cursor, int limit, CancellationToken cancellationToken) =>
        PageAsync<RoomDocument, RoomDocument>(wxid, "rooms", Collections.Room, null, cursor, limit, r => Matches(q, r.Nick, r.Wxid), r => r, cancellationToken);

    public Task<QueryResult<QueryPage<MemberDocument>>> MembersAsync(string wxid, string room, string? q, string? cursor, int limit, CancellationToken cancellationToken) =>
        PageAsync<MemberDocument, MemberDocument>(wxid, "members:" + room, Collections.Member, room + "/", cursor, limit, m => Matches(q, m.Nick, m.RoomNick, m.Username, m.Wxid), m => m, cancellationToken);

    public Task<QueryResult<QueryPage<FriendRequestDocument>>> FriendRequestsAsync(string wxid, string? state, string? cursor, int limit, CancellationToken cancellationToken) =>
        PageAsync<FriendRequestDocument, FriendRequestDocument>(wxid, "friend-requests", Collections.FriendRequest, null, cursor, limit, r => state is null || r.State == state, r => r, cancellationToken);

    public Task<QueryResult<QueryPage<TransferDocument>>> TransfersAsync(string wxid, string? state, string? cursor, int limit, CancellationToken cancellationToken) =>
        PageAsync<TransferDocument, TransferDocument>(wxid, "transfers", Collections.Transfer, null, cursor, limit, t => state is null || t.State == state, t => t, cancellationToken);

    /// <summary>
    /// The account's saved items as its latest reportFavitems listed them, in the client's order (none before one came);
    /// a refusal for an unknown account.
    /// </summary>
    public async Task<QueryResult<QueryPage<FavoriteItemDocument>>> FavoritesAsync(string wxid, CancellationToken cancellationToken)
    {
        if (!await AccountExistsAsync(wxid, cancellationToken))
        {
            return Refusal.UnknownAccount(wxid);
        }

        var doc = await DocumentAsync<FavoritesDocument>(Collections.Favorites, wxid, string.Empty, cancellationToken);
        return new QueryPage<FavoriteItemDocument>(doc?.Items ?? [], null);
    }

    /// <summary>The generation of the interface each known instance was heard speaking (v1, v2), by instance id; an instance not yet heard is absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> InstanceGenerationsAsync(CancellationToken cancellationToken)
    {
        var docs = await store.ReadDocumentsAsync(Collections.Instance, string.Empty, 100_000, newestFirst: false, cancellationToken);
        var generations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            if (ProjectionStore.Read<InstanceDocument>(doc.Json) is { Interface: { } generation } instance)
            {
                generations[instance.Id] = generation;
            }
        }

        return generations;
    }

    /// <summary>The stored friend request of <paramref name="requester"/> to <paramref name="wxid"/>.</summary>
    public Task<FriendRequestDocument?> FriendRequestAsync(string wxid, string requester, CancellationToken cancellationToken) =>
        DocumentAsync<FriendRequestDocument>(Collections.FriendRequest, wxid, requester, cancellationToken);

    /// <summary>The stored room <paramref name="room"/> of <paramref name="wxid"/>.</summary>
    public Task<RoomDocument?> RoomAsync(string wxid, string room, CancellationToken cancellationToken) =>
        DocumentAsync<RoomDocument>(Collections.Room, wxid, room, cancellationToken);

    /// <summary>The stored transfer <paramref name="transferId"/> of <paramref name="wxid"/>.</summary>
    public Task<TransferDocument?> TransferAsync(string wxid, string transferId, CancellationToken cancellationToken) =>
        DocumentAsync<TransferDocument>(Collections.Transfer, wxid, transferId, cancellationToken);

    /// <summary>The latest login QR code any instance with <paramref name="pid"/> reported while it is pending, as the client sent it.</summary>
    public async Task<string?> LoginQrCodeAsync(int pid, CancellationToken cancellationToken)
    {
        string? latest = null;
        var latestAt = string.Empty;
        foreach (var instance in presence.Instances().Where(i => i.Pid == pid))
        {
            if (await DocumentAsync<InstanceDocument>(Collections.Instance, string.Empty, instance.Id, cancellationToken) is { QrCode: { Length: > 0 } qr } doc)
            {
                var at = doc.QrAt ?? string.Empty;
                if (latest is null || string.CompareOrdinal(at, latestAt) > 0)
                {
                    (latest, latestAt) = (qr, at);
                }
            }
        }

        return latest;
    }

    /// <summary>A command with its answering event.</summary>
    public async Task<CommandDetails?> CommandAsync(long id, CancellationToken cancellationToken)
    {
        var command = await store.ReadCommandAsync(id, cancellationToken);
        if (command is null)
        {
            return null;
        }

        return new CommandDetails(command, await AnswerAsync(command, cancellationToken));
    }

    /// <summary>The event that answered <paramref name="command"/>, when one did.</summary>
    public async Task<FeedEvent?> AnswerAsync(StoredCommand command, CancellationToken cancellationToken) =>
        command.AnswerSeq is { } seq ? await feed.ReadEventAsync(seq, cancellationToken) : null;

    /// <param name="target">Only commands for this target (an account wxid, or pid:N).</param>
    /// <param name="state">Only commands in this state.</param>
    public async Task<QueryResult<QueryPage<StoredCommand>>> CommandsAsync(string? target, CommandState? state, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (!Cursors.TryRead(cursor, "commands", out var position, out var refusal))
        {
            return refusal!;
        }

        long? before = null;
        if (position is not null)
        {
            if (!long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return new Refusal(RefusalKind.Invalid, "invalid-cursor", "Invalid cursor", "the cursor is not one this gateway gave out; start again without it");
            }

            before = id;
        }

        var rows = await store.ReadCommandsAsync(target, state, before, limit + 1, cancellationToken);
        var next = rows.Count > limit ? Cursors.Make("commands", rows[limit - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new QueryPage<StoredCommand>([.. rows.Take(limit)], next);
    }

    private async Task<AccountSummary> SummaryAsync(ProjectionDocument doc, CancellationToken cancellationToken)
    {
        var counts = await store.CountDocumentsAsync(doc.Account, cancellationToken);
        var messages = await store.CountMessageEventsAsync(doc.Account, cancellationToken);
        long Count(string c) => counts.GetValueOrDefault(c);
        return new AccountSummary(
            ProjectionStore.Read<AccountDocument>(doc.Json),
            new StoredCounts(Count(Collections.Contact), Count(Collections.Room), Count(Collections.Member), Count(Collections.Public), messages,
                Count(Collections.FriendRequest), Count(Collections.Transfer), Count(Collections.Upload)));
    }

    private async Task<T?> DocumentAsync<T>(string collection, string account, string key, CancellationToken cancellationToken)
        where T : class =>
        await store.ReadDocumentAsync(collection, account, key, cancellationToken) is { } doc ? ProjectionStore.Read<T>(doc.Json) : null;

    private Task<QueryResult<QueryPage<TItem>>> PageAsync<TDocument, TItem>(
        string account,
        string kind,
        string collection,
        string? keyPrefix,
        string? cursor,
        int limit,
        Func<TDocument, bool> keep,
        Func<TDocument, TItem> item,
        CancellationToken cancellationToken) =>
        ScanAsync(store, account, kind, cursor, limit, static _ => true, async (after, size) =>
        {
            var docs = await store.ReadDocumentPageAsync(collection, account, after, descending: false, keyPrefix, size, cancellationToken);
            return docs.Select(d => (d.Key, (TDocument?)ProjectionStore.Read<TDocument>(d.Json))).ToList();
        }, keep, item, cancellationToken);

    /// <summary>
    /// One page of a filtered scan: <paramref name="fetch"/> gives the next batch after a position (a null entry is
    /// looked at but is no candidate), <paramref name="keep"/> filters and <paramref name="item"/> makes an item.
    /// Stops once the page is full and one more match shows there is a next page, at the end, or after
    /// <see cref="MaxScan"/> entries with a short page.
    /// </summary>
    internal static async Task<QueryResult<QueryPage<TItem>>> ScanAsync<TEntry, TItem>(
        IGatewayStore store,
        string account,
        string kind,
        string? cursor,
        int limit,
        Func<string, bool> isPosition,
        Func<string?, int, Task<List<(string Key, TEntry? Entry)>>> fetch,
        Func<TEntry, bool> keep,
        Func<TEntry, TItem> item,
        CancellationToken cancellationToken,
        Func<TEntry, long>? weigh = null,
        long maxBytes = long.MaxValue)
    {
        if (!Cursors.TryRead(cursor, kind, out var after, out var refusal))
        {
            return refusal!;
        }

        if (after is not null && !isPosition(after))
        {
            return Cursors.Invalid();
        }

        if (await store.ReadDocumentAsync(Collections.Account, account, string.Empty, cancellationToken) is null)
        {
            return Refusal.UnknownAccount(account);
        }

        var items = new List<TItem>(limit);
        string? lastKept = null, lastScanned = after;
        var scanned = 0;
        long bytes = 0;
        var batchSize = Math.Max(limit + 1, 200);
        while (true)
        {
            var batch = await fetch(lastScanned, batchSize);
            foreach (var (key, entry) in batch)
            {
                scanned++;
                if (entry is not null && keep(entry))
                {
                    if (items.Count == limit || bytes >= maxBytes)
                    {
                        // One more match exists: the page is full and there is a next one.
                        return new QueryPage<TItem>(items, Cursors.Make(kind, lastKept!));
                    }

                    items.Add(item(entry));
                    lastKept = key;
                    // A page also ends once it holds its bytes' worth (weighed when a fetch can say).
                    bytes += weigh?.Invoke(entry) ?? 0;
                }

                lastScanned = key;
            }

            // A fetch that weighs what it reads may cut a batch short; only an empty one then means the end.
            if (batch.Count == 0 || (weigh is null && batch.Count < batchSize))
            {
                return new QueryPage<TItem>(items, null);
            }

            if (scanned >= MaxScan)
            {
                // Scanned enough for one request: a short page, resumed from the last entry looked at.
                return new QueryPage<TItem>(items, Cursors.Make(kind, lastScanned!));
            }
        }
    }

    internal static bool Matches(string? q, params string?[] fields) =>
        string.IsNullOrEmpty(q) || fields.Any(f => f is not null && f.Contains(q, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Which messages a query wants.</summary>
/// <param name="Conversation">Only this conversation (a friend's wxid or a room id).</param>
/// <param name="Sender">Only messages from this wxid.</param>
/// <param name="Kind">Only this report kind.</param>
/// <param name="Since">Only messages received at or after this time.</param>
/// <param name="Until">Only messages received before this time.</param>
/// <param name="Text">Only messages with this text (ignoring case) in a text field of the report.</param>
internal sealed record MessageFilter(string? Conversation = null, string? Sender = null, string? Kind = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Text = null)
{
    public bool Matches(StoredEvent e, MessageReport m) =>
        (Conversation is null || m.ConversationId == Conversation)
        && (Sender is null || m.SenderWxid == Sender)
        && (Kind is null || m.Kind == Kind)
        && (Since is null || e.ReceivedAt >= Since)
        && (Until is null || e.ReceivedAt < Until)
        && (string.IsNullOrEmpty(Text) || MessageDocument.ReportContains(m, Text));
}

/// <summary>A message: the event that brought it and its decoded report.</summary>
/// <param name="Event">The event (its body left out when it was over the inline limit).</param>
/// <param name="Message">The report; for a body left out, a preview: every text field cut to <see cref="GatewayOptions.BodyPreviewChars"/>.</param>
internal sealed record MessageRecord(StoredEvent Event, MessageReport Message)
{
    /// <summary>The stored body's size when it was over the inline limit and the report is a preview; null otherwise.</summary>
    public long? OmittedBodyBytes => Event.OmittedBodyBytes;
}

/// <summary>
/// Messages and conversations, read from the log itself (a message is stored once, as its event; each
/// conversation keeps a pointer to its latest message).
/// </summary>
internal sealed class MessageQueries(IGatewayStore store, EventFeed feed, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    private readonly int _previewChars = options.Value.BodyPreviewChars;
    private readonly DecodeLimits _decodeLimits = Ingestion.ReportIngestor.Limits(options.Value);

    /// <summary>Messages newest first, filtered.</summary>
    public Task<QueryResult<QueryPage<MessageRecord>>> MessagesAsync(string wxid, MessageFilter filter, string? cursor, int limit, CancellationToken cancellationToken) =>
        StateQueries.ScanAsync(store, wxid, "messages", cursor, limit, key => Cursors.TrySeq(key, out _), async (after, size) =>
        {
            // Through the log's index of message events; the filters look at the decoded report.
            var events = await store.ReadMessageEventsAsync(wxid, after is null ? null : long.Parse(after, System.Globalization.CultureInfo.InvariantCulture), size, feed.Limits, cancellationToken);
            var items = new List<(string, MessageRecord?)>(events.Count);
            foreach (var e in events)
            {
                items.Add((Cursors.Seq(e.Seq), await DecodeAsync(e, cancellationToken)));
            }

            return items;
        }, m => filter.Matches(m.Event, m.Message), m => m, cancellationToken, m => m.Event.Body.LongLength, feed.Limits.PageBytes);

    /// <summary>Each conversation with its newest message, the most recently active first.</summary>
    public async Task<QueryResult<QueryPage<MessageRecord>>> ConversationsAsync(string wxid, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (!Cursors.TryRead(cursor, "conversations", out var after, out var refusal))
        {
            return refusal!;
        }

        long? before = null;
        if (after is not null)
        {
            if (!Cursors.TrySeq(after, out var seq))
            {
                return Cursors.Invalid();
            }

            before = seq;
        }

        if (await store.ReadDocumentAsync(Collections.Account, wxid, string.Empty, cancellationToken) is null)
        {
            return Refusal.UnknownAccount(wxid);
        }

        // Each conversation document points at its latest message, which the store reads from the log with it.
        var latest = await store.ReadConversationsAsync(wxid, before, limit + 1, feed.Limits, cancellationToken);

        // The store stops reading once the bodies reach the page's bytes. A cut read keeps its last row for the next
        // page (unless it is the only one), as a read of limit + 1 keeps its extra row: a next page then exists.
        var cut = latest.Count is > 1 && latest.Count <= limit && latest.Sum(e => e.Body.LongLength) >= feed.Limits.PageBytes;
        var shown = latest.Count > limit ? limit : cut ? latest.Count - 1 : latest.Count;
        var items = new List<MessageRecord>(shown);
        foreach (var e in latest.Take(shown))
        {
            if (await DecodeAsync(e, cancellationToken) is { } record)
            {
                items.Add(record);
            }
        }

        var next = shown < latest.Count ? Cursors.Make("conversations", Cursors.Seq(latest[shown - 1].Seq)) : null;
        return new QueryPage<MessageRecord>(items, next);
    }

    private async Task<MessageRecord?> DecodeAsync(StoredEvent e, CancellationToken cancellationToken)
    {
        if (!e.BodyOmitted)
        {
            return feed.Decode(e).Report is MessageReport m ? new MessageRecord(e, m) : null;
        }

        // Too big to serve with the page: its preview, made from the whole body read alone and let go at once.
        var full = await store.ReadEventAsync(e.Seq, cancellationToken);
        return full is not null && BodyPreview.Message(full.Body, full.ContentType, _previewChars, _decodeLimits) is { } preview
            ? new MessageRecord(e, preview)
            : null;
    }
}
