using WeQuick.Samples.ZombieCheck;
using WeQuick.Sdk;

// usage: ZombieCheck ACCOUNT_WXID [--remark PREFIX] [--probe TEXT]
// WEQUICK_URL (default http://127.0.0.1:8080) and WEQUICK_KEY (an API key with the send scope) say where the gateway is.
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: ZombieCheck ACCOUNT_WXID [--remark PREFIX] [--probe TEXT]");
    return 2;
}

var settings = new ZombieCheckSettings();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--remark" when i + 1 < args.Length:
            settings = settings with { RemarkPrefix = args[++i] };
            break;
        case "--probe" when i + 1 < args.Length:
            settings = settings with { Probe = args[++i] };
            break;
        default:
            Console.Error.WriteLine($"ZombieCheck: unknown or incomplete option '{args[i]}'");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var gateway = WeQuickBotOptions.FromEnvironment();
using var client = new WeQuickClient(gateway.BaseUrl!, gateway.ApiKey);
try
{
    var report = await ZombieChecker.CheckAsync(client, args[0], settings, new ConsoleProgress(), stop.Token);
    Console.WriteLine($"checked {report.Checked.Count} friends: {report.Zombies.Count} no longer have {args[0]} as a friend");
    foreach (var z in report.Zombies)
    {
        Console.WriteLine($"  {z.Wxid}  {z.Name}");
    }

    foreach (var (wxid, reason) in report.NotSent)
    {
        Console.WriteLine($"  not checked: {wxid}: {reason}");
    }

    return 0;
}
catch (WeQuickApiException ex)
{
    Console.Error.WriteLine($"ZombieCheck: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}

/// <summary>Progress lines written as they happen, in order.</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(value);
}
