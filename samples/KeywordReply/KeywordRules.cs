using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace WeQuick.Samples.KeywordReply;

/// <summary>Where a rule answers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleScope>))]
public enum RuleScope
{
    /// <summary>Private chats and rooms.</summary>
    All,

    /// <summary>Private chats only.</summary>
    Private,

    /// <summary>Rooms only.</summary>
    Rooms,
}

/// <summary>
/// One rule of the rules file: exactly one of <see cref="Exact"/>, <see cref="Contains"/> or <see cref="Pattern"/>
/// (a .NET regular expression), and the <see cref="Reply"/>.
/// </summary>
public sealed record KeywordRule
{
    /// <summary>The whole text, ignoring case and surrounding spaces.</summary>
    public string? Exact { get; init; }

    /// <summary>A word or phrase anywhere in the text, ignoring case.</summary>
    public string? Contains { get; init; }

    /// <summary>A regular expression that must match somewhere in the text.</summary>
    public string? Pattern { get; init; }

    /// <summary>What to answer.</summary>
    public string Reply { get; init; } = string.Empty;

    /// <summary>Where the rule answers (default: everywhere).</summary>
    public RuleScope Scope { get; init; } = RuleScope.All;
}

/// <summary>The rules file: <c>{"rules": [{"contains": "价格", "reply": "…"}, …]}</c>. The first rule that matches answers.</summary>
public sealed class KeywordRules
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly List<(KeywordRule Rule, Regex? Regex)> _rules;

    private KeywordRules(List<(KeywordRule, Regex?)> rules) => _rules = rules;

    /// <summary>How many rules there are.</summary>
    public int Count => _rules.Count;

    /// <summary>Reads and checks a rules file's text.</summary>
    /// <exception cref="FormatException">The text is not a valid rules file; the message says which rule and why.</exception>
    public static KeywordRules Parse(string json)
    {
        RulesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RulesFile>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a rules file: {ex.Message}", ex);
        }

        var rules = new List<(KeywordRule, Regex?)>();
        foreach (var (rule, i) in (file?.Rules ?? []).Select((r, i) => (r, i + 1)))
        {
            var kinds = new[] { rule.Exact, rule.Contains, rule.Pattern }.Count(x => !string.IsNullOrWhiteSpace(x));
            if (kinds != 1)
            {
                throw new FormatException($"rule {i}: give exactly one of \"exact\", \"contains\" or \"pattern\"");
            }

            if (string.IsNullOrWhiteSpace(rule.Reply))
            {
                throw new FormatException($"rule {i}: \"reply\" is empty");
            }

            Regex? regex = null;
            if (rule.Pattern is { } pattern)
            {
                try
                {
                    regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    throw new FormatException($"rule {i}: \"pattern\" is not a regular expression: {ex.Message}", ex);
                }
            }

            rules.Add((rule, regex));
        }

        return new KeywordRules(rules);
    }

    /// <summary>The reply of the first rule that matches <paramref name="text"/> in a room or a private chat; null when none does.</summary>
    public string? Match(string text, bool inRoom)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (rule, regex) in _rules)
        {
            if ((rule.Scope == RuleScope.Private && inRoom) || (rule.Scope == RuleScope.Rooms && !inRoom))
            {
                continue;
            }

            var hit = rule.Exact is { } exact ? string.Equals(text.Trim(), exact.Trim(), StringComparison.OrdinalIgnoreCase)
                : rule.Contains is { } word ? text.Contains(word, StringComparison.OrdinalIgnoreCase)
                : regex!.IsMatch(text);
            if (hit)
            {
                return rule.Reply;
            }
        }

        return null;
    }

    private sealed record RulesFile
    {
        public List<KeywordRule>? Rules { get; init; }
    }
}
