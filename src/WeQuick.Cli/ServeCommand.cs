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

    public static async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var urls = args.String("urls");
        var data = args.String("data");
        args.EnsureAllRead();
        if (args.Positional.Count > 0)
        {
            throw new CliUsageException($"unexpected argument '{args.Positional[0]}'; usage: wequick serve [--urls {GatewayServer.DefaultUrls}] [--data DIR]");
        }

        WebApplication built;
        try
        {
            built = GatewayServer.Build(urls, data);
        }
        catch (DataFolderInUseException ex)
        {
            await console.Error.WriteLineAsync($"wequick serve: {ex.Message}");
            return 1;
        }

        await using var app = built;
        try
        {
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
        {
            await console.Error.WriteLineAsync($"wequick serve: {ex.Message}");
            return 1;
        }

        return 0;
    }
}
