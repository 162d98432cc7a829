namespace WeQuick.Protocol;

/// <summary>What a command needs to run: a logged-in account, or only a WeChat process.</summary>
public enum CommandTargetKind
{
    /// <summary>A logged-in account: addressed by its wxid.</summary>
    Account,

    /// <summary>
    /// A WeChat process, logged in or not (login, opening and closing processes): addressed by its pid, or by the
    /// wxid of the account logged in there.
    /// </summary>
    Instance,
}

/// <summary>Which human-like rate budget a command spends when a server paces what an account does.</summary>
public enum CommandPacing
{
    /// <summary>Not paced: queries, login and process commands, uploads from the client machine.</summary>
    None,

    /// <summary>A message: paced as a message to a person, or to a room when its <see cref="Command.Receiver"/> is a room.</summary>
    Message,

    /// <summary>A change to a person (delete, remark, accept a friend or a transfer): paced as a message to a person.</summary>
    Change,

    /// <summary>A room operation (invite, remove, rename, my nickname, create, leave, accept an invitation).</summary>
    RoomOperation,
}

/// <summary>Which daily cap a command counts against.</summary>
public enum CommandDailyCap
{
    /// <summary>None.</summary>
    None,

    /// <summary>Creating rooms.</summary>
    CreateRoom,

    /// <summary>Adding friends (accepting a request, asking a room member).</summary>
    FriendAdd,
}

/// <summary>
/// What a server needs to know to queue, hand out, pace and correlate one kind of command. Declared once, on the
/// command's entry in <see cref="ProtocolRegistry"/>.
/// </summary>
public sealed class CommandPolicy
{
    /// <summary>Declares a policy.</summary>
    /// <param name="isQuery">True when the command only reads: handing it out twice is harmless.</param>
    /// <param name="target">Who runs it.</param>
    /// <param name="pacing">Which rate budget it spends.</param>
    /// <param name="dailyCap">Which daily cap it counts against.</param>
    /// <param name="answerKinds">The report kinds that answer it, where a report does (besides its ack).</param>
    public CommandPolicy(bool isQuery, CommandTargetKind target, CommandPacing pacing = CommandPacing.None, CommandDailyCap dailyCap = CommandDailyCap.None, params string[] answerKinds)
    {
        IsQuery = isQuery;
        Target = target;
        Pacing = pacing;
        DailyCap = dailyCap;
        AnswerKinds = answerKinds;
    }

    /// <summary>
    /// True when the command only reads (a query): it may be handed out again when no ack came. Everything that
    /// sends, changes or pays is handed out at most once, so that nobody sees a message twice.
    /// </summary>
    public bool IsQuery { get; }

    /// <summary>Who runs it.</summary>
    public CommandTargetKind Target { get; }

    /// <summary>Which rate budget it spends.</summary>
    public CommandPacing Pacing { get; }

    /// <summary>Which daily cap it counts against.</summary>
    public CommandDailyCap DailyCap { get; }

    /// <summary>The report kinds that answer it, the usual one first; empty when its ack is its only answer.</summary>
    public IReadOnlyList<string> AnswerKinds { get; }

    /// <summary>
    /// True for the commands that can damage the account or read the client machine's data (querying WeChat's
    /// databases, deleting the chat history, opening a browser, keeping recalled messages, accepting friends, transfers
    /// or cards automatically): a server lets only its administrators submit them.
    /// </summary>
    public bool RequiresAdmin { get; init; }

    /// <summary>The usual answering report kind, or null.</summary>
    public string? AnswerKind => AnswerKinds.Count > 0 ? AnswerKinds[0] : null;

    /// <summary>Whether a command of this kind may be addressed to <paramref name="kind"/>: an account's command needs an account; a process's command goes to a pid or to an account's process.</summary>
    public bool Accepts(CommandTargetKind kind) => Target == CommandTargetKind.Instance || kind == CommandTargetKind.Account;
}
