using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Commands;

/// <summary>What asking a client to report its contact lists again is: <c>getContact</c> with a flag.</summary>
internal static class ContactRefresh
{
    /// <summary>Every list: 1 friends, 2 rooms, 4 official accounts.</summary>
    public const int Everything = 7;

    /// <summary>The command that asks for the lists <paramref name="flag"/> names (the refresh endpoint's and the login refresh's).</summary>
    public static GetContactCommand Command(int flag = Everything) => new() { Flag = flag };

    /// <summary>
    /// The commands that ask a client of <paramref name="generation"/> for every list: the first generation's (and an
    /// unknown one's) <c>getContact</c> flag 7; the second generation's <c>getContacts</c>, <c>getChatRooms</c> and
    /// <c>getPublics</c>, one report each.
    /// </summary>
    public static IReadOnlyList<Command> Commands(InterfaceGenerations generation) => For(null, generation);

    /// <summary>
    /// The commands that ask a client of <paramref name="generation"/> for the lists <paramref name="flag"/> names
    /// (null: every list): <c>getContact</c> with the flag; for the second generation, which has one command per list,
    /// one command for each list the flag names, in the order 1 friends (<c>getContacts</c>), 2 rooms
    /// (<c>getChatRooms</c>), 4 official accounts (<c>getPublics</c>): none for a flag 0, which names no list.
    /// </summary>
    public static IReadOnlyList<Command> For(int? flag, InterfaceGenerations generation)
    {
        if (generation != InterfaceGenerations.V2)
        {
            return [Command(flag ?? Everything)];
        }

        var lists = flag ?? Everything;
        var commands = new List<Command>(3);
        if ((lists & 1) != 0)
        {
            commands.Add(new GetContactsCommand());
        }

        if ((lists & 2) != 0)
        {
            commands.Add(new GetChatRoomsCommand());
        }

        if ((lists & 4) != 0)
        {
            commands.Add(new GetPublicsCommand());
        }

        return commands;
    }
}

/// <summary>
/// The gateway's policy after a login (<see cref="GatewayOptions.RefreshOnLogin"/>): a real client reports nothing of
/// its lists unasked, so when an account logs in the gateway asks it for its friends, rooms and official accounts, as
/// <c>POST …/contacts/refresh</c> would, once per login. The command is queued in the write item of the event that
/// logged the account in, with an idempotency key made of that event's seq: it is there exactly when the event is,
/// and no reading of the event again (a restart, a rebuild, a second login report while logged in) queues another.
/// </summary>
internal sealed partial class LoginRefresh(CommandQueue queue, IOptions<GatewayOptions> options, ILogger<LoginRefresh> logger)
{
    private readonly GatewayOptions _options = options.Value;
    private readonly bool _enabled = options.Value.RefreshOnLogin;

    /// <summary>The idempotency key of the refresh that event <paramref name="seq"/> (a login) queued.</summary>
    public static string Key(long seq) => "login-refresh:" + seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Inside the write item that appended event <paramref name="seq"/>, which logged <paramref name="account"/> in:
    /// queues the refresh for a client of <paramref name="generation"/> (see <see cref="ContactRefresh.Commands"/>),
    /// paced like any command. Returns the commands queued (none when they already were).
    /// </summary>
    public IReadOnlyList<StoredCommand> Queue(IGatewayWriteSession session, string account, long seq, InterfaceGenerations generation, DateTimeOffset now)
    {
        if (!_enabled || !Wxids.IsWellFormedUser(account))
        {
            return [];
        }

        var queued = new List<StoredCommand>();
        var commands = ContactRefresh.Commands(generation);
        foreach (var command in commands)
        {
            // The first generation's single command keeps the key it always had, so a login queued before is not queued again.
            var key = commands.Count == 1 ? Key(seq) : Key(seq) + ":" + command.Kind;
            var outcome = queue.EnqueueOnce(session, CommandTarget.ForAccount(account), command, key, now);
            if (!outcome.Replayed)
            {
                queued.Add(outcome.Command);
            }
        }

        return queued;
    }

    /// <summary>
    /// The generation a login refresh is asked in: pinned on <paramref name="client"/>'s credential, else learned for
    /// the account or its instance, else unknown.
    /// </summary>
    public InterfaceGenerations GenerationOf(IGatewayWriteSession session, string? client, string account, string? instance) =>
        ClientGenerations.Pinned(_options, client) is var pinned && pinned != InterfaceGenerations.None
            ? pinned
            : ClientGenerations.Learned(session, account, instance);

    /// <summary>After the commit: says so in the log and, unless the command went out in that write, wakes the account's polls.</summary>
    public async Task QueuedAsync(IReadOnlyList<StoredCommand> commands, Func<StoredCommand, bool> handedOut, long seq, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(handedOut);
        foreach (var command in commands)
        {
            LogQueued(logger, command.Target, seq, command.Api, command.Id);
            if (!handedOut(command))
            {
                await queue.AnnounceAsync(command, now);
            }
        }
    }

    [LoggerMessage(EventId = 730, Level = LogLevel.Information, Message = "Account {Account} logged in (event {Seq}): asked its client for its friends, rooms and official accounts ({Api}, command {Command})")]
    private static partial void LogQueued(ILogger logger, string account, long seq, string api, long command);
}
