using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// What a handler or middleware gets for one event: the event, its typed report, the account and the
/// conversation, ways to answer (<see cref="ReplyAsync(string, CommandOptions?)"/>, <see cref="AcceptAsync"/>) and the client for anything else.
/// </summary>
public class BotContext
{
    internal BotContext(WeQuickBot bot, GatewayEvent gatewayEvent, IDictionary<string, object?> items, CancellationToken cancellationToken)
    {
        Bot = bot;
        Event = gatewayEvent;
        Items = items;
        CancellationToken = cancellationToken;
    }

    /// <summary>A context for the same event, sharing what the first found out (its items, whether it mentions the account).</summary>
    internal BotContext(BotContext from)
        : this(from.Bot, from.Event, from.Items, from.CancellationToken)
    {
        _mentioned = from._mentioned;
    }

    private bool? _mentioned;

    /// <summary>The bot running the handler.</summary>
    public WeQuickBot Bot { get; }

    /// <summary>The client, for any other call of the developer API.</summary>
    public WeQuickClient Client => Bot.Client;

    /// <summary>The event being handled.</summary>
    public GatewayEvent Event { get; }

    /// <summary>The event's report, typed; null for gateway events and undecodable ones.</summary>
    public Report? Report => Event.Report;

    /// <summary>The bot account the event belongs to (the one that answers).</summary>
    public string? Account => Event.Account ?? Event.Report?.Account;

    /// <summary>
    /// The conversation: for a message the room, or the peer of a private chat; for a friend request the requester;
    /// for a second-generation report about a room's members (joined, left, listed) or the account leaving it, the room;
    /// otherwise null.
    /// </summary>
    public string? ConversationId => ConversationOf(Event.Report);

    /// <summary>Who sent the message (a room member, or the peer); the requester of a friend request.</summary>
    public string? SenderId => Event.Report switch
    {
        MessageReport m => m.SenderWxid,
        FriendAddRequestReport f => f.Wxid,
        _ => null,
    };

    /// <summary>The room, for a room message or a second-generation report about a room's members or the account leaving it; null otherwise.</summary>
    public string? RoomId => Event.Report switch
    {
        MessageReport m => m.Room,
        RoomMembersReport r => r.Wxid,
        ChatRoomQuitReport q => q.RoomWxid,
        _ => null,
    };

    /// <summary>True for a message in a room (or a report about a room's members).</summary>
    public bool IsRoom => RoomId is not null;

    /// <summary>True for a message the account itself sent.</summary>
    public bool IsSelf => Event.Report is MessageReport { IsSelf: true };

    /// <summary>The text of a text message (or of a room or system notice); null for other kinds.</summary>
    public string? Text => Event.Report switch
    {
        TextMessageReport t => t.Message,
        ChatroomMessageReport n => n.Message,
        SystemMessageReport s => s.Message,
        _ => null,
    };

    /// <summary>
    /// The wxids a text mentions, as the client reported them (<c>atlist</c>, second generation). Empty when it
    /// mentions no one, and always for a first-generation client, which reports only the text: there a mention is
    /// <c>@nick</c> in <see cref="Text"/>, and a nickname is not a wxid (see <see cref="IsMentioned"/>).
    /// </summary>
    public IReadOnlyList<string> Mentions => Event.Report is TextMessageReport { AtList: { } mentions } ? mentions : [];

    /// <summary>
    /// True when the text mentions the bot's account. Where the client reported the mentions (<c>atlist</c>, second
    /// generation) that says it; otherwise the text is searched for <c>@nick</c>, with the account's nickname or one of
    /// <see cref="WeQuickBotOptions.MentionNames"/>, ended by a space, WeChat's U+2005 or the end of the text.
    /// The bot finds this out before the event's middleware runs.
    /// </summary>
    public bool IsMentioned => _mentioned ?? MentionedByReport() ?? MentionedInText(Bot.KnownNamesOf(Account));

    /// <summary>Stops when the bot stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>State shared by the middleware and handlers of this one event.</summary>
    public IDictionary<string, object?> Items { get; }

    /// <summary>The bot's logger.</summary>
    public ILogger Logger => Bot.Logger;

    /// <summary>Sends a text to the conversation: the room for a room message, the sender otherwise.</summary>
    /// <param name="text">1 to 10,000 characters.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <exception cref="InvalidOperationException">The event has no conversation (not a message or friend request).</exception>
    public Task<CommandRecord> ReplyAsync(string text, CommandOptions? options = null)
    {
        var account = Account ?? throw new InvalidOperationException($"a {Event.Kind} event has no account to reply from");
        var to = ConversationId ?? throw new InvalidOperationException($"a {Event.Kind} event has no conversation to reply to");
        return Client.SendTextAsync(account, to, text, options, CancellationToken);
    }

