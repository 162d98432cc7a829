using System.Globalization;

namespace WeQuick.Cli;

/// <summary>
/// A minimal <c>--name value</c> / <c>--flag</c> / positional parser. Every option a subcommand reads
/// must be read, so a misspelt option is an error rather than silently ignored. An option given twice keeps
/// its last value, except where the subcommand reads all of them (<see cref="Strings"/>).
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, List<string?>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CliArgs Parse(ReadOnlySpan<string> args)
    {
        var result = new CliArgs();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "-")
            {
                result.Positional.Add(a);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var name = a[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }

                if (!result._options.TryGetValue(name, out var values))
                {
                    result._options[name] = values = [];
                }

                values.Add(value);
            }
            else
            {
                result.Positional.Add(a);
            }
        }

        return result;
    }

    /// <summary>A boolean switch (<c>--name</c>); a value after it is taken back as a positional argument.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return false;
        }

        if (values[^1] is { } value)
        {
            if (value is "true" or "false")
            {
                return value == "true";
            }

            Positional.Add(value);
            values[^1] = null;
        }

        return true;
    }

    public string? String(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return null;
        }

        return values[^1] ?? throw new CliUsageException($"--{name} needs a value");
    }

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var values)
            ? [.. values.Select(v => v ?? throw new CliUsageException($"--{name} needs a value"))]
            : [];
    }

    /// <summary>Whether the option was given at all (without reading it).</summary>
    public bool Given(string name) => _options.ContainsKey(name);

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliUsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    public double? Double(string name, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliUsageException($"--{name} must be a number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    /// <summary>Fails on any option no one read: call after reading all of them.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
