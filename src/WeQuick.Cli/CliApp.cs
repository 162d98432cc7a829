using System.Runtime.InteropServices;

namespace WeQuick.Cli;

/// <summary>The <c>wequick</c> executable: one entry per subcommand.</summary>
internal static class CliApp
{
    /// <summary>A subcommand: parsed options in, exit code out.</summary>
    internal delegate Task<int> Subcommand(CliArgs args, CliConsole console, CancellationToken cancellationToken);

    private static readonly SortedDictionary<string, (string Summary, Subcommand Run)> Subcommands = new(StringComparer.Ordinal)
    {
        ["agent"] = (AgentCommand.Summary, AgentCommand.RunAsync),
        ["decode"] = (DecodeCommand.Summary, DecodeCommand.RunAsync),
        ["demo"] = (Demo.DemoCommand.Summary, Demo.DemoCommand.RunAsync),
        ["keys"] = (KeysCommand.Summary, KeysCommand.RunAsync),
        ["rebuild"] = (RebuildCommand.Summary, RebuildCommand.RunAsync),
        ["serve"] = (ServeCommand.Summary, ServeCommand.RunAsync),
    };

    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdin, stdout, stderr, CancellationToken.None);

    /// <summary>Runs a subcommand until it ends, Ctrl-C, or <paramref name="stop"/> (which stands in for Ctrl-C in tests).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        var console = new CliConsole(stdin, stdout, stderr);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            WriteUsage(stdout);
            return args.Length == 0 ? 2 : 0;
        }

        if (!Subcommands.TryGetValue(args[0], out var entry))
        {
            await stderr.WriteLineAsync($"wequick: unknown command '{args[0]}'. Run 'wequick --help' for the list.");
            return 2;
        }

        CliArgs parsed;
        try
        {
            parsed = CliArgs.Parse(args.AsSpan(1));
        }
        catch (CliUsageException ex)
        {
            await stderr.WriteLineAsync($"wequick {args[0]}: {ex.Message}");
            return 2;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        void StopCleanly(PosixSignalContext signal)
        {
            signal.Cancel = true;
            cts.Cancel();
        }

        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl-C asks the subcommand to stop cleanly; a second one ends the process.
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                cts.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (docker stop, systemd, kill) and SIGQUIT ask for the same clean stop as Ctrl-C.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopCleanly);
        using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, StopCleanly);
        try
        {
            return await entry.Run(parsed, console, cts.Token);
        }
        catch (CliUsageException ex)
        {
            await stderr.WriteLineAsync($"wequick {args[0]}: {ex.Message}");
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void WriteUsage(TextWriter w)
    {
        w.WriteLine("wequick — the WeQuick personal-WeChat interface: gateway, agent and tools");
        w.WriteLine();
        w.WriteLine("usage: wequick <command> [options]");
        w.WriteLine();
        foreach (var (name, (summary, _)) in Subcommands)
        {
            w.WriteLine($"  {name,-10} {summary}");
        }
    }
}

/// <summary>The three standard streams, injectable so tests drive the CLI in-process.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error);

/// <summary>Bad command-line input; the message says what to type instead.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
