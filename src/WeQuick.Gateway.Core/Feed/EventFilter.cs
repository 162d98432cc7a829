namespace WeQuick.Gateway.Feed;

/// <summary>Which events a consumer wants: some accounts, some kinds, or everything.</summary>
internal sealed class EventFilter
{
    public const int MaxValues = 100;
    public const int MaxValueLength = 128;

    private readonly HashSet<string>? _accounts;
    private readonly HashSet<string>? _kinds;

    public EventFilter(IEnumerable<string>? accounts, IEnumerable<string>? kinds)
    {
        _accounts = Set(accounts);
        _kinds = Set(kinds);
    }

    public static EventFilter All { get; } = new(null, null);

    public IReadOnlyCollection<string> Accounts => _accounts ?? (IReadOnlyCollection<string>)[];

    public IReadOnlyCollection<string> Kinds => _kinds ?? (IReadOnlyCollection<string>)[];

    public bool Matches(string? account, string kind) =>
        (_accounts is null || (account is not null && _accounts.Contains(account)))
        && (_kinds is null || _kinds.Contains(kind));

    /// <summary>Reads a repeatable, comma-separated query parameter (<c>?kind=a&amp;kind=b,c</c>).</summary>
    public static bool TryParseList(string name, IEnumerable<string?>? values, out List<string>? list, out string? error)
    {
        list = null;
        error = null;
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length > MaxValueLength)
                {
                    error = $"each {name} may be at most {MaxValueLength} characters";
                    return false;
                }

                list ??= [];
                list.Add(part);
            }
        }

        if (list is { Count: > MaxValues })
        {
            error = $"at most {MaxValues} values of {name} may be given";
            return false;
        }

        return true;
    }

    private static HashSet<string>? Set(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        var set = new HashSet<string>(values, StringComparer.Ordinal);
        return set.Count == 0 ? null : set;
    }
}
