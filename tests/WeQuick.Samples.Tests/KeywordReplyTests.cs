using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Agent.Simulation;
using WeQuick.Samples.KeywordReply;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

public sealed class KeywordReplyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wequick-keyword-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Rules_answer_by_scope_and_an_edited_file_takes_effect_without_a_restart()
    {
        var path = Path.Combine(_dir, "rules.json");
        await File.WriteAllTextAsync(path, """
            { "rules": [
                { "exact": "ping", "reply": "pong" },
                { "contains": "价格", "reply": "99 元/月" },
                { "pattern": "^营业时间", "reply": "9:00–18:00", "scope": "rooms" } ] }
            """);
        var rules = new RulesFile(path, NullLogger.Instance, checkEvery: TimeSpan.Zero);
        await using var demo = await Demo.StartAsync();
        using var bot = Keywords.Configure(demo.NewBot(), rules);
        await demo.RunAsync(bot);

        demo.Host.FriendSays("PING ");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "pong", Demo.Deadline);
        demo.Host.FriendSays("请问价格多少？");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "99 元/月", Demo.Deadline);

        // A rooms-only rule: answered in the room, not in private.
        var room = demo.Host.World.LobbyRoom;
        demo.Host.World.Incoming(IncomingKind.Text, demo.Account, room: room, text: "营业时间是？");
        await Demo.EventuallyAsync(async () => (await demo.Client.ListMessagesAsync(demo.Account, new MessageQuery { Conversation = room }))
            .Items.Any(m => m.IsSelf && m.Text == "9:00–18:00"), "the rooms-only rule's answer in the room");
        demo.Host.FriendSays("营业时间是？");

        // Edit the file: the old rule goes, a new one comes.
        await File.WriteAllTextAsync(path, """{ "rules": [ { "contains": "试用", "reply": "已开通" } ] }""");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        demo.Host.FriendSays("ping");
        demo.Host.FriendSays("我想试用");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "已开通", Demo.Deadline);
        Assert.Equal(["pong", "99 元/月", "已开通"], demo.Host.ReceivedBy(demo.Friend).Select(d => d.Text));
        Assert.Empty(demo.Errors.Lines);
    }

    [Fact]
    public void A_broken_edit_keeps_the_rules_in_use()
    {
        var path = Path.Combine(_dir, "rules.json");
        File.WriteAllText(path, """{ "rules": [ { "exact": "ping", "reply": "pong" } ] }""");
        var rules = new RulesFile(path, NullLogger.Instance, checkEvery: TimeSpan.Zero);
        File.WriteAllText(path, """{ "rules": [ { "exact": "ping" """);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("pong", rules.Current.Match("ping", inRoom: false));
    }

    [Theory]
    [InlineData("""{ "rules": [ { "reply": "x" } ] }""", "rule 1: give exactly one of")]
    [InlineData("""{ "rules": [ { "exact": "a", "contains": "b", "reply": "x" } ] }""", "rule 1: give exactly one of")]
    [InlineData("""{ "rules": [ { "exact": "a", "reply": "x" }, { "exact": "b" } ] }""", "rule 2: \"reply\" is empty")]
    [InlineData("""{ "rules": [ { "pattern": "(", "reply": "x" } ] }""", "rule 1: \"pattern\" is not a regular expression")]
    [InlineData("""[1, 2]""", "not a rules file")]
    public void Bad_rules_files_are_refused_with_the_rule_and_the_reason(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => KeywordRules.Parse(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
