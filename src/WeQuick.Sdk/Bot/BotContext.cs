using Microsoft.Extensions.Logging;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// What a handler or middleware gets for one event: the event, its typed report, the account and the
/// conversation, ways to answer (<see cref="ReplyAsync"/>, <see cref="AcceptAsync"/>) and the client for anything else.
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
    /// otherwise null.
    /// </summary>
    public string? ConversationId => Event.Report switch
    {
        MessageReport m => m.ConversationId,
        FriendAddRequestReport f => f.Wxid,
        _ => null,
    };

    /// <summary>Who sent the message (a room member, or the peer); the requester of a friend request.</summary>
    public string? SenderId => Event.Report switch
    {
        MessageReport m => m.SenderWxid,
        FriendAddRequestReport f => f.Wxid,
        _ => null,
    };

    /// <summary>The room, for a room message; null otherwise.</summary>
    public string? RoomId => (Event.Report as MessageReport)?.Room;

    /// <summary>True for a message in a room.</summary>
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

    /// <summary>True when the text mentions the account (<c>@nick</c>, with the account's nickname or one of <see cref="WeQuickBotOptions.MentionNames"/>).</summary>
    public async Task<bool> MentionsMeAsync()
    {
        if (Text is not { Length: > 0 } text || Account is not { } account || !text.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var name in await Bot.NamesOfAsync(account, CancellationToken))
        {
            if (Mentions(text, name))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool Mentions(string text, string name)
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
    internal BotContext(WeQuickBot bot, GatewayEvent gatewayEvent, TReport report, IDictionary<string, object?> items, CancellationToken cancellationToken)
        : base(bot, gatewayEvent, items, cancellationToken)
    {
        Report = report;
    }

    /// <summary>The event's report.</summary>
    public new TReport Report { get; }
}

/// <summary>The context of <see cref="WeQuickBot.OnRoomMemberJoined"/>: the room notice and who joined.</summary>
public sealed class RoomJoinContext : BotContext<ChatroomMessageReport>
{
    internal RoomJoinContext(WeQuickBot bot, GatewayEvent gatewayEvent, ChatroomMessageReport report, RoomMemberJoin join, IDictionary<string, object?> items, CancellationToken cancellationToken)
        : base(bot, gatewayEvent, report, items, cancellationToken)
    {
        Join = join;
    }

    /// <summary>Who joined, invited by whom.</summary>
    public RoomMemberJoin Join { get; }
}
