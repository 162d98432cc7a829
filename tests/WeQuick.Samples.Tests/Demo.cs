using Microsoft.Extensions.Logging;
using WeQuick.Cli.Demo;
using WeQuick.Protocol;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

/// <summary>
/// A sample bot running against its own demo: the real gateway on a free loopback port and the simulated world,
/// quiet (no background traffic) and without pacing, so every message a test sees is one it caused.
/// </summary>
internal sealed class Demo : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _data;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _bots = [];
    private readonly ILoggerFactory _loggers;

    private Demo(DemoHost host, string data, ErrorLog errors)
    {
        Host = host;
        _data = data;
        Errors = errors;
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(errors));
        Client = new WeQuickClient(host.BaseUrl, host.ApiKey);
    }

    public DemoHost Host { get; }

    public WeQuickClient Client { get; }

    public ErrorLog Errors { get; }

    public string Account => Host.Account;

    public string Friend => Host.Friend;

    /// <summary>
    /// A demo of <paramref name="accounts"/> accounts whose clients speak <paramref name="generation"/>: the first
    /// generation unless said (the samples were written against it), or both in one world
    /// (<see cref="InterfaceGenerations.Both"/>: the accounts alternate, the first one the second generation).
    /// </summary>
    public static async Task<Demo> StartAsync(int accounts = 2, InterfaceGenerations generation = InterfaceGenerations.V1)
    {
        var data = Path.Combine(Path.GetTempPath(), "wequick-samples-tests", Guid.NewGuid().ToString("N"));
        var host = await DemoHost.StartAsync(new DemoOptions { DataDirectory = data, Urls = "http://127.0.0.1:0", Accounts = accounts, Rate = 0, Pacing = false, Interface = generation });
        return new Demo(host, data, new ErrorLog());
    }

    /// <summary>A bot on this demo; <see cref="RunAsync"/> starts it.</summary>
    public WeQuickBot NewBot(WeQuickBotOptions? options = null, ILoggerFactory? loggers = null)
    {
        var o = options ?? new WeQuickBotOptions();
        o.BaseUrl = Host.BaseUrl;
        o.ApiKey = Host.ApiKey;
        return new WeQuickBot(o, loggers ?? _loggers);
    }

    /// <summary>Runs the bot until the demo is disposed, and returns once it is reading the stream.</summary>
    public async Task RunAsync(WeQuickBot bot)
    {
        _bots.Add(Task.Run(() => bot.RunAsync(_stop.Token)));
        await bot.Started.WaitAsync(Deadline);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_bots).WaitAsync(Deadline);
        Client.Dispose();
        await Host.DisposeAsync();
        _loggers.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling, or fails after the deadline with <paramref name="what"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            while (!await condition())
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"gave up waiting for {what}");
        }
    }
}

/// <summary>Collects warnings and errors the bots log, so a test can say none happened (or that one did).</summary>
internal sealed class ErrorLog : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (owner._lines)
                {
                    owner._lines.Add($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
                }
            }
        }
    }
}
