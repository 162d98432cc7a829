using Microsoft.Extensions.Logging;
using WeQuick.Samples.KeywordReply;
using WeQuick.Sdk;

// usage: KeywordReply [RULES_FILE]  (default rules.json next to the program)
// WEQUICK_URL (default http://127.0.0.1:8080) and WEQUICK_KEY (an API key with the send scope) say where the gateway is.
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
var log = loggers.CreateLogger("KeywordReply");
var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "rules.json");
RulesFile rules;
try
{
    rules = new RulesFile(path, log);
}
catch (Exception ex) when (ex is FormatException or IOException)
{
    Console.Error.WriteLine($"KeywordReply: {ex.Message}");
    return 1;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var bot = new WeQuickBot(WeQuickBotOptions.FromEnvironment(), loggers);
Keywords.Configure(bot, rules).UseLogging();
await bot.RunAsync(stop.Token);
return 0;
