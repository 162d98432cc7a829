namespace WeQuick.Sdk;

/// <summary>Filters of <see cref="WeQuickClient.ListMessagesAsync"/>.</summary>
public sealed record MessageQuery
{
    /// <summary>Only this conversation (a room or a peer).</summary>
    public string? Conversation { get; init; }

    /// <summary>Only messages from this sender.</summary>
    public string? Sender { get; init; }

    /// <summary>Only this report kind, e.g. <c>reportTextMessage</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Received at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Received before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Text in the report's string fields, case-insensitive.</summary>
    public string? Text { get; init; }

    /// <summary>Page size, 1 to 500 (default 50).</summary>
    public int? Limit { get; init; }
}

/// <summary>Filters of <see cref="WeQuickClient.ListContactsAsync"/>.</summary>
public sealed record ContactQuery
{
    /// <summary><c>friend</c>, <c>stranger</c>, <c>blacklisted</c>, <c>unknown</c> (people), <c>room</c> or <c>public</c>; null for all people.</summary>
    public string? Type { get; init; }

    /// <summary>Text in nick, remark, username or wxid, case-insensitive.</summary>
    public string? Text { get; init; }

    /// <summary>Page size, 1 to 500 (default 50).</summary>
    public int? Limit { get; init; }
}

/// <summary>Filters of <see cref="WeQuickClient.ListCommandsAsync"/>.</summary>
public sealed record CommandQuery
{
    /// <summary>Only commands to this target (a wxid or <c>pid:N</c>).</summary>
    public string? Target { get; init; }

    /// <summary>Only commands in this state.</summary>
    public CommandState? State { get; init; }

    /// <summary>Page size, 1 to 500 (default 50).</summary>
    public int? Limit { get; init; }
}
