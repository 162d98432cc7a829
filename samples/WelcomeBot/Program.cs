using Microsoft.Extensions.Logging;
using WeQuick.Samples.WelcomeBot;
using WeQuick.Sdk;

// WEQUICK_URL (default http://127.0.0.1:8080) and WEQUICK_KEY (an API key with the send scope) say where the gateway is.
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var options = WeQuickBotOptions.FromEnvironment();
// A restarted welcome bot goes on where it stopped: requests that came in meanwhile are still accepted.
options.CursorFile = "welcomebot.cursor";
using var bot = new WeQuickBot(options, loggers);
Welcome.Configure(bot).UseLogging();
await bot.RunAsync(stop.Token);
