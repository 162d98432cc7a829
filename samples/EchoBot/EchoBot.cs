using WeQuick.Sdk;

namespace WeQuick.Samples.EchoBot;

/// <summary>Answers every private text with the same text. The smallest useful bot: run it, then write to the account.</summary>
public static class Echo
{
    /// <summary>Adds the echo handler to <paramref name="bot"/>.</summary>
    public static WeQuickBot Configure(WeQuickBot bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        // Own messages are skipped by default, so the bot never answers itself.
        bot.OnText(ctx => ctx.ReplyAsync(ctx.Report.Message ?? string.Empty)).InPrivate().Where(ctx => !string.IsNullOrWhiteSpace(ctx.Text));
        return bot;
    }
}
