using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Commands;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Ingestion;

/// <summary>What became of a report body.</summary>
internal abstract record IngestOutcome;

/// <summary>Appended as <paramref name="Seq"/>; <paramref name="Commands"/> is the wire array to answer with.</summary>
internal sealed record Appended(long Seq, string Kind, byte[] Commands) : IngestOutcome;

/// <summary>Refused before anything was stored: the report's account belongs to another client.</summary>
internal sealed record RefusedReport(Refusal Refusal) : IngestOutcome;

/// <summary>Could not be decoded; kept in the quarantine as <paramref name="Id"/>.</summary>
internal sealed record Quarantined(long Id, DecodeError Error) : IngestOutcome;

/// <summary>
/// receive_msg: decode → append to the log (raw bytes kept) → project → correlate with commands → take
/// the commands due for the account — all in one write item, so the answer is sent only once it is durable.
/// </summary>
internal sealed partial class ReportIngestor(
    StoreWriter writer,
    Projector projector,
    CommandQueue queue,
    LoginRefresh loginRefresh,
    IPresence presence,
    ClientBindings bindings,
    GatewayCounters counters,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<ReportIngestor> logger)
{
    private readonly DecodeLimits _limits = Limits(options.Value);
    private readonly GatewayOptions _options = options.Value;

    /// <summary>How the gateway decodes a report body, here and whenever it reads one back from the log.</summary>
    public static DecodeLimits Limits(GatewayOptions options) => new() { MaxBodyBytes = options.MaxBodyBytes };

    /// <summary>
    /// Ingests one report of the client <paramref name="remote"/> (its name, or its address when no client tokens are
    /// configured): a report naming an account binds the account to that client, or is refused when it is another's.
    /// </summary>
    public Task<IngestOutcome> IngestAsync(byte[] body, string? contentType, string remote) =>
        IngestAsync(body, contentType, remote, queue.AnswerSize(null, null));

    /// <summary>
    /// Ingests one report, as <see cref="IngestAsync(byte[], string?, string)"/>, and answers with at most
    /// <paramref name="take"/> of the commands due for its account (see <see cref="CommandQueue.AnswerSize"/>).
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(byte[] body, string? contentType, string remote, int take)
    {
        var decoded = ReportDecoder.Decode(body, contentType, _limits);
        var now = time.GetUtcNow();
        if (!decoded.IsSuccess)
        {
            var error = decoded.Error!;
            var id = await writer.RunAsync(s => s.Quarantine(new NewQuarantinedBody(now, remote, contentType, body, error.Message, error.BytePosition)));
            counters.CountQuarantined();
            LogQuarantined(logger, id, remote, error.ToString());
            return new Quarantined(id, error);
        }

        var report = decoded.Report!;
        if (report.Account is { Length: > 0 } reported && await bindings.ClaimAccountAsync(reported, remote, "report") is { } refused)
        {
            return new RefusedReport(refused);
        }

        IReadOnlyList<StoredCommand> refresh = [];
        var handedOut = new HashSet<long>();
        var outcome = await writer.RunAsync((s, notes) =>
        {
            refresh = [];
            handedOut.Clear();
            var command = CommandQueue.BySendId(s, report);
            var account = report.Account is { Length: > 0 } a ? a : null;
            if (account is null && command is not null && !CommandTarget.IsInstanceKey(command.Target))
            {
                // resLogout arrives without cwxid; the command it answers says whose it is.
                account = command.Target;
            }

            var awaited = command is null && account is null ? CommandQueue.AwaitedFromInstance(s, report) : null;
            var instance = command?.DeliveredTo ?? (account is null ? awaited?.DeliveredTo : presence.InstanceOf(account));
            var seq = s.AppendEvent(new NewEvent(report.Kind, account, instance, now, EventSource.Client, contentType, body));
            var loggedIn = projector.Apply(s, new StoredEvent(seq, report.Kind, account, instance, now, EventSource.Client, contentType, body), report);
            CommandQueue.Correlate(s, notes, seq, report, command, awaited, account, now);
            // Which generation the client speaks is looked up only when it is needed: most reports are answered with nothing.
            InterfaceGenerations? known = null;
            InterfaceGenerations Generation() => known ??= ClientGenerations.Pinned(_options, remote) is var pinned && pinned != InterfaceGenerations.None
                ? pinned
                : ClientGenerations.Learned(s, account, instance);
            if (loggedIn is not null)
            {
                refresh = loginRefresh.Queue(s, loggedIn, seq, Generation(), now);
            }

            var due = account is null ? [] : queue.TakeDue(s, notes, [account], instance, take, now);
            handedOut.UnionWith(due.Select(c => c.Id));
            return new Appended(seq, report.Kind, due.Count == 0 ? CommandQueue.Batch([]) : CommandQueue.Batch(due, Generation()));
        });
        counters.CountAccepted();
        await loginRefresh.QueuedAsync(refresh, c => handedOut.Contains(c.Id), outcome.Seq, now);
        return outcome;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Quarantined body {Id} from {Remote}: {Error}")]
    private static partial void LogQuarantined(ILogger logger, long id, string remote, string error);
}
