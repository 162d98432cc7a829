using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>
/// The WeQuick client: for every WeChat instance its backend reports, a poll loop on the command URL,
/// an ordered report sender to the event URL, and a command executor fed by both command channels.
/// </summary>
internal sealed class WeQuickAgent : IAgentSink, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, InstanceRunner> _instances = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _ownsHttp;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private int _started;

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

    public AgentOptions Options { get; }

    public IWeChatBackend Backend { get; }

    public TimeProvider Time { get; }

    public HttpClient Http { get; }

    public AgentCounters Counters { get; } = new();

    internal CommandExecutor Commands { get; }

    /// <summary>Raised after the server answered a report 2xx (on the sender's thread; keep it short).</summary>
    public event Action<int, Report>? Delivered;

    public IReadOnlyCollection<int> Pids => _instances.Keys.ToList();

    internal CancellationToken Stopping => _stopping.Token;

    public static HttpClient CreateHttpClient() =>
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

    void IAgentSink.InstanceClosed(int pid)
    {
        if (_instances.TryGetValue(pid, out var runner))
        {
            _log.InstanceClosed(pid);
            runner.BeginClose();
        }
    }

    internal void OnDelivered(int pid, Report report) => Delivered?.Invoke(pid, report);

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
