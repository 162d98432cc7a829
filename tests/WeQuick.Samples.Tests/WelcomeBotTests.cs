using WeQuick.Samples.WelcomeBot;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

public sealed class WelcomeBotTests
{
    [Fact]
    public async Task Friend_requests_are_accepted_one_per_interval_and_each_new_friend_is_welcomed()
    {
        await using var demo = await Demo.StartAsync();
        var interval = TimeSpan.FromMilliseconds(700);
        using var bot = Welcome.Configure(demo.NewBot(), new WelcomeSettings { AcceptInterval = interval, FriendWelcome = "欢迎！" });
        await demo.RunAsync(bot);

        var requests = Enumerable.Range(0, 3).Select(_ => demo.Host.World.FriendRequestArrives(demo.Account)).ToList();
        foreach (var r in requests)
        {
            await demo.Host.WaitForReceivedAsync(r.From, d => d.Text == "欢迎！", Demo.Deadline);
            Assert.True(demo.Host.World.Contact(demo.Account, r.From)?.State == Agent.Simulation.ContactState.Friend, $"{r.From} is not a friend");
        }

        var accepts = new List<CommandRecord>();
        await foreach (var c in demo.Client.EnumerateCommandsAsync(new CommandQuery { Target = demo.Account }))
        {
            if (c.Api == "acceptFriend")
            {
                accepts.Add(c);
            }
        }

        Assert.Equal(3, accepts.Count);
        Assert.All(accepts, a => Assert.Equal(CommandState.Completed, a.State));
        var times = accepts.Select(a => a.CreatedAt).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= interval * 0.9, $"accepts {p.Second - p.First} apart"));
        Assert.Empty(demo.Errors.Lines);
    }

    [Fact]
    public async Task Someone_joining_a_room_is_greeted_in_the_room_by_name()
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
            return page.Items.Any(m => m.IsSelf && m.Text == $"欢迎 {nick} 加入本群！");
        }, $"a welcome for {nick} in {room}");
        Assert.Empty(demo.Errors.Lines);
    }
}
