namespace WeQuick.Sdk;

/// <summary>How a <see cref="WeQuickBot"/> connects, where it starts, and how much it runs at once.</summary>
public sealed class WeQuickBotOptions
{
    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:8080</c> (not needed when the bot is given a client).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key (scope send, or admin); null for a gateway in open mode.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Only events of these accounts; null or empty for every account of the gateway.</summary>
    public IList<string>? Accounts { get; set; }

    /// <summary>
    /// Where the cursor is kept. With a stored cursor the bot continues after it; without one (or without a store)
    /// it starts at the current end of the log, so it never answers history.
    /// </summary>
    public ICursorStore? CursorStore { get; set; }

    /// <summary>Shortcut for <see cref="CursorStore"/>: a <see cref="FileCursorStore"/> at this path.</summary>
    public string? CursorFile { get; set; }

    /// <summary>Start after this seq, whatever the store holds (0: the whole log). Null: the stored cursor, or the end of the log.</summary>
    public long? StartAfter { get; set; }

    /// <summary>How many handlers run at once, across conversations (one conversation's run one at a time, in order). Default 8.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How many received events may wait for their handlers before the bot stops reading the stream. Default 1000.</summary>
    public int MaxPendingEvents { get; set; } = 1000;

    /// <summary>More names the account answers to in <c>@</c> mentions, besides its nickname (a room nickname, say).</summary>
    public IList<string> MentionNames { get; } = [];

    /// <summary>The clock for backoff and timeouts.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How the stream reconnects (its cursor and filters are set by the bot).</summary>
    public EventStreamOptions Stream { get; set; } = new();

    /// <summary>The environment variable with the gateway's base URL.</summary>
    public const string UrlVariable = "WEQUICK_URL";

    /// <summary>The environment variable with the API key.</summary>
    public const string KeyVariable = "WEQUICK_KEY";

    /// <summary>The gateway a local <c>wequick serve</c> or <c>wequick demo</c> listens on.</summary>
    public static readonly Uri DefaultBaseUrl = new("http://127.0.0.1:8080");

    /// <summary>
    /// Options from the environment: the gateway from <c>WEQUICK_URL</c> (default <c>http://127.0.0.1:8080</c>) and
    /// the key from <c>WEQUICK_KEY</c> (none when unset), so one build of a bot runs anywhere.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>WEQUICK_URL</c> is not an absolute http(s) URL.</exception>
    public static WeQuickBotOptions FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        Uri baseUrl = DefaultBaseUrl;
        if (!string.IsNullOrWhiteSpace(url) && (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl!) || baseUrl.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"{UrlVariable} must be an absolute http(s) URL such as http://127.0.0.1:8080, got '{url}'");
        }

        var key = Environment.GetEnvironmentVariable(KeyVariable);
        return new WeQuickBotOptions { BaseUrl = baseUrl, ApiKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim() };
    }

    internal void Validate(bool hasClient)
    {
        if (!hasClient && BaseUrl is null)
        {
            throw new InvalidOperationException("WeQuickBotOptions.BaseUrl is required, e.g. http://127.0.0.1:8080");
        }

        if (MaxConcurrency < 1)
        {
            throw new InvalidOperationException($"WeQuickBotOptions.MaxConcurrency must be at least 1, got {MaxConcurrency}");
        }

        if (MaxPendingEvents < 1)
        {
            throw new InvalidOperationException($"WeQuickBotOptions.MaxPendingEvents must be at least 1, got {MaxPendingEvents}");
        }
    }
}
