using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>
/// The WeQuick client: for every WeChat instance its backend reports, a poll loop on the command URL,
/// an ordered report sender to the event URL, and a command executor fed by both command channels.
/// Create it with a backend, <see cref="Start"/> it, and <see cref="StopAsync"/> or dispose it to stop.
/// </summary>
public sealed class WeQuickAgent : IAgentSink, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, InstanceRunner> _instances = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _ownsHttp;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private int _started;

    /// <summary>An agent for <paramref name="backend"/>; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="options">The URLs and timings; invalid options throw <see cref="ArgumentException"/>.</param>
    /// <param name="backend">The WeChat the agent runs commands against and reports from.</param>
    /// <param name="http">The client for polls, reports and uploads (its own timeout should be infinite: each request has one); by default the agent makes and disposes its own.</param>
    /// <param name="time">The clock for polling, timeouts and retries; by default the system clock.</param>
    /// <param name="loggers">Where log lines go (event ids 2000–2099); by default nowhere.</param>
    public WeQuickAgent(AgentOptions options, IWeChatBackend backend, HttpClient? http = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        options.Validate();
        Options = options;
        Backend = backend;
        Time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger<WeQuickAgent>();
        _ownsHttp = http is null;
        Http = http ?? CreateHttpClient();
        Commands = new CommandExecutor(this, _loggers.CreateLogger<CommandExecutor>());
    }

    /// <summary>The options the agent was created with.</summary>
    public AgentOptions Options { get; }

    /// <summary>The backend the agent runs.</summary>
    public IWeChatBackend Backend { get; }

    internal TimeProvider Time { get; }

    internal HttpClient Http { get; }

    internal AgentCounters Counters { get; } = new();

    internal CommandExecutor Commands { get; }

    /// <summary>Raised with the instance's pid and the report after the server answered the report 2xx (on the sender's thread; keep it short).</summary>
    public event Action<int, Report>? Delivered;

    internal IReadOnlyCollection<int> Pids => _instances.Keys.ToList();

    internal CancellationToken Stopping => _stopping.Token;

    internal static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            // Each request carries its own timeout through a TimeProvider-driven token.
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Attaches the backend (which starts its instances) and returns; the loops run until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the agent is already started");
        }

        Backend.Process.Attach(this);
    }

    /// <summary>Stops polling and executing, sends what is queued (within the drain timeout), and waits for every loop.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        var runners = _instances.Values.ToList();
        foreach (var r in runners)
        {
            r.BeginClose();
        }

        await Task.WhenAll(runners.Select(r => r.Completion));
        foreach (var r in runners)
        {
            _instances.TryRemove(new KeyValuePair<int, InstanceRunner>(r.Pid, r));
        }
    }

    /// <inheritdoc />
    void IAgentSink.InstanceStarted(int pid)
    {
        if (_stopping.IsCancellationRequested)
        {
            _log.InstanceStartedWhileStopping(pid);
            return;
        }

        var runner = new InstanceRunner(this, pid, _loggers.CreateLogger<InstanceRunner>());
        if (!_instances.TryAdd(pid, runner))
        {
            _log.InstanceStartedTwice(pid);
            return;
        }

        runner.Start();
        _ = runner.Completion.ContinueWith(_ => _instances.TryRemove(new KeyValuePair<int, InstanceRunner>(pid, runner)), TaskScheduler.Default);
        _log.InstanceStarted(pid);
    }

    /// <inheritdoc />
    void IAgentSink.Post(int pid, Report report)
    {
        if (_instances.TryGetValue(pid, out var runner))
        {
            runner.Enqueue(report);
        }
        else
        {
            _log.ReportForUnknownInstance(report.Action, report.Account, pid);
            Counters.ReportDropped();
        }
    }

    /// <inheritdoc />
    void IAgentSink.InstanceClosed(int pid)
    {
        if (_instances.TryGetValue(pid, out var runner))
        {
            _log.InstanceClosed(pid);
            runner.BeginClose();
        }
    }

    internal void OnDelivered(int pid, Report report) => Delivered?.Invoke(pid, report);

    /// <summary>Stops the agent (<see cref="StopAsync"/>) and releases what it owns; the backend stays the caller's.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        if (_ownsHttp)
        {
            Http.Dispose();
        }
    }
}
