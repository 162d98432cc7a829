using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

public sealed class PartialBackendTests
{
    /// <summary>A bridge that has only processes, login and contacts, and whose contact queries blow up.</summary>
    private sealed class LoginOnlyBackend(SimulatedWeChat world) : IWeChatBackend, IContactBackend
    {
        public IProcessBackend Process => ((IWeChatBackend)world).Process;

        public ILoginBackend? Login => ((IWeChatBackend)world).Login;

        public IMessageBackend? Messages => null;

        public IContactBackend? Contacts => this;

        public IRoomBackend? Rooms => null;

        public IFriendBackend? Friends => null;

        public ITransferBackend? Transfers => null;

        public IFileBackend? Files => null;

        public ValueTask<CommandOutcome> GetContactAsync(CommandContext context, GetContactCommand command) => throw new InvalidOperationException("the hook crashed");

        public ValueTask<CommandOutcome> GetUsersWxidAsync(CommandContext context, GetUsersWxidCommand command) => throw new InvalidOperationException("the hook crashed");

        public ValueTask<CommandOutcome> GetUsersInfoAsync(CommandContext context, GetUsersInfoCommand command) => throw new InvalidOperationException("the hook crashed");
    }

    [Fact]
    public async Task Commands_a_backend_cannot_run_are_acked_with_the_missing_capability_and_crashes_become_failure_acks()
    {
        await using var server = new CallbackServer();
        await server.StartAsync();
        var world = new SimulatedWeChat(new WorldOptions { Accounts = 1 });
        await using var agent = new WeQuickAgent(
            new AgentOptions { ReceiveUrl = server.ReceiveUrl, SendUrl = server.SendUrl, PollInterval = TimeSpan.FromMilliseconds(50) },
            new LoginOnlyBackend(world));
        agent.Start();
        var pid = world.Pids[0];
        server.Enqueue(pid, """{"api":"sendTextMessage","sendId":"m","option":{"wxid":"wxid_a","text":"x"}}""");
        server.Enqueue(pid, """{"api":"uploadFile","sendId":"f","option":{"fileUrl":"C:\\a","upUrl":"http://127.0.0.1:1/up"}}""");
        server.Enqueue(pid, """{"api":"getContact","sendId":"c","option":{"flag":"1"}}""");
        server.Enqueue(pid, """{"api":"getLoginStatus","sendId":"s","option":{}}""");
        await Eventually.Until(() => server.Reports<CommandAck>().Any(a => a.SendId == "s"), "the last ack");
        var acks = server.Reports<CommandAck>().ToDictionary(a => a.SendId!);
        Assert.Equal("this WeChat backend has no messages capability", acks["m"].ErrorReason);
        Assert.Equal("the backend failed: the hook crashed", acks["c"].ErrorReason);
        Assert.True(acks["s"].Succeeded);
        Assert.Equal("this WeChat backend has no files capability", Assert.Single(server.Reports<UploadFileResultReport>()).ErrorReason);
    }
}
