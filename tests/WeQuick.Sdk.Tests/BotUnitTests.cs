using WeQuick.Protocol;

namespace WeQuick.Sdk.Tests;

/// <summary>The pieces of the bot model that need no gateway: join notices, mentions, cursor files, lanes.</summary>
public sealed class BotUnitTests
{
    private const string Room = "1000@chatroom";

    [Theory]
    [InlineData("\"阿明\"邀请\"小红\"加入了群聊", "小红", "阿明", false, false, false)]
    [InlineData("你邀请\"小红、小蓝\"加入了群聊", "小红|小蓝", null, false, true, false)]
    [InlineData("\"阿明\"邀请你加入了群聊", "", "阿明", true, false, false)]
    [InlineData("\"小红\"通过扫描\"阿明\"分享的二维码加入群聊", "小红", "阿明", false, false, true)]
    [InlineData("\"小红\"通过扫描你分享的二维码加入群聊", "小红", null, false, true, true)]
    [InlineData("你通过扫描\"阿明\"分享的二维码加入群聊", "", "阿明", true, false, true)]
    public void A_join_notice_in_any_of_wechats_wordings_reads_as_a_join(string text, string names, string? by, bool self, bool bySelf, bool qr)
    {
        var join = RoomMemberJoin.From(Notice(text));

        Assert.NotNull(join);
        Assert.Equal(Room, join.Room);
        Assert.Equal(names.Length == 0 ? [] : names.Split('|'), join.Names);
        Assert.Equal(by, join.InvitedBy);
        Assert.Equal(self, join.AccountJoined);
        Assert.Equal(bySelf, join.InvitedByAccount);
        Assert.Equal(qr, join.ViaQrCode);
    }

    [Theory]
    [InlineData("\"阿明\"修改群名为\"周末\"")]
    [InlineData("\"阿明\"发出红包，请在手机上查看")]
    [InlineData("")]
    public void Other_room_notices_are_not_joins(string text) => Assert.Null(RoomMemberJoin.From(Notice(text)));

    [Theory]
    [InlineData("你将\"小红\"移出了群聊", "小红", null, true, false)]
    [InlineData("\"阿明\"将\"小红、小蓝\"移出了群聊", "小红|小蓝", "阿明", false, false)]
    [InlineData("你被\"阿明\"移出群聊", "", "阿明", false, true)]
    public void A_removal_notice_reads_as_a_leave(string text, string names, string? by, bool bySelf, bool self)
    {
        var leave = RoomMemberLeave.From(Notice(text));

        Assert.NotNull(leave);
        Assert.Equal(Room, leave.Room);
        Assert.Equal(names.Length == 0 ? [] : names.Split('|'), leave.Names);
        Assert.Empty(leave.Wxids);
        Assert.Equal(by, leave.RemovedBy);
        Assert.Equal(bySelf, leave.RemovedByAccount);
        Assert.Equal(self, leave.AccountLeft);
    }

    [Theory]
    [InlineData("\"阿明\"邀请\"小红\"加入了群聊")]
    [InlineData("\"阿明\"修改群名为\"周末\"")]
    [InlineData("你已成为新群主")]
    public void Other_room_notices_are_not_leaves(string text) => Assert.Null(RoomMemberLeave.From(Notice(text)));

    [Fact]
    public void Second_generation_member_reports_read_with_wxids_and_the_account_apart()
    {
        var add = new ChatRoomMemberAddReport
        {
            Account = "wxid_bot",
            Wxid = Room,
            UserLists = [new UserProfile { Wxid = "wxid_red", Nick = "小红", InviteBy = "wxid_bot" }, new UserProfile { Wxid = "wxid_blue", Nick = "", InviteBy = "wxid_bot" }],
        };
        var join = RoomMemberJoin.From(add)!;
        Assert.Equal(["小红", "wxid_blue"], join.Names);
        Assert.Equal(["wxid_red", "wxid_blue"], join.Wxids);
        Assert.True(join.InvitedByAccount);
        Assert.Equal("wxid_bot", join.InvitedByWxid);
        Assert.False(join.AccountJoined);

        var del = new ChatRoomMemberDelReport { Account = "wxid_bot", Wxid = Room, UserLists = [new UserProfile { Wxid = "wxid_bot", Nick = "机器人" }] };
        var leave = RoomMemberLeave.From(del)!;
        Assert.True(leave.AccountLeft);
        Assert.Empty(leave.Names);

        Assert.True(RoomMemberJoin.From(new NewChatRoomReport { Account = "wxid_bot", Wxid = Room })!.AccountJoined);
        Assert.True(RoomMemberLeave.From(new ChatRoomQuitReport { Account = "wxid_bot", RoomWxid = Room })!.AccountLeft);
        Assert.Null(RoomMemberJoin.From(new ChatRoomMemberAddReport { Account = "wxid_bot", Wxid = Room, UserLists = [] }));
    }

