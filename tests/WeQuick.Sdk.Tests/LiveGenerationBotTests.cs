using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>
/// One bot, two clients of different generations posting reports to the live gateway's client endpoint: mentions,
/// replies that mention, and members joining and leaving reach the same handlers, which never ask which generation
/// they talk to.
/// </summary>
[Collection(LiveGatewayGroup.Name)]
public sealed class LiveGenerationBotTests(LiveGateway live)
{
    private const string Member = "wxid_gen_member";
    private const string MemberRoomNick = "阿明";

    private static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_second_and_a_first_generation_account_get_mentions_replies_and_member_events_through_the_same_handlers()
    {
        var v2 = new FakeClient(live, Unique("wxid_gen2"), "二代机器人" + Unique(""));
        var v1 = new FakeClient(live, Unique("wxid_gen1"), "一代机器人" + Unique(""));
        var room2 = Unique("2") + "@chatroom";
        var room1 = Unique("1") + "@chatroom";

        // The second-generation client says so with its login report's second-generation fields; the first with a
        // report only its generation has.
        await v2.PostAsync(new LoginUserReport { Account = v2.Wxid, Wxid = v2.Wxid, Nick = v2.Nick, WxDir = "C:\\WeChat Files" });
        await v1.PostAsync(new LoginUserReport { Account = v1.Wxid, Wxid = v1.Wxid, Nick = v1.Nick });
        await v1.PostAsync(new ContactReport { Account = v1.Wxid });
        await Eventually.TrueAsync(async () => (await live.Client.GetAccountAsync(v2.Wxid)).Interface == "v2", "the gateway to see the v2 account's generation");
        await Eventually.TrueAsync(async () => (await live.Client.GetAccountAsync(v1.Wxid)).Interface == "v1", "the gateway to see the v1 account's generation");

        var answer = Unique("answer");
        var mentioned = new ConcurrentQueue<(string Account, string Text, IReadOnlyList<string> Mentions)>();
        var joins = new ConcurrentQueue<RoomMemberJoin>();
        var leaves = new ConcurrentQueue<RoomMemberLeave>();
        var done = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var options = new WeQuickBotOptions { BaseUrl = live.Host.BaseUrl, ApiKey = live.Host.ApiKey, Accounts = [v2.Wxid, v1.Wxid] };
        var bot = new WeQuickBot(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        bot.OnText(async c =>
        {
            mentioned.Enqueue((c.Account!, c.Text!, c.Mentions));
            await c.ReplyAsync(answer, mention: true, new CommandOptions { Queue = true });
        }).InRoom().MentionsMe();
        bot.OnRoomMemberJoined(c =>
        {
            joins.Enqueue(c.Join);
            return Task.CompletedTask;
        });
        bot.OnRoomMemberLeft(c =>
        {
            leaves.Enqueue(c.Leave);
            return Task.CompletedTask;
        });
        // Registered last, and said last in each room: once it has run, every event of that room before it has been handled.
        bot.OnText(c =>
        {
            done[c.Account!] = true;
            return Task.CompletedTask;
        }).Containing("sentinel");
        await using var runner = await BotRunner.StartAsync(bot);

        // Second generation: the mention is in atlist (the text is whatever the client wrote); WeChat's join notice
        // comes as reportSystemMessage beside the dedicated report, and must not make the join come twice.
        await v2.PostAsync(V2Text(v2, room2, "@二代 in atlist", [v2.Wxid, "wxid_someone_else"]));
        await v2.PostAsync(V2Text(v2, room2, $"@{v2.Nick}\u2005not in atlist", ["wxid_someone_else"]));
        await v2.PostAsync(new ChatRoomMemberAddReport { Account = v2.Wxid, Wxid = room2, UserLists = [new UserProfile { Wxid = "wxid_red", Nick = "小红", InviteBy = v2.Wxid }] });
        await v2.PostAsync(new SystemMessageReport { Account = v2.Wxid, MsgType = 10000, MyMsg = false, MsgId = "9001", RoomWxid = room2, WxidFrom = room2, WxidTo = v2.Wxid, Message = "你邀请\"小红\"加入了群聊", Timestamp = 1_700_000_001 });
        await v2.PostAsync(new ChatRoomMemberDelReport { Account = v2.Wxid, Wxid = room2, UserLists = [new UserProfile { Wxid = "wxid_red", Nick = "小红" }] });
        await v2.PostAsync(V2Text(v2, room2, "sentinel", null));

        // First generation: no atlist, the mention is @nick in the text; joins and removals are room notices.
        await v1.PostAsync(V1Text(v1, room1, $"@{v1.Nick}\u2005in the text"));
        await v1.PostAsync(V1Text(v1, room1, $"@{v1.Nick}x is someone else"));
        await v1.PostAsync(Notice(v1, room1, "你邀请\"小蓝\"加入了群聊"));
        await v1.PostAsync(Notice(v1, room1, "你将\"小蓝\"移出了群聊"));
        await v1.PostAsync(V1Text(v1, room1, "sentinel"));

        await Eventually.TrueAsync(() => done.ContainsKey(v2.Wxid) && done.ContainsKey(v1.Wxid), "the bot to handle both rooms' sentinels");

        var byAccount = mentioned.ToDictionary(m => m.Account);
        Assert.Equal(2, mentioned.Count);
        Assert.Equal("@二代 in atlist", byAccount[v2.Wxid].Text);
        Assert.Equal([v2.Wxid, "wxid_someone_else"], byAccount[v2.Wxid].Mentions);
        Assert.Equal($"@{v1.Nick}\u2005in the text", byAccount[v1.Wxid].Text);
        Assert.Empty(byAccount[v1.Wxid].Mentions);

        var join2 = Assert.Single(joins, j => j.Room == room2);
        Assert.Equal(["小红"], join2.Names);
        Assert.Equal(["wxid_red"], join2.Wxids);
        Assert.True(join2.InvitedByAccount);
        var join1 = Assert.Single(joins, j => j.Room == room1);
        Assert.Equal(["小蓝"], join1.Names);
        Assert.True(join1.InvitedByAccount);
        Assert.Equal(2, joins.Count);

        var leave2 = Assert.Single(leaves, l => l.Room == room2);
        Assert.Equal(["wxid_red"], leave2.Wxids);
        var leave1 = Assert.Single(leaves, l => l.Room == room1);
        Assert.Equal(["小蓝"], leave1.Names);
        Assert.True(leave1.RemovedByAccount);
        Assert.Equal(2, leaves.Count);

        // The replies: a real mention for the second generation, @nick written into the text for the first.
        var at = await OnlyCommandAsync(v2.Wxid);
        Assert.Equal("sendAtTextMessage", at.Api);
        var atOption = at.Command;
        Assert.Equal(room2, atOption.GetProperty("wxid").GetString());
        Assert.Equal("{$@} " + answer, atOption.GetProperty("text").GetString());
        Assert.Equal([Member], atOption.GetProperty("atList").EnumerateArray().Select(e => e.GetString()));

        var plain = await OnlyCommandAsync(v1.Wxid);
        Assert.Equal("sendTextMessage", plain.Api);
        var plainOption = plain.Command;
        Assert.Equal(room1, plainOption.GetProperty("wxid").GetString());
        Assert.Equal($"@{MemberRoomNick} {answer}", plainOption.GetProperty("text").GetString());
    }

    private static TextMessageReport V2Text(FakeClient c, string room, string text, IReadOnlyList<string>? atList) => new()
    {
        Account = c.Wxid,
        MsgType = 1,
        MyMsg = false,
        IsPc = false,
        MsgId = c.NextMsgId(),
        RoomWxid = room,
        WxidFrom = Member,
        WxidTo = room,
        Message = text,
        AtList = atList,
        Timestamp = 1_700_000_000,
    };

    private static TextMessageReport V1Text(FakeClient c, string room, string text) => new()
    {
        Account = c.Wxid,
        MsgType = 1,
        MyMsg = false,
        RoomWxid = room,
        WxidFrom = Member,
        WxidTo = room,
        Nick = MemberRoomNick,
        Message = text,
    };

    private static ChatroomMessageReport Notice(FakeClient c, string room, string text) =>
        new() { Account = c.Wxid, MsgType = 10000, MyMsg = false, RoomWxid = room, WxidFrom = room, WxidTo = c.Wxid, Message = text };

    /// <summary>The one message command queued for the account (the reply; the login's list requests aside), once it is there.</summary>
    private async Task<CommandRecord> OnlyCommandAsync(string account)
    {
        var sent = await Eventually.GetAsync(
            async () => (await live.Client.ListCommandsAsync(new CommandQuery { Target = account })).Items.Where(c => c.Api.StartsWith("send", StringComparison.Ordinal)).ToList() is { Count: > 0 } found ? found : null,
            $"a message command for {account}");
        return Assert.Single(sent);
    }

    /// <summary>A client that posts reports as written on the wire to the gateway's event URL.</summary>
    private sealed class FakeClient(LiveGateway live, string wxid, string nick)
    {
        private long _msgId = 100;

        public string Wxid { get; } = wxid;

        public string Nick { get; } = nick;

        public string NextMsgId() => Interlocked.Increment(ref _msgId).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public async Task PostAsync(Report report)
        {
            using var content = new ByteArrayContent(ReportEncoder.Encode(report));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await live.Host.Http.PostAsync(new Uri(live.Host.BaseUrl, "recieve_msg"), content);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{report.Kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
