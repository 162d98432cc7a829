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
    private readonly bool _enabled = options.Value.RefreshOnLogin;

    /// <summary>The idempotency key of the refresh that event <paramref name="seq"/> (a login) queued.</summary>
    public static string Key(long seq) => "login-refresh:" + seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Inside the write item that appended event <paramref name="seq"/>, which logged <paramref name="account"/> in:
    /// queues the refresh, paced like any command. Returns the command when one was queued.
    /// </summary>
    public StoredCommand? Queue(IGatewayWriteSession session, string account, long seq, DateTimeOffset now)
    {
        if (!_enabled || !Wxids.IsWellFormedUser(account))
        {
            return null;
        }

        var outcome = queue.EnqueueOnce(session, CommandTarget.ForAccount(account), ContactRefresh.Command(), Key(seq), now);
        return outcome.Replayed ? null : outcome.Command;
    }

    /// <summary>After the commit: says so in the log and, unless the command went out in that write, wakes the account's polls.</summary>
    public async Task QueuedAsync(StoredCommand? command, bool handedOut, long seq, DateTimeOffset now)
    {
        if (command is null)
        {
            return;
        }

        LogQueued(logger, command.Target, seq, command.Id);
        if (!handedOut)
        {
            await queue.AnnounceAsync(command, now);
        }
    }

    [LoggerMessage(EventId = 730, Level = LogLevel.Information, Message = "Account {Account} logged in (event {Seq}): asked its client for its friends, rooms and official accounts (getContact, command {Command})")]
    private static partial void LogQueued(ILogger logger, string account, long seq, long command);
}
