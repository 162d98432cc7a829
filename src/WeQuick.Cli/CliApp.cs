using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;

namespace WeQuick.Cli;

/// <summary>The <c>wequick</c> executable: the command tree (<see cref="CliCommands"/>) parsed by System.CommandLine.</summary>
internal static class CliApp
{
    /// <summary>Exit code of a run that did what it was asked (also after a clean stop on Ctrl-C).</summary>
    public const int Ok = 0;

    /// <summary>Exit code of a run that failed: the gateway did not start, a line did not decode, a scenario step failed.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a command line that cannot be run as given (unknown option, bad value, missing file or data).</summary>
    public const int Usage = 2;

    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdin, stdout, stderr, CancellationToken.None);

    /// <summary>Runs a subcommand until it ends, Ctrl-C, or <paramref name="stop"/> (which stands in for Ctrl-C in tests).</summary>
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken stop) =>
        RunAsync(args, new CliConsole(stdin, stdout, stderr), stop);

    /// <summary>Runs a subcommand with <paramref name="console"/>'s streams, clock and terminal facts.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken stop)
    {
        var root = CliCommands.Build(console);
        if (args.Length == 0)
        {
            // No command: the overview, but as a usage error, so scripts that forgot the command fail.
            await InvokeAsync(root.Parse(["--help"]), console, CancellationToken.None);
            return Usage;
        }

        if (args[0] == "help")
        {
            // `wequick help serve` is `wequick serve --help`.
            args = [.. args.Skip(1), "--help"];
        }

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var line in CliErrors.Describe(parsed))
            {
                await console.Error.WriteLineAsync(line);
            }

            return Usage;
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
            return await InvokeAsync(parsed, console, cts.Token);
        }
        catch (CliUsageException ex)
        {
            await console.Error.WriteLineAsync($"{CliErrors.Prefix(parsed.CommandResult.Command)}: {ex.Message}");
            return Usage;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static Task<int> InvokeAsync(ParseResult parsed, CliConsole console, CancellationToken cancellationToken) =>
        parsed.InvokeAsync(
            new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                // Exceptions are the commands' to turn into messages; Ctrl-C and SIGTERM are handled above.
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            },
            cancellationToken);
}

/// <summary>The three standard streams, injectable so tests drive the CLI in-process, with the clock progress lines use.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>True when standard error is a terminal a person watches: long work then shows its progress there unasked.</summary>
    public bool ErrorIsTerminal { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Bad command-line input; the message says what to type instead.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
