using Microsoft.Extensions.Logging;
using WeQuick.Agent.Simulation;
using WeQuick.Samples.EchoBot;
using WeQuick.Sdk;

namespace WeQuick.Samples.Tests;

public sealed class EchoBotTests
{
    [Fact]
    public async Task A_friend_says_ping_and_gets_ping_back_but_room_chatter_is_not_echoed()
    {
        await using var demo = await Demo.StartAsync();
        using var bot = Echo.Configure(demo.NewBot());
        await demo.RunAsync(bot);

        var room = demo.Host.World.LobbyRoom;
        demo.Host.World.Incoming(IncomingKind.Text, demo.Account, room: room, text: "大家好");
        demo.Host.FriendSays("ping");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "ping", Demo.Deadline);
        demo.Host.FriendSays("第二条");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "第二条", Demo.Deadline);

        // The room message came before both private ones, so had it been echoed it would be stored by now.
        var mine = await demo.Client.ListMessagesAsync(demo.Account, new MessageQuery { Conversation = room });
        Assert.DoesNotContain(mine.Items, m => m.IsSelf);
        Assert.Equal(["ping", "第二条"], demo.Host.ReceivedBy(demo.Friend).Select(d => d.Text));
        Assert.Empty(demo.Errors.Lines);
    }

    [Fact]
    public async Task At_information_EchoBot_logs_what_it_echoes_and_nothing_for_the_room_chatter_it_leaves_alone()
    {
        await using var demo = await Demo.StartAsync();
        var logs = new InformationLog();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
        using var bot = Echo.Configure(demo.NewBot(loggers: loggers));
        await demo.RunAsync(bot);

        var room = demo.Host.World.LobbyRoom;
        demo.Host.World.Incoming(IncomingKind.Text, demo.Account, room: room, text: "大家好");
        demo.Host.World.Incoming(IncomingKind.Text, demo.Account, room: room, text: "今天开会吗");
        demo.Host.FriendSays("ping");
        await demo.Host.WaitForReceivedAsync(demo.Friend, d => d.Text == "ping", Demo.Deadline);
        await Demo.EventuallyAsync(() => Task.FromResult(logs.Lines.Any(l => l.Id == 3050)), "the echo's log line");

        // The start and connect lines, then one line for the one echo: the room texts, the bot's own reply
        // and the friend's message before it are events too, but none of them is logged at Information.
        var lines = logs.Lines;
        var echoed = Assert.Single(lines, l => l.Id == 3050);
        Assert.Contains($"to {demo.Friend}", echoed.Message, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Contains(l.Id, new[] { 3031, 3040, 3050 }));
    }

    private sealed class InformationLog : ILoggerProvider
    {
        private readonly List<(int Id, string Message)> _lines = [];

        public IReadOnlyList<(int Id, string Message)> Lines
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

        private sealed class Logger(InformationLog owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (owner._lines)
                    {
                        owner._lines.Add((eventId.Id, formatter(state, exception)));
                    }
                }
            }
        }
    }
}