    [Theory]
    [InlineData("@机器人\u2005在吗", true)]
    [InlineData("@机器人 在吗", true)]
    [InlineData("你好 @机器人", true)]
    [InlineData("@机器人们 在吗", false)]
    [InlineData("机器人 在吗", false)]
    [InlineData("mail@机器人x", false)]
    public void A_mention_is_at_and_the_whole_name(string text, bool mentions) => Assert.Equal(mentions, BotContext.MentionsName(text, "机器人"));

    [Fact]
    public async Task A_file_cursor_store_keeps_the_cursor_across_instances()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wequick-cursor-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "nested", "bot.cursor");
            Assert.Null(await new FileCursorStore(path).LoadAsync(CancellationToken.None));

            await new FileCursorStore(path).SaveAsync(41, CancellationToken.None);
            await new FileCursorStore(path).SaveAsync(42, CancellationToken.None);

            Assert.Equal(42, await new FileCursorStore(path).LoadAsync(CancellationToken.None));
            Assert.Equal(["bot.cursor"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            Support.LiveGateway.TryDelete(dir);
        }
    }

    [Fact]
    public async Task A_cursor_file_holding_something_else_is_an_error_not_a_silent_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), "wequick-cursor-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, "not a number");
        try
        {
            await Assert.ThrowsAsync<InvalidDataException>(async () => await new FileCursorStore(path).LoadAsync(CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void One_conversations_events_share_a_lane_and_other_conversations_and_accounts_do_not()
    {
        var fromFriend = Event(1, new TextMessageReport { Account = "wxid_bot", WxidFrom = "wxid_a", WxidTo = "wxid_bot", Message = "x" });
        var toFriend = Event(2, new TextMessageReport { Account = "wxid_bot", MyMsg = true, WxidFrom = "wxid_bot", WxidTo = "wxid_a", Message = "y" });
        var inRoom = Event(3, new TextMessageReport { Account = "wxid_bot", RoomWxid = Room, WxidFrom = "wxid_a", WxidTo = Room, Message = "z" });
        var otherAccount = Event(4, new TextMessageReport { Account = "wxid_bot2", WxidFrom = "wxid_a", WxidTo = "wxid_bot2", Message = "x" });

        Assert.Equal(BotRun.LaneOf(fromFriend), BotRun.LaneOf(toFriend));
        Assert.NotEqual(BotRun.LaneOf(fromFriend), BotRun.LaneOf(inRoom));
        Assert.NotEqual(BotRun.LaneOf(fromFriend), BotRun.LaneOf(otherAccount));
    }

    [Fact]
    public void Backoff_doubles_from_the_minimum_up_to_the_maximum()
    {
        var options = new EventStreamOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) };

        Assert.Equal([100.0, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(n => WeQuickClient.Backoff(options, n).TotalMilliseconds));
    }

    [Fact]
    public void Bot_options_are_checked()
    {
        Assert.Throws<InvalidOperationException>(() => new WeQuickBot(new WeQuickBotOptions()));
        Assert.Throws<InvalidOperationException>(() => new WeQuickBot(new WeQuickBotOptions { BaseUrl = new Uri("http://127.0.0.1:9"), MaxConcurrency = 0 }));
    }

    private static ChatroomMessageReport Notice(string text) =>
        new() { Account = "wxid_bot", MsgType = 10000, MyMsg = false, RoomWxid = Room, WxidFrom = Room, WxidTo = "wxid_bot", Message = text };

    private static GatewayEvent Event(long seq, Report report) => new()
    {
        Seq = seq,
        Kind = report.Kind,
        Source = "client",
        Account = report.Account,
        Data = NormalizedJson.ToElement(report),
    };
}
