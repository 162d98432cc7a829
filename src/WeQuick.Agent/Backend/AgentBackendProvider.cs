using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WeQuick.Agent;

/// <summary>
/// A WeChat backend the agent can run with, by name: <c>wequick agent --backend NAME</c>. The simulated world is
/// the built-in one (<c>simulated</c>); a bridge to a real WeChat ships as its own assembly with a public class
/// implementing this interface and having a public parameterless constructor, loaded with
/// <c>wequick agent --backend-assembly PATH</c>.
/// </summary>
public interface IAgentBackendProvider
{
    /// <summary>The name typed after <c>--backend</c>: short, lower case, no spaces (e.g. <c>simulated</c>). Unique among the loaded backends, ignoring case.</summary>
    string Name { get; }

    /// <summary>One line saying what the backend reaches, shown when <c>wequick agent</c> lists the backends.</summary>
    string Description { get; }

    /// <summary>
    /// Creates the backend for one agent run. Connect to WeChat here if that can fail, so a failure is reported
    /// before the agent starts; the agent attaches the backend (<see cref="IProcessBackend.Attach"/>) after this.
    /// </summary>
    /// <param name="context">What the host gives the backend: the agent's options, logging, time and a stop signal.</param>
    ValueTask<IWeChatBackend> CreateAsync(AgentBackendContext context);
}

/// <summary>What a host gives a backend it creates (<see cref="IAgentBackendProvider.CreateAsync"/>).</summary>
public sealed record AgentBackendContext
{
    /// <summary>The options of the agent that will run the backend (its URLs, the quirk profile).</summary>
    public required AgentOptions Options { get; init; }

    /// <summary>Where the backend's log lines go: the host's console or log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock the agent runs on; use it for the backend's own timers so tests can drive both.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Cancelled when the host stops (Ctrl-C, <c>--duration</c>): end background work and a slow start with it.</summary>
    public CancellationToken Stopping { get; init; }
}
