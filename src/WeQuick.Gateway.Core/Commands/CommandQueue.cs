using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Pacing;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>
/// Commands from acceptance to a terminal state: persisted before the API answers, handed out per
/// target in FIFO order, correlated with their ack (by sendId) and their answering report (by sendId
/// where the report has one, else by account + expected kind + order).
/// </summary>
internal sealed partial class CommandQueue(StoreWriter writer, IGatewayBus bus, TimeProvider time, IOptions<GatewayOptions> options, SendPacer pacer, PollHandoff handoff)
{
    private static readonly byte[] EmptyBatch = "[]"u8.ToArray();

    private readonly GatewayOptions _options = options.Value;

    /// <summary>The apis answered by each report kind, from the commands' policies.</summary>
    private static readonly Dictionary<string, string[]> ApisByAnswerKind = ProtocolRegistry.Commands
        .SelectMany(k => k.Policy.AnswerKinds.Select(answer => (k.Api, Answer: answer)))
        .GroupBy(x => x.Answer, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(x => x.Api).ToArray(), StringComparer.Ordinal);

    /// <summary>The policy of a command kind; an api the registry does not know gets the safest one (a change, never redelivered).</summary>
    public static CommandPolicy PolicyOf(string api) => ProtocolRegistry.FindCommand(api)?.Policy ?? UnknownPolicy;

    private static readonly CommandPolicy UnknownPolicy = new(false, CommandTargetKind.Instance);

    /// <summary>
    /// Persists a command and wakes its target's long-polls; completes after the commit. When a long-poll of the
    /// target is waiting on this node, the command is handed to it in the same transaction (recorded delivered
    /// with whatever else was due for that poll), so the delivery costs no commit of its own.
    /// </summary>
    public async Task<StoredCommand> EnqueueAsync(CommandTarget target, Command command)
    {
        var now = time.GetUtcNow();
        var handing = new Handing();
        StoredCommand stored;
        try
        {
            stored = await writer.RunAsync((s, notes) =>
            {
                var row = Insert(s, target.Key, command, now);
                HandToWaitingPoll(s, notes, target.Key, now, handing);
                // The caller is answered with the command as accepted (queued), whether or not it went out at once.
                return row;
            });
        }
        catch
        {
            // The insert and the delivery were undone together: the poll goes on waiting.
            handing.Undone();
            throw;
        }

        handing.Committed();
        await AnnounceAsync(stored, now);
        return stored;
    }

    /// <summary>
    /// Inside the write item that stored a command for <paramref name="target"/>: claims a long-poll of the target
    /// waiting on this node, if any, and takes what is due for it, recorded delivered in the same transaction.
    /// </summary>
    private void HandToWaitingPoll(IGatewayWriteSession s, AfterCommit notes, string target, DateTimeOffset now, Handing handing)
    {
        var claimed = handoff.TryClaim(target);
        if (claimed is null)
        {
            return;
        }

        IReadOnlyList<StoredCommand> handed;
        try
        {
            handed = TakeDue(s, notes, claimed.Targets, claimed.Instance, claimed.Take, now);
        }
        catch
        {
            claimed.Release();
            throw;
        }

        if (handed.Count == 0)
        {
            // Paced: the poll keeps waiting, and the pacer wakes it when the command may go.
            claimed.Release();
            return;
        }

        handing.Poll = claimed;
        handing.Commands = handed;
    }

    /// <summary>A poll claimed inside a write item, and what it is handed once that item commits.</summary>
    private sealed class Handing
    {
        public PollWaiter? Poll { get; set; }

        public IReadOnlyList<StoredCommand> Commands { get; set; } = [];

        /// <summary>The write committed: the poll answers with the commands.</summary>
        public void Committed() => Poll?.Hand(Commands);

        /// <summary>The write was undone: the poll goes on waiting.</summary>
        public void Undone()
        {
            Poll?.Release();
            Poll = null;
        }
    }

    /// <summary>A command held back by pacing wakes its target's long-polls when it becomes due.</summary>
    private void WakeWhenPaced(StoredCommand stored, DateTimeOffset now)
    {
        if (stored.NotBefore is { } notBefore && notBefore > now)
        {
            pacer.WakeAt(stored.Target, notBefore);
        }
    }

