using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace WeQuick.Cli;

/// <summary>
/// The kinds of option <c>wequick</c> has, each with its range or choices checked while parsing, so a bad value is a
/// usage error (exit 2) naming the option, what it takes and what it got.
/// </summary>
internal static class CliOptions
{
    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] with a default shown in the help.</summary>
    public static Option<T> Number<T>(string name, string valueName, string description, T min, T max, T defaultValue)
        where T : struct, INumber<T>, IMinMaxValue<T>
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = valueName,
            DefaultValueFactory = _ => defaultValue,
        };
        option.CustomParser = result => ParseNumber(result, name, min, max);
        return option;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>], null when not given.</summary>
    public static Option<T?> OptionalNumber<T>(string name, string valueName, string description, T min, T max)
        where T : struct, INumber<T>, IMinMaxValue<T>
    {
        var option = new Option<T?>(name) { Description = description, HelpName = valueName };
        option.CustomParser = result => ParseNumber(result, name, min, max);
        return option;
    }

    /// <summary>A value of its own kind: <paramref name="parse"/> returns it, or null and the reason it is refused.</summary>
    public static Option<T?> Parsed<T>(string name, string valueName, string description, Func<string, (T? Value, string? Error)> parse)
        where T : class
    {
        var option = new Option<T?>(name) { Description = description, HelpName = valueName };
        option.CustomParser = result =>
        {
            var (value, error) = parse(result.Tokens[^1].Value);
            if (error is not null)
            {
                result.AddError($"{name} {error}");
            }

            return value;
        };
        return option;
    }

    /// <summary>Free text (a path, a name, a list of URLs), null when not given unless there is a default.</summary>
    public static Option<string?> Text(string name, string valueName, string description, string? defaultValue = null)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = valueName };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>One of <paramref name="choices"/> (case as given), completed by the shells; null when not given unless there is a default.</summary>
    public static Option<string?> Choice(string name, string description, string? defaultValue, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join('|', choices) };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (!choices.Contains(text, StringComparer.Ordinal))
            {
                result.AddError($"{name} must be {OneOf(choices)}, got '{text}'");
            }

            return text;
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A switch: given means true (<c>--name true</c> and <c>--name false</c> work too).</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>True when the option is on the command line (not only its default).</summary>
    public static bool Given(this ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    /// <summary>
    /// An argument takes any token the parser does not know, so a misspelt option would become a file name: it is
    /// refused as the unknown option it is. A lone <c>-</c> (standard input) is an argument.
    /// </summary>
    public static void RefuseOptionLikeValues(Argument argument, Command command) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (CliErrors.LooksLikeOption(token.Value))
                {
                    result.AddError(CliErrors.UnknownOption(token.Value, command));
                }
            }
        });

    private static T ParseNumber<T>(ArgumentResult result, string name, T min, T max)
        where T : struct, INumber<T>, IMinMaxValue<T>
    {
        var text = result.Tokens[^1].Value;
        var whole = typeof(T) == typeof(int) || typeof(T) == typeof(long);
        var style = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (T.TryParse(text, style, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == T.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{min} or more")
            : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}");
        result.AddError($"{name} must be {(whole ? "a whole number" : "a number")} {range}, got '{text}'");
        return default;
    }

    private static string OneOf(string[] choices) =>
        choices.Length == 1 ? choices[0] : string.Join(", ", choices[..^1]) + " or " + choices[^1];
}
