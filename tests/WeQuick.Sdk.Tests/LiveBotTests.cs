using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>Bots against a live gateway and simulated world: what a friend says, what the bot answers.</summary>
[Collection(LiveGatewayGroup.Name)]
public sealed class LiveBotTests(LiveGateway live)
{
    private string Account => live.Host.Account;

    private string Friend => live.Host.Friend;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private WeQuickBot NewBot(WeQuickBotOptions? options = null, ILoggerFactory? loggers = null)
    {
        options ??= new WeQuickBotOptions();
        options.BaseUrl = live.Host.BaseUrl;
        options.ApiKey = live.Host.ApiKey;
        options.Accounts = [Account];
        return new WeQuickBot(options, loggers);
    }

    [Fact]
    public async Task A_friend_says_ping_and_the_bot_answers_pong()
    {
        var pong = Unique("pong");
        await using var runner = await BotRunner.StartAsync(NewBot().Also(b => b.OnText("PING ", ctx => ctx.ReplyAsync(pong))));

        live.Host.FriendSays("ping");

        var reply = await live.Host.WaitForReceivedAsync(Friend, d => d.Text == pong, Eventually.Timeout);
        Assert.Equal(Account, reply.From);
    }

    [Fact]
    public async Task Filters_pick_private_or_room_keyword_regex_sender_and_mentions()
    {
        var marker = Unique("kw");
        var room = live.Host.World.RoomsOf(Account).First(r => live.Host.World.Room(r)!.Members.Any(m => !live.Host.Accounts.Contains(m)));
        var member = live.Host.World.Room(room)!.Members.First(m => !live.Host.Accounts.Contains(m));
        var nick = (await live.Client.GetAccountAsync(Account)).Profile!.Nick!;
        var privateTexts = new ConcurrentQueue<string>();
        var roomTexts = new ConcurrentQueue<string>();
        var regexTexts = new ConcurrentQueue<string>();
        var fromMember = new ConcurrentQueue<string>();
        var mentions = new ConcurrentQueue<string>();
        var seen = new ConcurrentQueue<string>();
        var answer = Unique("answered");
        var bot = NewBot();
        bot.OnText(c => Record(privateTexts, c)).InPrivate().Containing(marker);
        bot.OnText(c => Record(roomTexts, c)).InRoom(room).Containing(marker);
        bot.OnText(new Regex("^" + marker + @" #\d+$"), c => Record(regexTexts, c));
        bot.OnText(c => Record(fromMember, c)).From(member).Containing(marker);
        bot.OnText(async c =>
        {
            await Record(mentions, c);
            await c.ReplyAsync(answer);
        }).InRoom().MentionsMe().Containing(marker);
        // Registered last: once it has seen an event, every handler before it has run for that event.
        bot.OnText(c => Record(seen, c)).Containing(marker);
        await using var runner = await BotRunner.StartAsync(bot);

        string[] inPrivate = [$"{marker} #1", $"{marker} private"];
        string[] inRoom = [$"{marker} #2", $"@{nick}\u2005{marker} in the room"];
        foreach (var text in inPrivate)
        {
            live.Host.FriendSays(text);
        }

        foreach (var text in inRoom)
        {
            live.Host.World.Incoming(IncomingKind.Text, Account, from: member, room: room, text: text);
        }

        await Eventually.TrueAsync(() => seen.Count == 4, "the bot to see all four texts");
        Assert.Equal(inPrivate.Order(), privateTexts.Order());
        Assert.Equal(inRoom.Order(), roomTexts.Order());
        Assert.Equal([$"{marker} #1", $"{marker} #2"], regexTexts.Order());
        Assert.Equal(inRoom.Order(), fromMember.Order());
        Assert.Equal([inRoom[1]], mentions);
        await Eventually.TrueAsync(async () => (await live.Client.ListMessagesAsync(Account, new MessageQuery { Conversation = room, Sender = Account, Text = answer })).Items.Count == 1, "the answer in the room");
    }