    /// <summary>Inserts a queued command, with the time pacing lets it go, and sets its sendId. Runs inside a write item.</summary>
    private StoredCommand Insert(IGatewayWriteSession s, string target, Command command, DateTimeOffset now)
    {
        var policy = PolicyOf(command.Kind);
        var row = new StoredCommand
        {
            Target = target,
            Api = command.Kind,
            Wire = "{}",
            State = CommandState.Queued,
            AnswerKind = policy.AnswerKind,
            Redeliverable = policy.IsQuery,
            CreatedAt = now,
            NotBefore = pacer.Plan(target, command, now),
        };
        var id = s.InsertCommand(row);
        row = row with { Id = id, Wire = Wire(command with { SendId = id.ToString(CultureInfo.InvariantCulture) }) };
        s.UpdateCommand(row);
        return row;
    }

    /// <summary>Writes a command; one in a terminal state is announced after the commit, waking requests waiting on it.</summary>
    private static void Save(IGatewayWriteSession session, AfterCommit notes, StoredCommand command)
    {
        session.UpdateCommand(command);
        if (command.IsTerminal)
        {
            notes.Finished(command);
        }
    }

    /// <summary>
    /// How many commands one answer to a client holds: what the client says it takes (<paramref name="said"/>, the
    /// <c>take=</c> of its URL, which only WeQuick's own agent sends), else its credential's setting, else the
    /// gateway's <see cref="GatewayOptions.CommandsPerAnswer"/> (one); never more than
    /// <see cref="GatewayOptions.MaxCommandsPerAnswer"/>.
    /// </summary>
    public int AnswerSize(ClientCredential? client, int? said)
    {
        var size = said ?? client?.CommandsPerAnswer ?? _options.CommandsPerAnswer;
        return Math.Clamp(size, 1, _options.MaxCommandsPerAnswer);
    }

    /// <summary>
    /// Takes up to <paramref name="take"/> of the commands due for <paramref name="targets"/>, oldest first, marking
    /// them delivered to <paramref name="instance"/>; the rest stay due for the next answer. Runs inside a write item.
    /// </summary>
    public IReadOnlyList<StoredCommand> TakeDue(IGatewayWriteSession session, AfterCommit notes, IReadOnlyList<string> targets, string? instance, int take, DateTimeOffset now)
    {
        if (targets.Count == 0 || take < 1)
        {
            return [];
        }

        // Read past the commands this answer takes: a paced command, or one that fails here for want of acks, does
        // not take a place in the answer, and what is behind it (another target's, or the next) may go instead.
        var due = session.FindDueCommands(targets, now - _options.AckTimeout, Math.Max(take, _options.MaxCommandsPerAnswer));
        var taken = new List<StoredCommand>(Math.Min(take, due.Count));
        HashSet<string>? paced = null;
        foreach (var c in due)
        {
            if (taken.Count == take)
            {
                // The answer is full: the rest stay as they are, due for the next poll or report.
                break;
            }

            if (paced is not null && paced.Contains(c.Target))
            {
                // A paced command ahead of it waits: commands of one target keep their order.
                continue;
            }

            if (c.State == CommandState.Queued && c.NotBefore is not null && !pacer.TryTake(c, now, out var retryAt))
            {
                (paced ??= new HashSet<string>(StringComparer.Ordinal)).Add(c.Target);
                if (retryAt != c.NotBefore)
                {
                    session.UpdateCommand(c with { NotBefore = retryAt });
                }

                pacer.WakeAt(c.Target, retryAt);
                continue;
            }

            StoredCommand next;
            if (c.State == CommandState.Delivered && c.Deliveries >= _options.MaxDeliveries)
            {
                next = c with { State = CommandState.Failed, FailedAt = now, ErrorReason = NoAckReason(c) };
                Save(session, notes, next);
                continue;
            }

            next = c with
            {
                State = CommandState.Delivered,
                Deliveries = c.Deliveries + 1,
                DeliveredAt = c.DeliveredAt ?? now,
                LastDeliveredAt = now,
                DeliveredTo = instance,
            };
            Save(session, notes, next);
            taken.Add(next);
        }

        return taken;
    }

    /// <summary>The wire array of commands, each as it was queued.</summary>
    public static byte[] Batch(IReadOnlyList<StoredCommand> commands) => Batch(commands, InterfaceGenerations.None);