    /// <summary>
    /// Sends a text to the conversation; in a room, with <paramref name="mention"/> true, it mentions whom the event is
    /// about: the sender of a message, the members who joined (<see cref="WeQuickBot.OnRoomMemberJoined"/>). How depends
    /// on the account's client, which the bot finds out by itself (<c>interface</c> of the account on the gateway): a
    /// second-generation client gets a real mention (<c>sendAtTextMessage</c> with the members' wxids); any other, a
    /// first-generation one or one whose generation the gateway does not know yet, gets a plain text that starts with
    /// <c>@nick </c> per member (the name they have in the room when known), which every client can send. If the gateway
    /// refuses the mention (<c>generation-unsupported</c>: the account's client changed), the plain text goes instead.
    /// Outside a room, or when the event is about no one else, the text goes without mentions.
    /// </summary>
    /// <param name="text">1 to 10,000 characters.</param>
    /// <param name="mention">Whether to mention whom the event is about.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <exception cref="InvalidOperationException">The event has no conversation (not a message or friend request).</exception>
    public Task<CommandRecord> ReplyAsync(string text, bool mention, CommandOptions? options = null) =>
        mention ? ReplyMentioningAsync(text, Addressees, options) : ReplyAsync(text, options);

    /// <summary>
    /// Sends a text to the room that mentions the members <paramref name="mention"/> names, as
    /// <see cref="ReplyAsync(string, bool, CommandOptions?)"/> does: a real mention on a second-generation client, a text
    /// starting with <c>@nick </c> per member on a first-generation one (their names looked up in the room's stored
    /// members). Outside a room the text goes without mentions.
    /// </summary>
    /// <param name="text">1 to 10,000 characters.</param>
    /// <param name="mention">The wxids of the members to mention, 1 to 50 (none sends the text without mentions).</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <exception cref="InvalidOperationException">The event has no conversation (not a message or friend request).</exception>
    public Task<CommandRecord> ReplyAsync(string text, IReadOnlyList<string> mention, CommandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var known = Addressees;
        return ReplyMentioningAsync(text, [.. mention.Select(w => new Addressee(w, known.FirstOrDefault(a => a.Wxid == w)?.Name))], options);
    }

    /// <summary>Whom the event is about, for a reply that mentions them: the sender of a message; nobody by default.</summary>
    internal virtual IReadOnlyList<Addressee> Addressees => Event.Report is MessageReport m && !m.IsSelf && SenderId is { } sender
        ? [new Addressee(sender, m.Nick)]
        : [];

    private async Task<CommandRecord> ReplyMentioningAsync(string text, IReadOnlyList<Addressee> mention, CommandOptions? options)
    {
        var account = Account ?? throw new InvalidOperationException($"a {Event.Kind} event has no account to reply from");
        if (RoomId is not { } room || mention.Count == 0)
        {
            return await ReplyAsync(text, options);
        }

        if (mention.All(a => a.Wxid is not null) && await Bot.IsSecondGenerationAsync(account, CancellationToken))
        {
            try
            {
                return await Client.SendTextAsync(account, room, text, [.. mention.Select(a => a.Wxid!)], options, CancellationToken);
            }
            catch (WeQuickApiException ex) when (ex.Slug == "generation-unsupported")
            {
                // The account's client changed to a first-generation one: remember it, and write the mentions into the text.
                Bot.RememberFirstGeneration(account);
            }
        }

        var unnamed = mention.Where(a => a.Name is not { Length: > 0 }).Select(a => a.Wxid!).ToHashSet(StringComparer.Ordinal);
        var looked = unnamed.Count > 0 ? await Bot.RoomNamesOfAsync(account, room, unnamed, CancellationToken) : null;
        var names = mention.Select(a => a.Name is { Length: > 0 } name ? name : looked![a.Wxid!]);
        return await Client.SendTextAsync(account, room, string.Concat(names.Select(n => "@" + n + " ")) + text, options, CancellationToken);
    }

    /// <summary>Accepts what the event offers: a friend request (by its tickets) or a transfer (by its id and sender).</summary>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <exception cref="InvalidOperationException">The event is neither a friend request nor a transfer.</exception>
    public Task<CommandRecord> AcceptAsync(CommandOptions? options = null)
    {
        var account = Account ?? throw new InvalidOperationException($"a {Event.Kind} event has no account");
        return Event.Report switch
        {
            FriendAddRequestReport { V1: { } v1, V2: { } v2 } => Client.AcceptFriendRequestAsync(account, v1, v2, options, CancellationToken),
            FriendAddRequestReport { Wxid: { } requester } => Client.AcceptFriendRequestFromAsync(account, requester, options, CancellationToken),
            TransferMessageReport { TransferId: { } id } t => Client.AcceptTransferAsync(account, id, t.IsSelf ? null : t.SenderWxid, options, CancellationToken),
            _ => throw new InvalidOperationException($"there is nothing to accept in a {Event.Kind} event; AcceptAsync takes friend requests and transfers"),
        };
    }

