using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using WeQuick.Samples.Forwarder;
using WeQuick.Sdk;

// usage: Forwarder --room ROOM_ID [--room ROOM_ID …] --to WXID [--contains TEXT] [--pattern REGEX] [--sender WXID …]
// WEQUICK_URL (default http://127.0.0.1:8080) and WEQUICK_KEY (an API key with the send scope) say where the gateway is.
var rooms = new List<string>();
var senders = new List<string>();
string? to = null, contains = null, pattern = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--room" when value is not null: rooms.Add(value); i++; break;
        case "--sender" when value is not null: senders.Add(value); i++; break;
        case "--to" when value is not null: to = value; i++; break;
        case "--contains" when value is not null: contains = value; i++; break;
        case "--pattern" when value is not null: pattern = value; i++; break;
        default:
            Console.Error.WriteLine($"Forwarder: unknown or incomplete option '{args[i]}'");
            return 2;
    }
}

if (rooms.Count == 0 || to is null)
{
    Console.Error.WriteLine("usage: Forwarder --room ROOM_ID [--room ROOM_ID …] --to WXID [--contains TEXT] [--pattern REGEX] [--sender WXID …]");
    return 2;
}

Regex? regex;
try
{
    regex = pattern is null ? null : new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"Forwarder: --pattern is not a regular expression: {ex.Message}");
    return 2;
}

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var bot = new WeQuickBot(WeQuickBotOptions.FromEnvironment(), loggers);
Forwarding.Configure(bot, new ForwardRule { Rooms = rooms, To = to, Contains = contains, Pattern = regex, Senders = senders }).UseLogging();
await bot.RunAsync(stop.Token);
return 0;