    /// <summary>
    /// The wire array of commands for a client of <paramref name="generation"/>: a kind both generations have under one
    /// name but spell differently is written in that generation's shape; every other command (and every command when the
    /// generation is unknown) goes as it was queued.
    /// </summary>
    public static byte[] Batch(IReadOnlyList<StoredCommand> commands, InterfaceGenerations generation)
    {
        if (commands.Count == 0)
        {
            // Shared: answers only ever read it.
            return EmptyBatch;
        }

        var sb = new StringBuilder("[");
        for (var i = 0; i < commands.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(WireFor(commands[i], generation));
        }

        return Encoding.UTF8.GetBytes(sb.Append(']').ToString());
    }

    /// <summary>One queued command's wire object for a client of <paramref name="generation"/> (see <see cref="Batch(IReadOnlyList{StoredCommand}, InterfaceGenerations)"/>).</summary>
    private static string WireFor(StoredCommand command, InterfaceGenerations generation)
    {
        if (generation is not (InterfaceGenerations.V1 or InterfaceGenerations.V2)
            || ProtocolRegistry.FindCommand(command.Api) is not { Generations: InterfaceGenerations.Both })
        {
            return command.Wire;
        }

        var decoded = CommandDecoder.DecodeBatch(Encoding.UTF8.GetBytes("[" + command.Wire + "]"));
        if (decoded.Commands.Count != 1 || decoded.Commands[0] is not { } one || one.Shape == generation)
        {
            return command.Wire;
        }

        var bytes = CommandEncoder.EncodeBatch([one], generation);
        return Encoding.UTF8.GetString(bytes, 1, bytes.Length - 2);
    }

