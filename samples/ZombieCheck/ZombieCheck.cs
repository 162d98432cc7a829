using System.Collections.Concurrent;
using WeQuick.Protocol;
using WeQuick.Sdk;

namespace WeQuick.Samples.ZombieCheck;

/// <summary>How a check runs.</summary>
public sealed record ZombieCheckSettings
{
    /// <summary>The text sent to each friend. A contact who has deleted the account refuses it, and WeChat says so.</summary>
    public string Probe { get; init; } = "[好友检测] 这是一条自动消息，请忽略。";

    /// <summary>How long to wait for each command to finish (the gateway's pacing spaces the probes out).</summary>
    public TimeSpan SendWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after the last probe refusals are still counted.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>When set, each contact found gets this remark prefix (e.g. <c>"僵尸-"</c>), so the phone shows them.</summary>
    public string? RemarkPrefix { get; init; }

    /// <summary>Only these friends are checked; null for all of them.</summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>The clock of the settle wait.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>A contact that no longer has the account as a friend.</summary>
/// <param name="Wxid">The contact.</param>
/// <param name="Name">Their remark or nickname, as the account sees it.</param>
public sealed record Zombie(string Wxid, string? Name);

/// <summary>What a check found.</summary>
/// <param name="Checked">The friends a probe was sent to.</param>
/// <param name="Zombies">Those who refused it.</param>
/// <param name="NotSent">Friends the probe could not be sent to, with the reason.</param>
public sealed record ZombieReport(IReadOnlyList<string> Checked, IReadOnlyList<Zombie> Zombies, IReadOnlyDictionary<string, string> NotSent);

/// <summary>
/// Finds the contacts that have quietly deleted the account ("僵尸粉"). WeChat delivers nothing to them: when the account
/// writes, the client reports the system message "消息已发出，但被对方拒收了" in that conversation. The check
/// refreshes the contact list, sends every friend a probe, and collects the conversations that got that notice.
/// </summary>
public static class ZombieChecker
{
    /// <summary>The longest wait the gateway takes in one request.</summary>
    private static readonly CommandOptions Wait = CommandOptions.WaitFor(TimeSpan.FromSeconds(60));

    /// <summary>Checks every friend of <paramref name="account"/> and reports the ones that refused the probe.</summary>
    public static async Task<ZombieReport> CheckAsync(WeQuickClient client, string account, ZombieCheckSettings? settings = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = settings ?? new ZombieCheckSettings();

        // The contact state: who the account counts as friends, fresh from the client.
        var refresh = await FinishedAsync(client, await client.RefreshContactsAsync(account, ContactKinds.Friends, Wait, cancellationToken), s, cancellationToken);
        if (!refresh.Succeeded)
        {
            throw new InvalidOperationException($"could not refresh the contacts of {account}: {refresh.State} {refresh.ErrorReason}");
        }

        var friends = new List<Contact>();
        await foreach (var c in client.EnumerateContactsAsync(account, new ContactQuery { Type = "friend", Limit = 500 }, cancellationToken))
        {
            if (c.Wxid != account && c.Wxid != "filehelper" && (s.Only is null || s.Only.Contains(c.Wxid)))
            {
                friends.Add(c);
            }
        }

        progress?.Report($"{friends.Count} friends to check");

        // Listen from here on, so no refusal is missed between a probe and the notice about it.
        var head = await client.GetLatestSeqAsync(cancellationToken);
        var refused = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listener = ListenAsync(client, account, head, refused, listening.Token);

        var notSent = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = new List<string>();
        foreach (var friend in friends)
        {
            var record = await FinishedAsync(client, await client.SendTextAsync(account, friend.Wxid, s.Probe, Wait, cancellationToken), s, cancellationToken);
            if (record.Succeeded)
            {
                sent.Add(friend.Wxid);
            }
            else
            {
                notSent[friend.Wxid] = record.ErrorReason ?? record.State.ToString();
            }

            progress?.Report($"probe {sent.Count + notSent.Count}/{friends.Count}: {friend.Wxid} {(record.Succeeded ? "sent" : "not sent: " + notSent[friend.Wxid])}");
        }

        try
        {
            await Task.Delay(s.Settle, s.Time, cancellationToken);
        }
        finally
        {
            await listening.CancelAsync();
            await listener;
        }

        var zombies = friends.Where(f => refused.ContainsKey(f.Wxid)).Select(f => new Zombie(f.Wxid, f.AsName is { Length: > 0 } r ? r : f.Nick)).ToList();
        if (s.RemarkPrefix is { Length: > 0 } prefix)
        {
            foreach (var z in zombies.Where(z => z.Name is null || !z.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                await FinishedAsync(client, await client.SetRemarkAsync(account, z.Wxid, Truncate(prefix + (z.Name ?? z.Wxid), 64), Wait, cancellationToken), s, cancellationToken);
            }
        }

        return new ZombieReport(sent, zombies, notSent);
    }

    /// <summary>True for WeChat's notice that a private message was refused because the peer has deleted the account.</summary>
    public static bool IsRefusal(SystemMessageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Room is null && report.Message is { } text && text.Contains(SystemMessageReport.RejectedByPeerText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The passive half, for a bot that runs anyway: calls <paramref name="found"/> whenever one of the account's own
    /// messages is refused, i.e. whenever it writes to a contact that has deleted it.
    /// </summary>
    public static WeQuickBot Watch(WeQuickBot bot, Func<BotContext<SystemMessageReport>, string, Task> found)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(found);
        bot.On<SystemMessageReport>(ctx => IsRefusal(ctx.Report) && ctx.ConversationId is { } who ? found(ctx, who) : Task.CompletedTask);
        return bot;
    }

    private static async Task ListenAsync(WeQuickClient client, string account, long after, ConcurrentDictionary<string, bool> refused, CancellationToken cancellationToken)
    {
        try
        {
            var options = new EventStreamOptions { After = after, Accounts = [account], Kinds = [SystemMessageReport.ActionName] };
            await foreach (var e in client.StreamEventsAsync(options, cancellationToken))
            {
                if (e.Report is SystemMessageReport notice && IsRefusal(notice) && notice.ConversationId is { } who)
                {
                    refused[who] = true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The command once it has finished: a paced command can take longer than one request may wait.</summary>
    private static async Task<CommandRecord> FinishedAsync(WeQuickClient client, CommandRecord record, ZombieCheckSettings s, CancellationToken cancellationToken)
    {
        var start = s.Time.GetTimestamp();
        while (!record.IsFinished && s.Time.GetElapsedTime(start) < s.SendWait)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), s.Time, cancellationToken);
            record = await client.GetCommandAsync(record.Id, cancellationToken);
        }

        return record;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
