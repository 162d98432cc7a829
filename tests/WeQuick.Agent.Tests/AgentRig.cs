using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>A callback server, a simulated world and an agent between them, with fast test timings.</summary>
internal sealed class AgentRig : IAsyncDisposable
{
    private AgentRig(CallbackServer server, SimulatedWeChat world, WeQuickAgent agent)
    {
        Server = server;
        World = world;
        Agent = agent;
    }

    public CallbackServer Server { get; }

    public SimulatedWeChat World { get; }

    public WeQuickAgent Agent { get; }

    public string Account(int i) => World.AccountIds[i];

    public int Pid(int i) => World.PidOf(Account(i)) ?? throw new InvalidOperationException($"account {i} is offline");

    public static async Task<AgentRig> StartAsync(
        int accounts = 2,
        bool loggedOut = false,
        Func<AgentOptions, AgentOptions>? tune = null,
        Action<CallbackServer>? setup = null,
        bool startAgent = true)
    {
        var server = new CallbackServer();
        setup?.Invoke(server);
        await server.StartAsync();
        var world = new SimulatedWeChat(new WorldOptions { Seed = 3, Accounts = accounts, LoggedOut = loggedOut });
        var options = new AgentOptions
        {
            ReceiveUrl = server.ReceiveUrl,
            SendUrl = server.SendUrl,
            PollInterval = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(3),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            MaxAttempts = 50,
            DrainTimeout = TimeSpan.FromSeconds(3),
            // These tests check the first generation's behaviour (loginStatus, reportLoginQrCode, resLogout); the second's are in GenerationsOnGatewayTests.
            Interface = InterfaceGenerations.V1,
        };
        var agent = new WeQuickAgent(tune?.Invoke(options) ?? options, world);
        var rig = new AgentRig(server, world, agent);
        if (startAgent)
        {
            agent.Start();
        }

        return rig;
    }

    public Task LoginsDelivered() =>
        Eventually.Until(() => Server.Reports<LoginUserReport>().Count >= World.Options.Accounts, "every account's reportLoginUser");

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Server.DisposeAsync();
    }
}
