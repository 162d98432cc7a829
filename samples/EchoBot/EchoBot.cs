using Microsoft.Extensions.Logging;
using WeQuick.Sdk;

namespace WeQuick.Samples.EchoBot;

/// <summary>Answers every private text with the same text. The smallest useful bot: run it, then write to the account.</summary>
public static partial class Echo
{
    /// <summary>Adds the echo handler to <paramref name="bot"/>; it logs each text it echoes at Information, and nothing for the events it leaves alone.</summary>
    public static WeQuickBot Configure(WeQuickBot bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        // Own messages are skipped by default, so the bot never answers itself.
        bot.OnText(async ctx =>
        {
            var text = ctx.Report.Message ?? string.Empty;
            await ctx.ReplyAsync(text);
            LogEchoed(ctx.Logger, ctx.Event.Seq, ctx.ConversationId, text.Length);
        }).InPrivate().Where(ctx => !string.IsNullOrWhiteSpace(ctx.Text));
        return bot;
    }

    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Echoed the text of event {Seq} to {Conversation} ({Length} characters)")]
    private static partial void LogEchoed(ILogger logger, long seq, string? conversation, int length);
}
