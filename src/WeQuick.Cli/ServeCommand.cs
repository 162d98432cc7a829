using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using WeQuick.Cli.Gateway;

namespace WeQuick.Cli;

/// <summary>
/// <c>wequick serve [--urls URLS] [--data DIR]</c>: runs the gateway until Ctrl-C, then stops taking
/// requests, commits what is in flight and exits.
/// </summary>
internal static class ServeCommand
{
    public const string Summary = "run the gateway (the callback server clients report to and poll)";

    public static Command Create(CliConsole console)
    {
        var command = new WequickCommand("serve", Summary)
        {
            Details = "Runs until Ctrl-C or SIGTERM, then stops taking requests and commits what is in flight. Settings come from appsettings.json, then WEQUICK_ environment variables, then these options (docs/gateway.md).",
            Examples =
            [
                "wequick serve",
                "wequick serve --urls http://0.0.0.0:8080 --data /var/lib/wequick",
                "WEQUICK_Gateway__DataDirectory=/srv/wq wequick serve --urls \"http://127.0.0.1:8080;http://[::1]:8080\"",
            ],
            ExitCodes =
            [
                "0  stopped cleanly (Ctrl-C, SIGTERM)",
                "1  did not start: the address is in use or not allowed (change --urls), the data folder is in use by another gateway (change --data), bad settings",
                "2  usage: an unknown option or argument",
            ],
        };
        var urls = CliOptions.Text("--urls", "URLS", $"where to listen, ';' between several (default: the settings' Urls, else {GatewayServer.DefaultUrls})");
        var data = CliOptions.Text("--data", "DIR", "the data folder: the SQLite store and its lock (default: the settings' Gateway:DataDirectory, else ./data)");
        command.Options.Add(urls);
        command.Options.Add(data);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(urls), parsed.GetValue(data), console, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? urls, string? data, CliConsole console, CancellationToken cancellationToken)
    {
        WebApplication built;
        try
        {
            built = GatewayServer.Build(urls, data);
        }
        catch (DataFolderInUseException ex)
        {
            await console.Error.WriteLineAsync($"wequick serve: {ex.Message}");
            return CliApp.Failed;
        }

        await using var app = built;
        try
        {
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (StartFailure.Describe(ex, urls) is { } message)
        {
            await console.Error.WriteLineAsync($"wequick serve: {message}");
            return CliApp.Failed;
        }
        catch (Exception ex) when (ex is IOException or Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
        {
            await console.Error.WriteLineAsync($"wequick serve: {ex.Message}");
            return CliApp.Failed;
        }

        return CliApp.Ok;
    }
}
