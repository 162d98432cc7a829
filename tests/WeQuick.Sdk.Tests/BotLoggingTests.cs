using Microsoft.Extensions.Logging;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>What a bot logs while it runs against a live gateway: where it starts and connects at Information, each event at Debug only.</summary>
[Collection(LiveGatewayGroup.Name)]
public sealed class BotLoggingTests(LiveGateway live)
{
    private WeQuickBot NewBot(ILoggerFactory? loggers, ICursorStore? store = null) => new(
        new WeQuickBotOptions { BaseUrl = live.Host.BaseUrl, ApiKey = live.Host.ApiKey, Accounts = [live.Host.Account], CursorStore = store },
        loggers);

    [Fact]
    public async Task A_new_bot_logs_that_it_starts_live_and_connected_at_information_and_each_event_at_debug_only()
    {
        var pong = "pong-" + Guid.NewGuid().ToString("N")[..8];
        var loggers = new CapturingLoggers();
        var bot = NewBot(loggers);
        bot.OnText("ping", c => c.ReplyAsync(pong));
        await using var runner = await BotRunner.StartAsync(bot);
        var start = await bot.Started;

        live.Host.FriendSays("ping");
        await live.Host.WaitForReceivedAsync(live.Host.Friend, d => d.Text == pong, Eventually.Timeout);
        // The ping and the bot's own pong are both events; wait for the line of the handled ping.
        await Eventually.TrueAsync(() => loggers.Entries.Any(e => e.EventId.Id == 3044 && e.Message.Contains("handlers run: 1,", StringComparison.Ordinal)), "the ping's debug line");

        var information = loggers.Entries.Where(e => e.Level == LogLevel.Information).ToList();
        Assert.Contains(information, e => e.EventId.Id == 3040 && e.Message == $"Bot starting live: events after seq {start}, the end of the log now (1 handlers)");
        Assert.Contains(information, e => e.EventId.Id == 3031 && e.Message == $"Event stream connected to {live.Host.BaseUrl} (WebSocket); resuming after seq {start}");
        Assert.All(information, e => Assert.Contains(e.EventId.Id, new[] { 3030, 3031, 3040 }));
        Assert.All(loggers.Entries.Where(e => e.EventId.Id is 3032 or 3044), e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Contains(loggers.Entries, e => e.EventId.Id == 3032);
    }

    [Fact]
    public async Task A_bot_with_a_stored_cursor_logs_that_it_resumes_at_it()
    {
        var store = new MemoryCursorStore();
        var latest = await live.Client.GetLatestSeqAsync();
        await store.SaveAsync(latest, CancellationToken.None);
        var loggers = new CapturingLoggers();
        await using (var runner = await BotRunner.StartAsync(NewBot(loggers, store)))
        {
            await Eventually.TrueAsync(() => loggers.Entries.Any(e => e.EventId.Id == 3031), "the connect line");
        }

        Assert.Contains(loggers.Entries, e => e.Level == LogLevel.Information && e.EventId.Id == 3041
            && e.Message == $"Bot resuming at its stored cursor: events after seq {latest} (0 handlers)");
        Assert.Contains(loggers.Entries, e => e.Level == LogLevel.Information && e.EventId.Id == 3002);
    }

    [Fact]
    public void A_bot_given_no_logger_factory_logs_to_the_console_at_information_and_one_given_the_null_factory_is_silent()
    {
        // The ten-line bot of docs/sdk.md passes none: its start and connect lines must show.
        using var plain = new WeQuickBot(new WeQuickBotOptions { BaseUrl = live.Host.BaseUrl, ApiKey = live.Host.ApiKey });
        Assert.True(plain.Logger.IsEnabled(LogLevel.Information));
        Assert.False(plain.Logger.IsEnabled(LogLevel.Debug));
        Assert.True(plain.StreamLogger.IsEnabled(LogLevel.Information));

        using var client = new WeQuickClient(live.Host.BaseUrl, live.Host.ApiKey);
        using var overClient = new WeQuickBot(client);
        Assert.True(overClient.StreamLogger.IsEnabled(LogLevel.Information));

        using var silent = new WeQuickBot(new WeQuickBotOptions { BaseUrl = live.Host.BaseUrl }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.False(silent.Logger.IsEnabled(LogLevel.Error));
    }
}
