namespace WeQuick.Protocol;

/// <summary>Bounds the decoder enforces on untrusted input.</summary>
public sealed record DecodeLimits
{
    /// <summary>The defaults: 16 MiB bodies (a large contact list), nesting 64 deep.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>The largest body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted.</summary>
    public int MaxDepth { get; init; } = 64;
}

/// <summary>Why a body could not be decoded, and where.</summary>
/// <param name="Message">What is wrong, in words a person can act on.</param>
/// <param name="BytePosition">
/// The byte offset in the body where the problem was found, when known (a UTF-8 BOM counts; for a form body,
/// the offset in its URL-decoded <c>data</c> field).
/// </param>
public sealed record DecodeError(string Message, long? BytePosition = null)
{
    /// <inheritdoc />
    public override string ToString() => BytePosition is { } p ? $"{Message} (at byte {p})" : Message;
}

/// <summary>
/// The outcome of decoding one report body: a typed report (possibly <see cref="UnknownReport"/>) or an
/// error. The raw body is always kept.
/// </summary>
public sealed class ReportDecodeResult
{
    internal ReportDecodeResult(ReadOnlyMemory<byte> body, Report? report, DecodeError? error, bool wrapped)
    {
        Body = body;
        Report = report;
        Error = error;
        Wrapped = wrapped;
    }

    /// <summary>The body exactly as received.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The report, when decoding succeeded.</summary>
    public Report? Report { get; }

    /// <summary>The error, when it did not.</summary>
    public DecodeError? Error { get; }

    /// <summary>Whether the envelope came inside the outer <c>{"data": …}</c> wrapper.</summary>
    public bool Wrapped { get; }

    /// <summary>True when <see cref="Report"/> is set.</summary>
    public bool IsSuccess => Report is not null;

    /// <summary>True for an action this library does not know.</summary>
    public bool IsUnknown => Report is UnknownReport;
}

/// <summary>A command-array entry that was skipped, and why (placeholders such as <c>{}</c> are normal).</summary>
/// <param name="Index">The entry's position in the array.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedEntry(int Index, string Reason);

/// <summary>The outcome of decoding one command array (a <c>send_msg</c> answer or a <c>receive_msg</c> response).</summary>
public sealed class CommandBatchDecodeResult
{
    internal CommandBatchDecodeResult(ReadOnlyMemory<byte> body, IReadOnlyList<Command> commands, IReadOnlyList<SkippedEntry> skipped, DecodeError? error)
    {
        Body = body;
        Commands = commands;
        Skipped = skipped;
        Error = error;
    }

    /// <summary>The body exactly as received.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The commands, in order (unknown apis as <see cref="UnknownCommand"/>).</summary>
    public IReadOnlyList<Command> Commands { get; }

    /// <summary>Entries that were not commands: <c>{}</c>, <c>[]</c>, <c>null</c>, entries without an api.</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; }

    /// <summary>Set when the body as a whole could not be read.</summary>
    public DecodeError? Error { get; }

    /// <summary>True when <see cref="Error"/> is not set.</summary>
    public bool IsSuccess => Error is null;
}
