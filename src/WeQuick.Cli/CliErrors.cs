using System.CommandLine;

namespace WeQuick.Cli;

/// <summary>
/// Usage errors as <c>wequick</c> prints them: one line per error on standard error, each starting with the command,
/// a misspelt command or option with the nearest names, the last line saying where the help is.
/// </summary>
internal static class CliErrors
{
    // The parser's own words for a token it could not place, and for a group command given without its subcommand.
    private const string Unrecognized = "Unrecognized command or argument";
    private const string NoSubcommand = "Required command was not provided";
    private const string UnknownOptionStart = "unknown option '";

    public static IReadOnlyList<string> Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var lines = new List<string>();
        foreach (var token in parsed.UnmatchedTokens.Where(LooksLikeOption))
        {
            lines.Add(UnknownOption(token, command));
        }

        lines.AddRange(parsed.Errors.Select(e => e.Message).Where(m => m.StartsWith(UnknownOptionStart, StringComparison.Ordinal)));

        // A misspelt option explains the rest: its value is the argument nothing expected.
        if (lines.Count == 0)
        {
            foreach (var token in parsed.UnmatchedTokens)
            {
                lines.Add(command.Subcommands.Count > 0 ? UnknownCommand(token, command)
                    : command is WequickCommand { ArgumentsHint: { } hint } ? $"unexpected argument '{token}': {hint}"
                    : $"unexpected argument '{token}'");
            }

            foreach (var message in parsed.Errors.Select(e => e.Message))
            {
                if (message.StartsWith(Unrecognized, StringComparison.Ordinal))
                {
                    continue;
                }

                if (message.StartsWith(NoSubcommand, StringComparison.Ordinal))
                {
                    if (parsed.UnmatchedTokens.Count == 0)
                    {
                        lines.Add($"say which command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
                    }

                    continue;
                }

                lines.Add(message);
            }
        }

        var prefix = Prefix(command);
        var result = lines.Select(l => l.TrimEnd('.')).Distinct(StringComparer.Ordinal).Select(l => $"{prefix}: {l}").ToList();
        if (result.Count == 0)
        {
            result.Add($"{prefix}: the command line cannot be run as given");
        }

        result[^1] += $"; see '{prefix} --help'";
        return result;
    }

    /// <summary><c>wequick</c> and the path to <paramref name="command"/>, e.g. <c>wequick keys create</c>.</summary>
    public static string Prefix(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is Command and not RootCommand; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Push(symbol.Name);
        }

        names.Push("wequick");
        return string.Join(' ', names);
    }

    public static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _);

    public static string UnknownOption(string token, Command command)
    {
        var name = token.Split('=', ':')[0];
        var known = command.Options.Concat(Ancestors(command).SelectMany(c => c.Options).Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.StartsWith("--", StringComparison.Ordinal));
        return UnknownOptionStart + name + "'" + DidYouMean(name, known);
    }

    public static string UnknownCommand(string token, Command command) =>
        $"unknown command '{token}'" + DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    /// <summary>The known names within a few edits of <paramref name="typed"/>, or that start with it, nearest first.</summary>
    private static string DidYouMean(string typed, IEnumerable<string> known)
    {
        var near = known.Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(typed, k)))
            .Where(k => k.Distance <= Math.Max(2, typed.Length / 3) || (typed.Trim('-').Length >= 2 && k.Name.StartsWith(typed, StringComparison.Ordinal)))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(k => k.Name)
            .ToList();
        return near.Count switch
        {
            0 => string.Empty,
            1 => $" (did you mean {near[0]}?)",
            _ => $" (did you mean one of {string.Join(", ", near)}?)",
        };
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
