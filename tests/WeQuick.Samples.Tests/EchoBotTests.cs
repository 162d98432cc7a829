using WeQuick.Agent.Simulation;
using WeQuick.Samples.EchoBot;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

public sealed class EchoBotTests
{
    [Fact]
    public async Task A_friend_says_ping_and_gets_ping_back_but_room_chatter_is_not_echoed()
    {
        await using var demo = await Demo.StartAsync();
        using var bot = Echo.Configure(demo.NewBot());
        await demo.RunAsync(bot);

        var room = demo.Host.World.LobbyRoom;
        demo.Host.World.Incoming(IncomingKind.Text, demo.Account, room: room, text: "大家好");
        demo.Host.FriendSays("ping");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "ping", Demo.Deadline);
        demo.Host.FriendSays("第二条");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "第二条", Demo.Deadline);

        // The room message came before both private ones, so had it been echoed it would be stored by now.
        var mine = await demo.Client.ListMessagesAsync(demo.Account, new MessageQuery { Conversation = room });
        Assert.DoesNotContain(mine.Items, m => m.IsSelf);
        Assert.Equal(["ping", "第二条"], demo.Host.ReceivedBy(demo.Friend).Select(d => d.Text));
        Assert.Empty(demo.Errors.Lines);
    }
}
