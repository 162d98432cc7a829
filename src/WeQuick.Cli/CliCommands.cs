using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;

namespace WeQuick.Cli;

/// <summary>The command tree of <c>wequick</c>: every command, option and argument, with the help they show.</summary>
internal static class CliCommands
{
    /// <summary>The version <c>wequick --version</c> prints: the assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(CliCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliCommands).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static readonly string[] GeneralExitCodes =
    [
        "0  done (also after a clean stop with Ctrl-C or SIGTERM; a second Ctrl-C ends the process at once)",
        "1  failed: the gateway did not start (address in use, data folder in use), a line did not decode, a step failed",
        "2  usage: an unknown command or option, a bad value, a missing file or data folder",
    ];

    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("wequick — the WeQuick personal-WeChat interface: gateway, agent and tools")
        {
            HelpName = "wequick",
        };
        root.Subcommands.Add(AgentCommand.Create(console));
        root.Subcommands.Add(CompletionCommand.Create(console));
        root.Subcommands.Add(DecodeCommand.Create(console));
        root.Subcommands.Add(Demo.DemoCommand.Create(console));
        root.Subcommands.Add(KeysCommand.Create(console));
        root.Subcommands.Add(RebuildCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));

        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption { Action: HelpAction standard } help:
                    help.Action = new HelpWithExamplesAction(standard);
                    break;
                case VersionOption version:
                    // The default prints the entry assembly's version: in tests, the test host's.
                    version.Action = new PrintVersionAction();
                    break;
            }
        }

        return root;
    }

    /// <summary>The standard help, then the command's examples and exit codes.</summary>
    private sealed class HelpWithExamplesAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var command = parseResult.CommandResult.Command;
            if (command is WequickCommand { Details: { } details })
            {
                output.WriteLine("Details:");
                output.WriteLine("  " + details);
                output.WriteLine();
            }

            if (command is WequickCommand { Examples.Count: > 0 } described)
            {
                output.WriteLine("Examples:");
                foreach (var example in described.Examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            output.WriteLine("Exit codes:");
            foreach (var code in command is WequickCommand { ExitCodes.Count: > 0 } specific ? specific.ExitCodes : GeneralExitCodes)
            {
                output.WriteLine("  " + code);
            }

            output.WriteLine();

            if (command is RootCommand)
            {
                output.WriteLine("Each command has its own --help. Reference: docs/cli.md.");
            }

            return CliApp.Ok;
        }
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return CliApp.Ok;
        }
    }
}

/// <summary>A command of <c>wequick</c>: its help ends with examples and, where they differ from the general ones, its exit codes.</summary>
internal sealed class WequickCommand(string name, string description) : Command(name, description)
{
    /// <summary>What the one-line description leaves out: how the command behaves, where its docs are.</summary>
    public string? Details { get; init; }

    /// <summary>Whole command lines, each starting with <c>wequick</c>.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>What to say after "unexpected argument 'X'", e.g. how many arguments the command takes.</summary>
    public string? ArgumentsHint { get; init; }

    /// <summary>One line per exit code: the code, two spaces, what it means.</summary>
    public IReadOnlyList<string> ExitCodes { get; init; } = [];
}
