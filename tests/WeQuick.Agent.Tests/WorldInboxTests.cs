using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using static WeQuick.Agent.Tests.WorldHarness;

namespace WeQuick.Agent.Tests;

/// <summary>What simulated people (friends without an agent) receive: how a demo or a test sees a bot's sends arrive.</summary>
public sealed class WorldInboxTests
{
    [Fact]
    public async Task A_message_to_a_simulated_friend_lands_in_their_inbox_and_raises_the_event()
    {
        var h = new WorldHarness();
        var friend = h.World.FirstPersonFriendOf(h.Account(0))!;
        Assert.NotNull(h.World.Person(friend));
        Assert.DoesNotContain(friend, h.World.AccountIds);
        var raised = new List<SimDelivery>();
        h.World.PersonReceived += raised.Add;

        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = friend, Text = "你好" }));
        Ok(await h.World.SendXmlAsync(h.Ctx(0), new SendXmlMessageCommand { Wxid = friend, Title = "周报", Url = "https://example.com/r" }));

        var got = h.World.ReceivedBy(friend);
        Assert.Equal(["reportTextMessage", "reportUrlMessage"], got.Select(d => d.Kind));
        Assert.Equal(["你好", "周报"], got.Select(d => d.Text));
        Assert.All(got, d => Assert.Equal((h.Account(0), friend), (d.From, d.To)));
        Assert.Equal(got, raised);
        Assert.Empty(h.World.ReceivedBy(h.Account(1)));
    }

    [Fact]
    public async Task A_friend_who_deleted_the_account_receives_nothing_and_is_not_offered_as_the_first_friend()
    {
        var h = new WorldHarness();
        var a = h.Account(0);
        var first = h.World.FirstPersonFriendOf(a)!;
        var rejecting = h.World.ContactsOf(a, ContactState.Friend).Single(f => h.World.Person(f)!.Rejects.Contains(a));
        Assert.NotEqual(rejecting, first);

        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = rejecting, Text = "在吗" }));

        Assert.Empty(h.World.ReceivedBy(rejecting));
        Assert.Contains(h.Sink.Of<SystemMessageReport>(h.Pid(0)), r => r.Message == SystemMessageReport.RejectedByPeerText);
    }

    [Fact]
    public async Task Messages_between_accounts_and_to_rooms_are_not_inbox_deliveries()
    {
        var h = new WorldHarness(accounts: 2);
        var raised = 0;
        h.World.PersonReceived += _ => raised++;
        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = h.Account(1), Text = "hi" }));
        Ok(await h.World.SendTextAsync(h.Ctx(0), new SendTextMessageCommand { Wxid = h.World.LobbyRoom, Text = "hi all" }));
        Assert.Equal(0, raised);
    }
}
