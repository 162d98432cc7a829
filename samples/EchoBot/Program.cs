using Microsoft.Extensions.Logging;
using WeQuick.Samples.EchoBot;
using WeQuick.Sdk;

// WEQUICK_URL (default http://127.0.0.1:8080) and WEQUICK_KEY (an API key with the send scope) say where the gateway is.
// Information shows where the bot starts, its connection and each echo; set the level to Debug for a line per event.
using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddSimpleConsole(o => o.SingleLine = true));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var bot = new WeQuickBot(WeQuickBotOptions.FromEnvironment(), loggers);
Echo.Configure(bot);
await bot.RunAsync(stop.Token);