    /// <summary>The command a report refers to by its sendId, when it refers to one of ours.</summary>
    public static StoredCommand? BySendId(IGatewayWriteSession session, Report report)
    {
        var sendId = report switch
        {
            CommandResultReport r => r.SendId,
            LoginQrCodeReport qr => qr.SendId,
            _ => null,
        };
        return long.TryParse(sendId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? session.GetCommand(id) : null;
    }

    /// <summary>
    /// The instance-targeted query a report without an account answers, when one is waiting (a second-generation
    /// <c>reportQrCodeMessage</c> carries neither <c>cwxid</c> nor <c>sendId</c>: the <c>getLoginQrCode</c> handed out
    /// before it says which instance it comes from). Null when the report has an account, or answers nothing waiting.
    /// </summary>
    public static StoredCommand? AwaitedFromInstance(IGatewayWriteSession session, Report report) =>
        report.Account is not { Length: > 0 } && ApisByAnswerKind.TryGetValue(report.Kind, out var apis)
            ? session.FindAwaitingAnswer(apis, null)
            : null;

    /// <summary>Updates commands from a report just appended as <paramref name="seq"/>. Runs inside a write item.</summary>
    /// <remarks><paramref name="awaitedByInstance"/>: what <see cref="AwaitedFromInstance"/> found for a report without an account, looked up once by the caller.</remarks>
    public static void Correlate(IGatewayWriteSession session, AfterCommit notes, long seq, Report report, StoredCommand? bySendId, StoredCommand? awaitedByInstance, string? account, DateTimeOffset now)
    {
        if (report is CommandResultReport result)
        {
            if (bySendId is { IsTerminal: false } c)
            {
                if (c.AckSeq is null)
                {
                    Save(session, notes, Acknowledge(c, seq, result, now));
                }
                else if (c.AnswerKind == report.Kind && c.AnswerSeq is null)
                {
                    // The ack came first (a generic ack), now the command's own result report (resLogout, resUploadFile).
                    Save(session, notes, result.Succeeded
                        ? c with { AnswerSeq = seq, State = CommandState.Completed, CompletedAt = now, SendResult = result.SendResult }
                        : c with { AnswerSeq = seq, State = CommandState.Failed, FailedAt = now, SendResult = result.SendResult, ErrorReason = FailureReason(result) });
                }

                return;
            }

            if (bySendId is not null || report is CommandAck)
            {
                // A late or repeated ack of a finished command, or an ack of nothing we sent: kept in the log only.
                return;
            }
        }

        if (!ApisByAnswerKind.TryGetValue(report.Kind, out var apis))
        {
            return;
        }

        var query = bySendId is { AnswerSeq: null } s && apis.Contains(s.Api, StringComparer.Ordinal) && !s.IsTerminal
            ? s
            : bySendId is null ? (account is null ? awaitedByInstance : session.FindAwaitingAnswer(apis, account)) : null;
        if (query is null)
        {
            return;
        }

        Save(session, notes, query with
        {
            AnswerSeq = seq,
            State = CommandState.Completed,
            CompletedAt = now,
        });
    }

    private static StoredCommand Acknowledge(StoredCommand c, long seq, CommandResultReport result, DateTimeOffset now)
    {
        var acked = c with { AckSeq = seq, AcknowledgedAt = now, SendResult = result.SendResult, ErrorReason = result.ErrorReason };
        if (!result.Succeeded)
        {
            return acked with { State = CommandState.Failed, FailedAt = now, ErrorReason = FailureReason(result) };
        }

        if (c.AnswerKind is null || c.AnswerKind == result.Kind || c.AnswerSeq is not null)
        {
            return acked with { State = CommandState.Completed, CompletedAt = now, AnswerSeq = c.AnswerKind == result.Kind ? seq : c.AnswerSeq };
        }

        return acked with { State = CommandState.Acknowledged };
    }

    private static string FailureReason(CommandResultReport result) =>
        result.ErrorReason ?? $"the client answered sendResult \"{result.SendResult}\"";

    /// <summary>The most commands one sweep reads in each state; the next sweep goes on from where it stopped.</summary>
    internal int SweepLimit { get; set; } = 1000;

    // Where the last sweep stopped in each state (only the writer's thread sweeps). Old commands that are left
    // as they are (a queued command whose target is online, a delivered query waiting for its next poll) would
    // otherwise fill every sweep's first page, and the ones behind them would never be looked at.
    private readonly Dictionary<CommandState, long> _sweptTo = [];

    /// <summary>
    /// Fails delivered commands never acked (queries after their last delivery, anything after
    /// <see cref="GatewayOptions.UnackedTimeout"/>) and acked queries never answered; expires queued commands
    /// whose target stayed away.
    /// </summary>
    public int Sweep(IGatewayWriteSession session, AfterCommit notes, Func<string, bool> isOnline, DateTimeOffset now)
    {
        var changed = 0;
        var ackBefore = now - _options.AckTimeout;
        var unackedBefore = now - _options.UnackedTimeout;
        foreach (var c in Page(session, CommandState.Delivered, ackBefore < unackedBefore ? unackedBefore : ackBefore))
        {
            var lastDelivered = c.LastDeliveredAt ?? c.DeliveredAt ?? c.CreatedAt;
            if (c.Redeliverable && c.Deliveries >= _options.MaxDeliveries && lastDelivered < ackBefore)
            {
                Save(session, notes, c with { State = CommandState.Failed, FailedAt = now, ErrorReason = NoAckReason(c) });
                changed++;
            }
            else if (lastDelivered < unackedBefore)
            {
                var reason = c.Redeliverable
                    ? $"no ack within {_options.UnackedTimeout} of its last delivery; {c.Target} stopped polling"
                    : $"no ack within {_options.UnackedTimeout} of its delivery; the client may have run it, and it is not handed out again";
                Save(session, notes, c with { State = CommandState.Failed, FailedAt = now, ErrorReason = reason });
                changed++;
            }
        }

        foreach (var c in Page(session, CommandState.Acknowledged, now - _options.AnswerTimeout))
        {
            Save(session, notes, c with { State = CommandState.Failed, FailedAt = now, ErrorReason = $"acknowledged, but no {c.AnswerKind} arrived within {_options.AnswerTimeout}" });
            changed++;
        }

        foreach (var c in Page(session, CommandState.Queued, now - _options.OfflineCommandTtl))
        {
            if (!isOnline(c.Target))
            {
                Save(session, notes, c with
                {
                    State = CommandState.Expired,
                    ExpiredAt = now,
                    ErrorReason = $"{c.Target} was not online to take it within {_options.OfflineCommandTtl}",
                });
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The next page of a state's commands older than <paramref name="before"/>; after the last page, the first again.</summary>
    private IReadOnlyList<StoredCommand> Page(IGatewayWriteSession session, CommandState state, DateTimeOffset before)
    {
        var after = _sweptTo.GetValueOrDefault(state);
        var page = session.FindCommands(state, before, after, SweepLimit);
        if (page.Count == 0 && after > 0)
        {
            page = session.FindCommands(state, before, 0, SweepLimit);
        }

        _sweptTo[state] = page.Count < SweepLimit ? 0 : page[^1].Id;
        return page;
    }

    private string NoAckReason(StoredCommand c) => $"no ack after {c.Deliveries} deliveries ({_options.AckTimeout} each)";

    private static string Wire(Command command)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            CommandEncoder.Write(json, command);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
