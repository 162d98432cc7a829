using System.Text.RegularExpressions;
using WeQuick.Agent.Simulation;
using WeQuick.Samples.Forwarder;

namespace WeQuick.Samples.Tests;

public sealed class ForwarderTests
{
    [Fact]
    public async Task Matching_messages_from_the_chosen_room_reach_the_contact_in_order_and_nothing_else_does()
    {
        await using var demo = await Demo.StartAsync();
        var world = demo.Host.World;
        var lobby = world.LobbyRoom;
        var other = world.RoomsOf(demo.Account, ownedOnly: true)[0];
        var member = world.Room(lobby)!.Members.First(m => m != demo.Account && !world.AccountIds.Contains(m));
        using var bot = Forwarding.Configure(demo.NewBot(), new ForwardRule
        {
            Rooms = [lobby],
            To = demo.Friend,
            Pattern = new Regex("^(紧急|urgent)", RegexOptions.IgnoreCase),
        });
        await demo.RunAsync(bot);

        world.Incoming(IncomingKind.Text, demo.Account, from: member, room: lobby, text: "今天天气不错");
        world.Incoming(IncomingKind.Text, demo.Account, room: other, text: "紧急：别的群");
        world.Incoming(IncomingKind.Text, demo.Account, from: member, room: lobby, text: "紧急：服务器宕机");
        world.Incoming(IncomingKind.Text, demo.Account, from: member, room: lobby, text: "URGENT second");

        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text?.EndsWith("URGENT second", StringComparison.Ordinal) == true, Demo.Deadline);
        var got = demo.Host.ReceivedBy(demo.Friend).Select(d => d.Text!).ToList();
        Assert.Equal(2, got.Count);
        Assert.StartsWith("[WeQuick 大家庭] ", got[0], StringComparison.Ordinal);
        Assert.EndsWith(": 紧急：服务器宕机", got[0], StringComparison.Ordinal);
        Assert.EndsWith(": URGENT second", got[1], StringComparison.Ordinal);
        Assert.Empty(demo.Errors.Lines);
    }

    [Fact]
    public void A_rule_without_rooms_or_recipient_is_refused()
    {
        using var bot = new Sdk.WeQuickBot(new Sdk.WeQuickBotOptions { BaseUrl = new Uri("http://127.0.0.1:1") });
        Assert.Throws<ArgumentException>(() => Forwarding.Configure(bot, new ForwardRule { To = "wxid_a" }));
        Assert.Throws<ArgumentException>(() => Forwarding.Configure(bot, new ForwardRule { Rooms = ["1@chatroom"] }));
    }
}
