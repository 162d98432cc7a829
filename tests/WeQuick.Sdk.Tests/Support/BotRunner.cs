using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WeQuick.Sdk.Tests.Support;

/// <summary>Runs a bot in the background for a test and stops it cleanly at the end.</summary>
internal sealed class BotRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private BotRunner(WeQuickBot bot)
    {
        Bot = bot;
        Run = Task.Run(() => bot.RunAsync(_stop.Token));
    }

    public WeQuickBot Bot { get; }

    public Task Run { get; }

    /// <summary>Starts the bot and waits until it knows where it starts (so anything said after this is handled).</summary>
    public static async Task<BotRunner> StartAsync(WeQuickBot bot)
    {
        var runner = new BotRunner(bot);
        await Task.WhenAny(bot.Started, runner.Run).WaitAsync(Eventually.Timeout);
        if (runner.Run.IsFaulted)
        {
            await runner.Run;
        }

        return runner;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(Eventually.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        Bot.Dispose();
    }
}

/// <summary>A logger factory that keeps what was logged, to check that failures are reported.</summary>
internal sealed class CapturingLoggers : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggers owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
    }
}