    /// <summary>The same as <see cref="IsMentioned"/>, kept for bots written before it (it looks up the account's nickname if not known yet).</summary>
    public async Task<bool> MentionsMeAsync()
    {
        await ResolveMentionAsync();
        return IsMentioned;
    }

    /// <summary>Finds out whether the event mentions the account: from the report's mentions, else from its text (which may need the account's names).</summary>
    internal async ValueTask ResolveMentionAsync()
    {
        if (_mentioned is not null)
        {
            return;
        }

        _mentioned = MentionedByReport()
            ?? (Account is { } account && Text is { } text && text.Contains('@', StringComparison.Ordinal)
                ? MentionedInText(await Bot.NamesOfAsync(account, CancellationToken))
                : false);
    }

    /// <summary>What the report itself says: whether its <c>atlist</c> holds the account; null when it has none.</summary>
    private bool? MentionedByReport() => Event.Report is TextMessageReport { AtList: { } mentions }
        ? Account is { } account && mentions.Contains(account, StringComparer.Ordinal)
        : null;

    private bool MentionedInText(IReadOnlyList<string> names)
    {
        if (Text is not { Length: > 0 } text || !text.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var name in names)
        {
            if (MentionsName(text, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The conversation a report belongs to (see <see cref="ConversationId"/>).</summary>
    internal static string? ConversationOf(Report? report) => report switch
    {
        MessageReport m => m.ConversationId,
        FriendAddRequestReport f => f.Wxid,
        RoomMembersReport r => r.Wxid,
        ChatRoomQuitReport q => q.RoomWxid,
        _ => null,
    };

    internal static bool MentionsName(string text, string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var at = "@" + name;
        for (var i = text.IndexOf(at, StringComparison.Ordinal); i >= 0; i = text.IndexOf(at, i + 1, StringComparison.Ordinal))
        {
            var end = i + at.Length;
            // WeChat ends a mention with U+2005 (four-per-em space); typed ones end with a space or the text.
            if (end == text.Length || text[end] is '\u2005' or ' ' or '\u00A0' or '\n')
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The context of a handler registered for <typeparamref name="TReport"/>: the report comes typed.</summary>
/// <typeparam name="TReport">The Protocol report type the handler takes.</typeparam>
public class BotContext<TReport> : BotContext
    where TReport : Report
{
    internal BotContext(BotContext from, TReport report)
        : base(from)
    {
        Report = report;
    }

    /// <summary>The event's report.</summary>
    public new TReport Report { get; }
}

/// <summary>Someone a reply can mention: a wxid, a name, or both.</summary>
internal sealed record Addressee(string? Wxid, string? Name);

/// <summary>
/// The context of <see cref="WeQuickBot.OnRoomMemberJoined"/>: who joined, and the report that said so (a
/// <see cref="ChatroomMessageReport"/> notice from a first-generation client; a <see cref="ChatRoomMemberAddReport"/>
/// or <see cref="NewChatRoomReport"/> from a second-generation one).
/// </summary>
public sealed class RoomJoinContext : BotContext<Report>
{
    internal RoomJoinContext(BotContext from, RoomMemberJoin join)
        : base(from, from.Report!)
    {
        Join = join;
    }

    /// <summary>Who joined, invited by whom.</summary>
    public RoomMemberJoin Join { get; }

    /// <summary>A reply that mentions someone mentions who joined (not the account itself).</summary>
    internal override IReadOnlyList<Addressee> Addressees => Join.Wxids.Count == Join.Names.Count && Join.Wxids.Count > 0
        ? [.. Join.Wxids.Zip(Join.Names, (w, n) => new Addressee(w, n))]
        : [.. Join.Names.Select(n => new Addressee(null, n))];
}

/// <summary>
/// The context of <see cref="WeQuickBot.OnRoomMemberLeft"/>: who left, and the report that said so (a
/// <see cref="ChatroomMessageReport"/> notice from a first-generation client; a <see cref="ChatRoomMemberDelReport"/>
/// or <see cref="ChatRoomQuitReport"/> from a second-generation one).
/// </summary>
public sealed class RoomLeaveContext : BotContext<Report>
{
    internal RoomLeaveContext(BotContext from, RoomMemberLeave leave)
        : base(from, from.Report!)
    {
        Leave = leave;
    }

    /// <summary>Who left, removed by whom when known.</summary>
    public RoomMemberLeave Leave { get; }
}
