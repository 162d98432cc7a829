using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using WeQuick.Protocol;
using WeQuick.Sdk;

namespace WeQuick.Samples.Forwarder;

/// <summary>Which room messages to forward, and to whom.</summary>
public sealed record ForwardRule
{
    /// <summary>The rooms to watch (room ids, <c>…@chatroom</c>). At least one.</summary>
    public IReadOnlyList<string> Rooms { get; init; } = [];

    /// <summary>Who gets the forwarded messages: a contact (or a room).</summary>
    public string To { get; init; } = string.Empty;

    /// <summary>Only messages containing this, ignoring case; null for any.</summary>
    public string? Contains { get; init; }

    /// <summary>Only messages this regular expression matches; null for any.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Only messages from these members; empty for anyone.</summary>
    public IReadOnlyList<string> Senders { get; init; } = [];
}

/// <summary>
/// Forwards messages from chosen rooms to a chosen contact, as <c>[room] sender: text</c>: texts as they are, links with
/// their title and URL, other kinds as a short note. One room's messages arrive in the order they were said.
/// </summary>
public static class Forwarding
{
    /// <summary>Adds a handler for <paramref name="rule"/> to <paramref name="bot"/>.</summary>
    public static WeQuickBot Configure(WeQuickBot bot, ForwardRule rule)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Rooms.Count == 0 || string.IsNullOrWhiteSpace(rule.To))
        {
            throw new ArgumentException("a forward rule needs at least one room and a recipient", nameof(rule));
        }

        var names = new ConcurrentDictionary<(string Account, string Room), string>();
        var handler = bot.OnMessage(async ctx =>
        {
            if (Describe(ctx.Report) is not { } text || !Matches(rule, text))
            {
                return;
            }

            var room = ctx.RoomId!;
            var account = ctx.Account!;
            if (!names.TryGetValue((account, room), out var name))
            {
                name = await RoomNameAsync(ctx.Client, account, room, ctx.CancellationToken);
                names[(account, room)] = name;
            }

            var sender = ctx.Report.Nick is { Length: > 0 } nick ? nick : ctx.SenderId;
            await ctx.Client.SendTextAsync(account, rule.To, Limit($"[{name}] {sender}: {text}"), cancellationToken: ctx.CancellationToken);
        }).InRoom([.. rule.Rooms]);
        if (rule.Senders.Count > 0)
        {
            handler.From([.. rule.Senders]);
        }

        return bot;
    }

    /// <summary>The text a message is forwarded as; null for kinds that are not chat content (notices, system messages).</summary>
    public static string? Describe(MessageReport message) => message switch
    {
        TextMessageReport t => t.Message,
        UrlMessageReport u => $"{u.Title} {u.Url}".Trim(),
        PicMessageReport => "[图片]",
        FileMessageReport => "[文件]",
        VoiceMessageReport => "[语音]",
        VideoMessageReport => "[视频]",
        GifMessageReport => "[表情]",
        CardMessageReport => "[名片]",
        MiniMessageReport => "[小程序]",
        _ => null,
    };

    private static bool Matches(ForwardRule rule, string text) =>
        (rule.Contains is null || text.Contains(rule.Contains, StringComparison.OrdinalIgnoreCase))
        && (rule.Pattern is null || rule.Pattern.IsMatch(text));

    /// <summary>The room's name from the gateway's room list, refreshed from the client once when the room is not in it yet.</summary>
    private static async Task<string> RoomNameAsync(WeQuickClient client, string account, string room, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await foreach (var r in client.EnumerateRoomsAsync(account, cancellationToken: cancellationToken))
            {
                if (r.Wxid == room && r.Nick is { Length: > 0 } name)
                {
                    return name;
                }
            }

            if (attempt == 0)
            {
                await client.RefreshContactsAsync(account, ContactKinds.Rooms, CommandOptions.WaitFor(TimeSpan.FromSeconds(30)), cancellationToken);
            }
        }

        return room;
    }

    private static string Limit(string text) => text.Length <= 10_000 ? text : text[..9_999] + "…";
}
