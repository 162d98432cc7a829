using System.Text.RegularExpressions;
using WeQuick.Protocol;

namespace WeQuick.Sdk;

/// <summary>
/// A registered handler and its filters. Filters compose: the handler runs only for events every filter takes.
/// Messages the account itself sent are ignored unless <see cref="IncludeOwnMessages"/> is called.
/// </summary>
public sealed class BotHandler
{
    private readonly List<Func<BotContext, ValueTask<bool>>> _filters = [];
    private readonly Func<BotContext, BotContext?> _bind;
    private readonly Func<BotContext, Task> _run;
    private bool _includeOwn;

    internal BotHandler(string name, Func<BotContext, BotContext?> bind, Func<BotContext, Task> run, bool includeOwn)
    {
        Name = name;
        _bind = bind;
        _run = run;
        _includeOwn = includeOwn;
    }

    /// <summary>What the handler was registered for (shown in logs).</summary>
    public string Name { get; }

    /// <summary>Only private chats.</summary>
    public BotHandler InPrivate() => Where(c => !c.IsRoom && c.Report is MessageReport);

    /// <summary>Only room messages; with <paramref name="rooms"/>, only those rooms.</summary>
    /// <param name="rooms">Room ids; none for any room.</param>
    public BotHandler InRoom(params string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var set = rooms.ToHashSet(StringComparer.Ordinal);
        return Where(c => c.RoomId is { } room && (set.Count == 0 || set.Contains(room)));
    }

    /// <summary>Only events from these senders (people, by wxid).</summary>
    /// <param name="wxids">The senders.</param>
    public BotHandler From(params string[] wxids)
    {
        ArgumentNullException.ThrowIfNull(wxids);
        var set = wxids.ToHashSet(StringComparer.Ordinal);
        return Where(c => c.SenderId is { } sender && set.Contains(sender));
    }

    /// <summary>Only events of these bot accounts.</summary>
    /// <param name="accounts">The accounts' wxids.</param>
    public BotHandler ForAccount(params string[] accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var set = accounts.ToHashSet(StringComparer.Ordinal);
        return Where(c => c.Account is { } a && set.Contains(a));
    }

    /// <summary>Only texts that mention the account (<see cref="BotContext.IsMentioned"/>: the client's <c>atlist</c>, else <c>@nick</c> in the text).</summary>
    public BotHandler MentionsMe() => Where(c => c.IsMentioned);

    /// <summary>Only texts containing <paramref name="keyword"/>.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="comparison">How to compare (default: ignoring case).</param>
    public BotHandler Containing(string keyword, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        return Where(c => c.Text is { } text && text.Contains(keyword, comparison));
    }

    /// <summary>Only texts <paramref name="pattern"/> matches.</summary>
    /// <param name="pattern">The regular expression.</param>
    public BotHandler Matching(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Where(c => c.Text is { } text && pattern.IsMatch(text));
    }

    /// <summary>Only events <paramref name="predicate"/> takes.</summary>
    /// <param name="predicate">The condition.</param>
    public BotHandler Where(Func<BotContext, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _filters.Add(c => ValueTask.FromResult(predicate(c)));
        return this;
    }

    /// <summary>Only events <paramref name="predicate"/> takes (an asynchronous condition).</summary>
    /// <param name="predicate">The condition.</param>
    public BotHandler Where(Func<BotContext, ValueTask<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _filters.Add(predicate);
        return this;
    }

    /// <summary>Also handle messages the account itself sent (ignored by default, so a bot does not answer itself).</summary>
    public BotHandler IncludeOwnMessages()
    {
        _includeOwn = true;
        return this;
    }

    /// <summary>Runs the handler if the event is of its type and passes its filters; true when it ran.</summary>
    internal async Task<bool> TryRunAsync(BotContext context)
    {
        if (_bind(context) is not { } bound || (!_includeOwn && bound.IsSelf))
        {
            return false;
        }

        foreach (var filter in _filters)
        {
            if (!await filter(bound))
            {
                return false;
            }
        }

        await _run(bound);
        return true;
    }
}
