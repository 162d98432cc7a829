using WeQuick.Protocol;

namespace WeQuick.Agent;

/// <summary>How an agent talks to its callback server. Only the two URLs are required; the defaults suit a real server.</summary>
public sealed record AgentOptions
{
    /// <summary>The event URL (the spec's <c>receive_msg</c>; the vendor demos serve <c>/recieve_msg</c>).</summary>
    public required Uri ReceiveUrl { get; init; }

    /// <summary>The command URL (<c>send_msg</c>), polled with <c>?wxid=&amp;pid=</c>.</summary>
    public required Uri SendUrl { get; init; }

    /// <summary>
    /// How many commands the agent says it executes from one answer (it executes every element of an array, whatever
    /// its length): it adds <c>take=</c> with this number to its poll and event URLs, an extension of WeQuick's that
    /// real clients never send, so a WeQuick gateway hands it up to this many commands per answer (and up to its own
    /// <c>Gateway:MaxCommandsPerAnswer</c>) rather than the one it gives clients that say nothing. Null: the agent
    /// says nothing, as a real client, and gets what the server gives such clients. Default 20.
    /// </summary>
    public int? CommandsPerAnswer { get; init; } = 20;

    /// <summary>Time from one poll's start to the next; a poll the server held this long is followed at once.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A poll the server held at least this long (or the poll interval, if shorter) counts as a long-poll and is followed at once.</summary>
    public TimeSpan LongPollThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a poll may be held open by a long-polling server.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How long one report POST (or upload) may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How reports are written.</summary>
    public ReportQuirks Quirks { get; init; } = ReportQuirks.Spec;

    /// <summary>
    /// Which generation of the interface the agent speaks (<see cref="InterfaceGenerations.V1"/> or
    /// <see cref="InterfaceGenerations.V2"/>, the default, as every client released since 2020-08): the shape it writes
    /// the reports both generations have in (a message flat under <c>data</c> with <c>msgid</c>, <c>reportLoginUser</c>
    /// with <c>phone</c>, <c>unreadmsg</c> and <c>wxdir</c>). A backend that runs instances of both generations says per
    /// instance which one each speaks (the simulated world's mixed mode), and that wins.
    /// </summary>
    public InterfaceGenerations Interface { get; init; } = InterfaceGenerations.V2;

    /// <summary>Reports waiting per instance; when full, the oldest is discarded with a log line.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Tries per report before it is discarded (with a log line).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first retry delay; doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between two tries (reports and polls).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On shutdown, how long queued reports may still be sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> saying what is wrong; the agent calls it when it is created.</summary>
    internal void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Check(ReceiveUrl.IsAbsoluteUri && ReceiveUrl.Scheme is "http" or "https", "the event URL must be an absolute http(s) URL");
        Check(SendUrl.IsAbsoluteUri && SendUrl.Scheme is "http" or "https", "the command URL must be an absolute http(s) URL");
        Check(PollInterval >= TimeSpan.Zero, "the poll interval cannot be negative");
        Check(PollTimeout > TimeSpan.Zero && RequestTimeout > TimeSpan.Zero, "timeouts must be positive");
        Check(Interface is InterfaceGenerations.V1 or InterfaceGenerations.V2, "the interface must be v1 or v2");
        Check(CommandsPerAnswer is null or >= 1, "the commands per answer must be at least 1 (or unset, to say nothing)");
        Check(QueueCapacity >= 1, "the queue needs room for at least one report");
        Check(MaxAttempts >= 1, "a report needs at least one attempt");
        Check(InitialBackoff > TimeSpan.Zero && MaxBackoff >= InitialBackoff, "backoff must be positive and its maximum at least its start");
    }

    /// <summary>The event URL the agent posts to: <see cref="ReceiveUrl"/> with its <c>take=</c>.</summary>
    internal Uri ReportUrl => WithTake(ReceiveUrl);

    /// <summary>
    /// <paramref name="url"/> with <c>take=</c><see cref="CommandsPerAnswer"/> added to its query, unless there is no
    /// number to say or the URL already says one (an operator's own <c>take=</c> is left as it is).
    /// </summary>
    internal Uri WithTake(Uri url)
    {
        var query = url.Query.TrimStart('?');
        if (CommandsPerAnswer is not { } take
            || query.Split('&').Any(p => p.Equals("take", StringComparison.OrdinalIgnoreCase) || p.StartsWith("take=", StringComparison.OrdinalIgnoreCase)))
        {
            return url;
        }

        // The URL as given (its query escaped as it was), with the number after it.
        var sep = url.Query.Length > 0 ? '&' : '?';
        return new Uri(url.GetLeftPart(UriPartial.Query) + sep + "take=" + take.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The delay before retry number <paramref name="failures"/> (1 = first retry).</summary>
    internal TimeSpan Backoff(int failures)
    {
        var ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}
