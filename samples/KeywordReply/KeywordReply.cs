using WeQuick.Sdk;

namespace WeQuick.Samples.KeywordReply;

/// <summary>Answers texts that match a rule of the rules file; edits to the file take effect without a restart.</summary>
public static class Keywords
{
    /// <summary>Adds the keyword handler to <paramref name="bot"/>.</summary>
    public static WeQuickBot Configure(WeQuickBot bot, RulesFile rules)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(rules);
        bot.OnText(async ctx =>
        {
            if (ctx.Text is { } text && rules.Current.Match(text, ctx.IsRoom) is { } reply)
            {
                await ctx.ReplyAsync(reply);
            }
        });
        return bot;
    }
}
