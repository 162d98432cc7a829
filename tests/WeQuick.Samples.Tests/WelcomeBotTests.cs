using Microsoft.Extensions.Time.Testing;
using WeQuick.Agent.Simulation;
using WeQuick.Samples.WelcomeBot;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

public sealed class WelcomeBotTests
{
    [Fact]
    public async Task Friend_requests_are_accepted_one_per_interval_and_each_new_friend_is_welcomed()
    {
        await using var demo = await Demo.StartAsync();
        var interval = TimeSpan.FromSeconds(30);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var bot = Welcome.Configure(demo.NewBot(), new WelcomeSettings { AcceptInterval = interval, FriendWelcome = "欢迎！", Time = time });
        await demo.RunAsync(bot);

        // Three at once: the first is accepted now, the others wait for the rate limit's clock.
        var requests = Enumerable.Range(0, 3).Select(_ => demo.Host.World.FriendRequestArrives(demo.Account)).ToList();
        var welcomed = new List<string>();
        for (var i = 0; i < requests.Count; i++)
        {
            var next = await Task.WhenAny(requests.Where(r => !welcomed.Contains(r.From))
                .Select(r => demo.Host.WaitForReceivedAsync(r.From, d => d.Text == "欢迎！", Demo.Deadline)));
            welcomed.Add((await next).To);
            Assert.Equal(i + 1, await AcceptsAsync(demo));
            time.Advance(interval);
        }

        Assert.Equal(requests.Select(r => r.From).Order(StringComparer.Ordinal), welcomed.Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(ContactState.Friend, demo.Host.World.Contact(demo.Account, r.From)?.State));
        Assert.Empty(demo.Errors.Lines);
    }

    private static async Task<int> AcceptsAsync(Demo demo)
    {
        var n = 0;
        await foreach (var c in demo.Client.EnumerateCommandsAsync(new CommandQuery { Target = demo.Account }))
        {
            if (c.Api == "acceptFriend")
            {
                Assert.Equal(CommandState.Completed, c.State);
                n++;
            }
        }

        return n;
    }

    [Fact]
    public async Task Someone_joining_a_room_is_greeted_in_the_room_with_a_mention()
    {
        await using var demo = await Demo.StartAsync();
        using var bot = Welcome.Configure(demo.NewBot());
        await demo.RunAsync(bot);

        var room = demo.Host.World.RoomsOf(demo.Account, ownedOnly: true)[0];
        var who = demo.Host.World.MemberJoins(room);
        var nick = demo.Host.World.Person(who)!.Nick;

        await Demo.EventuallyAsync(async () =>
        {
            var page = await demo.Client.ListMessagesAsync(demo.Account, new MessageQuery { Conversation = room });
            return page.Items.Any(m => m.IsSelf && m.Text == $"@{nick} 欢迎加入本群！");
        }, $"a welcome for {nick} in {room}");
        Assert.Empty(demo.Errors.Lines);
    }
}
