using WeQuick.Agent;

namespace WeQuick.Samples.ScriptedBackend;

/// <summary>
/// The backend <c>scripted</c>. <c>wequick agent --backend-assembly ScriptedBackend.dll --backend scripted …</c> finds
/// it because it is a public class implementing <see cref="IAgentBackendProvider"/> with a parameterless constructor.
/// </summary>
public sealed class ScriptedBackendProvider : IAgentBackendProvider
{
    /// <inheritdoc />
    public string Name => "scripted";

    /// <inheritdoc />
    public string Description => $"one scripted WeChat process, {ScriptedWeChat.Account} logged in; it sends texts and nothing else";

    /// <inheritdoc />
    public ValueTask<IWeChatBackend> CreateAsync(AgentBackendContext context)
    {
        // A bridge to a real WeChat would connect to its hook here, so a failure shows before the agent starts.
        return ValueTask.FromResult<IWeChatBackend>(new ScriptedWeChat());
    }
}
