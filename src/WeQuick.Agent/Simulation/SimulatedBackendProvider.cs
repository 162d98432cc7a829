namespace WeQuick.Agent.Simulation;

/// <summary>The simulated world as the built-in backend <c>simulated</c>, laid out by <see cref="World"/>.</summary>
internal sealed class SimulatedBackendProvider(WorldOptions? world = null) : IAgentBackendProvider
{
    public const string BackendName = "simulated";

    public WorldOptions World { get; } = world ?? new WorldOptions();

    public string Name => BackendName;

    public string Description => "a simulated WeChat world: accounts, friends, rooms, scenarios and load mode; runs anywhere";

    public ValueTask<IWeChatBackend> CreateAsync(AgentBackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<IWeChatBackend>(new SimulatedWeChat(World, context.Time));
    }
}
