using WeQuick.Agent.Simulation;
using WeQuick.Protocol;
using WeQuick.Samples.ZombieCheck;

namespace WeQuick.Samples.Tests;

public sealed class ZombieCheckTests
{
    [Fact]
    public async Task The_check_finds_exactly_the_friends_who_deleted_the_account_and_tags_them()
    {
        await using var demo = await Demo.StartAsync();
        var world = demo.Host.World;
        var friends = world.ContactsOf(demo.Account, ContactState.Friend);
        var deleted = friends.Where(f => world.Person(f)!.Rejects.Contains(demo.Account)).ToList();
        Assert.NotEmpty(deleted);

        var report = await ZombieChecker.CheckAsync(demo.Client, demo.Account, new ZombieCheckSettings { Settle = TimeSpan.FromSeconds(1), RemarkPrefix = "僵尸-" });

        Assert.Equal(friends.Order(StringComparer.Ordinal), report.Checked.Order(StringComparer.Ordinal));
        Assert.Equal(deleted.Order(StringComparer.Ordinal), report.Zombies.Select(z => z.Wxid).Order(StringComparer.Ordinal));
        Assert.Empty(report.NotSent);
        Assert.All(deleted, z => Assert.StartsWith("僵尸-", world.Contact(demo.Account, z)!.AsName, StringComparison.Ordinal));
        Assert.All(friends.Except(deleted), f => Assert.False(world.Contact(demo.Account, f)!.AsName?.StartsWith("僵尸-", StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task A_running_bot_notices_a_refusal_when_it_writes_to_a_deleted_friend()
    {
        await using var demo = await Demo.StartAsync();
        var world = demo.Host.World;
        var deleted = world.ContactsOf(demo.Account, ContactState.Friend).First(f => world.Person(f)!.Rejects.Contains(demo.Account));
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var bot = ZombieChecker.Watch(demo.NewBot(), (_, who) =>
        {
            found.TrySetResult(who);
            return Task.CompletedTask;
        });
        await demo.RunAsync(bot);

        await demo.Client.SendTextAsync(demo.Account, deleted, "在吗？");

        Assert.Equal(deleted, await found.Task.WaitAsync(Demo.Deadline));
        Assert.True(ZombieChecker.IsRefusal(new SystemMessageReport { Message = SystemMessageReport.RejectedByPeerText, WxidFrom = deleted, WxidTo = demo.Account }));
        Assert.False(ZombieChecker.IsRefusal(new SystemMessageReport { Message = "你已添加了对方，现在可以开始聊天了。", WxidFrom = deleted, WxidTo = demo.Account }));
    }
}