    [Fact]
    public async Task One_conversations_messages_are_handled_in_order_one_at_a_time()
    {
        var marker = Unique("order");
        var friends = live.Host.World.ContactsOf(Account, ContactState.Friend).Where(w => !live.Host.Accounts.Contains(w) && live.Host.World.Person(w) is not null).Take(2).ToArray();
        var handled = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var active = new ConcurrentDictionary<string, int>();
        var overlapInOneChat = 0;
        var bot = NewBot(new WeQuickBotOptions { MaxConcurrency = 4 });
        bot.OnText(async c =>
        {
            var chat = c.ConversationId!;
            if (active.AddOrUpdate(chat, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlapInOneChat);
            }

            var n = int.Parse(c.Report.Message![(marker.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            // Earlier messages take longer, so running them at once would finish them out of order.
            await Task.Delay(TimeSpan.FromMilliseconds((6 - n) * 15), c.CancellationToken);
            handled.GetOrAdd(chat, _ => new ConcurrentQueue<int>()).Enqueue(n);
            active.AddOrUpdate(chat, 0, (_, v) => v - 1);
        }).Containing(marker);
        await using var runner = await BotRunner.StartAsync(bot);

        for (var n = 1; n <= 5; n++)
        {
            foreach (var friend in friends)
            {
                live.Host.FriendSays($"{marker} {n}", friend);
            }
        }

        await Eventually.TrueAsync(() => friends.All(f => handled.TryGetValue(f, out var q) && q.Count == 5), "every message handled");
        Assert.All(friends, f => Assert.Equal([1, 2, 3, 4, 5], handled[f]));
        Assert.Equal(0, overlapInOneChat);
    }

    [Fact]
    public async Task Different_conversations_run_at_once_up_to_the_bound()
    {
        var marker = Unique("parallel");
        var friends = live.Host.World.ContactsOf(Account, ContactState.Friend).Where(w => !live.Host.Accounts.Contains(w) && live.Host.World.Person(w) is not null).Take(4).ToArray();
        Assert.Equal(4, friends.Length);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var active = 0;
        var most = 0;
        var done = 0;
        var bot = NewBot(new WeQuickBotOptions { MaxConcurrency = 2 });
        bot.OnText(async c =>
        {
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref most, now);
            await gate.Task.WaitAsync(c.CancellationToken);
            Interlocked.Decrement(ref active);
            Interlocked.Increment(ref done);
        }).Containing(marker);
        await using var runner = await BotRunner.StartAsync(bot);

        foreach (var friend in friends)
        {
            live.Host.FriendSays(marker, friend);
        }

        // Two chats are held in their handlers at once; the other two wait for a free slot.
        await Eventually.TrueAsync(() => Volatile.Read(ref active) == 2, "two handlers running at once");
        gate.SetResult();
        await Eventually.TrueAsync(() => Volatile.Read(ref done) == 4, "all four handled");
        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_the_bot_goes_on()
    {
        var boom = Unique("boom");
        var survived = Unique("survived");
        var after = Unique("after");
        var loggers = new CapturingLoggers();
        var bot = NewBot(loggers: loggers);
        bot.OnText(boom, _ => throw new InvalidOperationException("handler bug"));
        bot.OnText(boom, c => c.ReplyAsync(survived));
        bot.OnText(after, c => c.ReplyAsync(after + "!"));
        await using var runner = await BotRunner.StartAsync(bot);

        live.Host.FriendSays(boom);
        live.Host.FriendSays(after);

        await live.Host.WaitForReceivedAsync(Friend, d => d.Text == survived, Eventually.Timeout);
        await live.Host.WaitForReceivedAsync(Friend, d => d.Text == after + "!", Eventually.Timeout);
        var error = Assert.Single(loggers.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(3010, error.EventId.Id);
        var failure = Assert.IsType<BotHandlerException>(error.Exception);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.False(runner.Run.IsCompleted);
    }

    [Fact]
    public async Task A_new_bot_starts_at_the_end_of_the_log_and_does_not_answer_history()
    {
        var history = Unique("history");
        var now = Unique("now");
        live.Host.FriendSays(history);
        await Eventually.TrueAsync(async () => (await live.Client.ListMessagesAsync(Account, new MessageQuery { Text = history })).Items.Count == 1, "the old message stored");

        var bot = NewBot();
        bot.OnText(c => c.ReplyAsync("echo " + c.Text)).Where(c => c.Text == history || c.Text == now);
        await using var runner = await BotRunner.StartAsync(bot);
        live.Host.FriendSays(now);

        // The same conversation is handled in order: once "now" is answered, "history" would have been too.
        await live.Host.WaitForReceivedAsync(Friend, d => d.Text == "echo " + now, Eventually.Timeout);
        Assert.DoesNotContain(live.Host.ReceivedBy(Friend), d => d.Text == "echo " + history);
        Assert.True(await runner.Bot.Started > 0);
    }

    [Fact]
    public async Task A_restarted_bot_with_a_cursor_file_continues_where_it_left_off()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wequick-bot-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "bot.cursor");
        var first = Unique("first");
        var second = Unique("second");
        try
        {
            WeQuickBot Bot()
            {
                var bot = NewBot(new WeQuickBotOptions { CursorFile = file });
                bot.OnText(c => c.ReplyAsync("ack " + c.Text)).Where(c => c.Text == first || c.Text == second);
                return bot;
            }

            long stoppedAt;
            await using (var one = await BotRunner.StartAsync(Bot()))
            {
                live.Host.FriendSays(first);
                await live.Host.WaitForReceivedAsync(Friend, d => d.Text == "ack " + first, Eventually.Timeout);
                await one.StopAsync();
                stoppedAt = one.Bot.Cursor!.Value;
            }

            Assert.Equal(stoppedAt, await new FileCursorStore(file).LoadAsync(CancellationToken.None));

            // Said while no bot runs.
            live.Host.FriendSays(second);
            await Eventually.TrueAsync(async () => (await live.Client.ListMessagesAsync(Account, new MessageQuery { Text = second })).Items.Count == 1, "the message stored");

            await using var two = await BotRunner.StartAsync(Bot());
            Assert.Equal(stoppedAt, await two.Bot.Started);
            await live.Host.WaitForReceivedAsync(Friend, d => d.Text == "ack " + second, Eventually.Timeout);
            Assert.Single(live.Host.ReceivedBy(Friend), d => d.Text == "ack " + first);
        }
        finally
        {
            LiveGateway.TryDelete(dir);
        }
    }

    [Fact]
    public async Task Friend_requests_and_transfers_are_accepted_and_new_room_members_welcomed()
    {
        var welcome = Unique("welcome");
        var joins = new ConcurrentQueue<RoomMemberJoin>();
        var bot = NewBot();
        bot.OnFriendRequest(c => c.AcceptAsync());
        bot.OnTransfer(c => c.AcceptAsync());
        bot.OnRoomMemberJoined(async c =>
        {
            joins.Enqueue(c.Join);
            await c.ReplyAsync($"{welcome} {string.Join(",", c.Join.Names)}");
        });
        await using var runner = await BotRunner.StartAsync(bot);

        var request = live.Host.World.FriendRequestArrives(Account);
        var transfer = live.Host.World.TransferArrives(Friend, Account, 2m, "bot");
        var room = live.Host.World.RoomsOf(Account, ownedOnly: true)[0];
        var joined = live.Host.World.MemberJoins(room);

        await Eventually.TrueAsync(() => live.Host.World.Contact(Account, request.From)?.State == ContactState.Friend, "the requester to become a friend");
        await Eventually.TrueAsync(() => live.Host.World.Transfer(transfer.Id)?.PaySubtype == 3, "the transfer accepted");
        var join = await Eventually.GetAsync(() => Task.FromResult(joins.FirstOrDefault()), "the join");
        Assert.Equal(room, join.Room);
        Assert.True(join.InvitedByAccount);
        Assert.Equal([live.Host.World.Person(joined)!.Nick], join.Names);
        await Eventually.TrueAsync(async () => (await live.Client.ListMessagesAsync(Account, new MessageQuery { Conversation = room, Sender = Account, Text = welcome })).Items.Count == 1, "the welcome in the room");
    }

    [Fact]
    public async Task Middleware_wraps_every_event_in_order()
    {
        var marker = Unique("mw");
        var trail = new ConcurrentQueue<string>();
        var bot = NewBot();
        bot.Use(async (c, next) =>
        {
            trail.Enqueue("outer>");
            await next();
            trail.Enqueue("<outer");
        });
        bot.Use(async (c, next) =>
        {
            if (c.Text == marker + " skip")
            {
                trail.Enqueue("skipped");
                return;
            }

            trail.Enqueue("inner>");
            await next();
            trail.Enqueue("<inner");
        });
        bot.UseLogging(LogLevel.Debug);
        bot.OnText(c =>
        {
            trail.Enqueue("handler " + c.Text);
            return Task.CompletedTask;
        }).Containing(marker);
        await using var runner = await BotRunner.StartAsync(bot);

        live.Host.FriendSays(marker + " skip");
        live.Host.FriendSays(marker);

        await Eventually.TrueAsync(() => trail.Contains("handler " + marker), "the handler");
        await Eventually.TrueAsync(() => trail.Count(t => t == "<outer") >= 2, "both events through the pipeline");
        var mine = trail.SkipWhile(t => t != "skipped").ToList();
        Assert.Equal(["skipped", "<outer", "outer>", "inner>", "handler " + marker, "<inner", "<outer"], mine.Take(7));
    }

    [Fact]
    public async Task A_bot_registered_with_add_we_quick_bot_runs_with_the_host()
    {
        var marker = Unique("hosted");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddWeQuickBot(
            o =>
            {
                o.BaseUrl = live.Host.BaseUrl;
                o.ApiKey = live.Host.ApiKey;
                o.Accounts = [Account];
            },
            bot => bot.OnText(marker, c => c.ReplyAsync(marker + " from the host")));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var bot = host.Services.GetRequiredService<WeQuickBot>();
            await bot.Started.WaitAsync(Eventually.Timeout);
            live.Host.FriendSays(marker);
            await live.Host.WaitForReceivedAsync(Friend, d => d.Text == marker + " from the host", Eventually.Timeout);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static Task Record(ConcurrentQueue<string> into, BotContext c)
    {
        into.Enqueue(c.Text!);
        return Task.CompletedTask;
    }
}

internal static class BotSetup
{
    public static WeQuickBot Also(this WeQuickBot bot, Action<WeQuickBot> setup)
    {
        setup(bot);
        return bot;
    }
}
