using WeQuick.Protocol;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

/// <summary>
/// Issue 17's "done when": one bot on the SDK, one gateway, accounts whose clients speak the first and the second
/// generation in one simulated world; the bot answers a mention on each without knowing which generation it talks to.
/// </summary>
public sealed class MixedGenerationBotTests
{
    [Fact]
    public async Task A_bot_answers_the_mentions_of_both_generations_with_the_mention_each_can_carry()
    {
        // Three accounts, alternating: the first and the third speak the second generation, the second the first.
        await using var demo = await Demo.StartAsync(accounts: 3, generation: InterfaceGenerations.Both);
        var (second, first, other) = (demo.Host.Accounts[0], demo.Host.Accounts[1], demo.Host.Accounts[2]);
        var lobby = demo.Host.World.LobbyRoom;
        await Demo.EventuallyAsync(async () =>
            (await demo.Client.GetAccountAsync(second)).Interface == "v2"
            && (await demo.Client.GetAccountAsync(first)).Interface == "v1"
            && (await demo.Client.GetAccountAsync(other)).Interface == "v2", "the gateway learning each account's generation");

        using var bot = demo.NewBot();
        bot.OnText(ctx => ctx.ReplyAsync("收到", mention: true)).InRoom(lobby).Containing("在吗").MentionsMe();
        await demo.RunAsync(bot);

        // A real mention of the first-generation account: its client shows it as "@nick" in the text, no list of ids.
        await demo.Client.SendTextAsync(second, lobby, "在吗", [first]);
        // A real mention of a second-generation account, by another one.
        await demo.Client.SendTextAsync(other, lobby, "在吗", [second]);

        // The bot answers each in the room, mentioning who asked: a real mention where the client can carry one,
        // "@name" written into the text where it cannot. Neither handler was told which generation it talks to.
        var plain = await ReplyAsync(demo, first);
        Assert.Equal("sendTextMessage", plain.Api);
        Assert.Equal(lobby, plain.Command.GetProperty("wxid").GetString());
        var text = plain.Command.GetProperty("text").GetString();
        Assert.Matches("^@\\S+ 收到$", text);
        Assert.DoesNotContain(second, text, StringComparison.Ordinal);

        var at = await ReplyAsync(demo, second);
        Assert.Equal("sendAtTextMessage", at.Api);
        Assert.Equal(lobby, at.Command.GetProperty("wxid").GetString());
        Assert.Equal("{$@} 收到", at.Command.GetProperty("text").GetString());
        Assert.Equal([other], at.Command.GetProperty("atList").EnumerateArray().Select(e => e.GetString()));

        // Only those two were mentioned: the third account's bot saw both texts and answered neither.
        Assert.DoesNotContain((await demo.Client.ListCommandsAsync(new CommandQuery { Target = other })).Items, c => c.Api.StartsWith("send", StringComparison.Ordinal) && c.Command.ToString().Contains("收到", StringComparison.Ordinal));
        Assert.Empty(demo.Errors.Lines);
    }

    /// <summary>The bot's reply from <paramref name="account"/>, once it has been handed to the client and run.</summary>
    private static async Task<CommandRecord> ReplyAsync(Demo demo, string account)
    {
        CommandRecord? reply = null;
        await Demo.EventuallyAsync(async () =>
        {
            var commands = (await demo.Client.ListCommandsAsync(new CommandQuery { Target = account })).Items;
            reply = commands.FirstOrDefault(c => c.Api.StartsWith("send", StringComparison.Ordinal) && c.Command.ToString().Contains("收到", StringComparison.Ordinal));
            return reply is { State: CommandState.Completed };
        }, $"the bot's reply from {account} completed");
        return reply!;
    }
}
