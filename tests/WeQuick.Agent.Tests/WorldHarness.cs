using System.Collections.Concurrent;
using WeQuick.Agent.Simulation;
using WeQuick.Protocol;

namespace WeQuick.Agent.Tests;

/// <summary>
/// Stands in for the agent core in world tests: records what the world emits, and checks on the way that
/// every report encodes (spec and real-client quirks) and decodes back through WeQuick.Protocol to its own kind.
/// </summary>
internal sealed class RecordingSink : IAgentSink
{
    public ConcurrentQueue<(int Pid, Report Report)> Posted { get; } = new();

    public ConcurrentQueue<int> Started { get; } = new();

    public ConcurrentQueue<int> Closed { get; } = new();

    public static ConcurrentDictionary<string, int> KindsSeen { get; } = new(StringComparer.Ordinal);

    public void InstanceStarted(int pid) => Started.Enqueue(pid);

    public void InstanceClosed(int pid) => Closed.Enqueue(pid);

    public void Post(int pid, Report report)
    {
        RoundTrip.AssertDecodesToOwnKind(report);
        KindsSeen.AddOrUpdate(report.Kind, 1, (_, n) => n + 1);
        Posted.Enqueue((pid, report));
    }

    public List<T> Of<T>(int? pid = null)
        where T : Report => [.. Posted.Where(p => pid is null || p.Pid == pid).Select(p => p.Report).OfType<T>()];

    public void Clear() => Posted.Clear();
}

internal static class RoundTrip
{
    public static void AssertDecodesToOwnKind(Report report)
    {
        foreach (var quirks in new[] { ReportQuirks.Spec, ReportQuirks.RealClient })
        {
            var body = ReportEncoder.Encode(report, quirks, BodyEncoding.Json);
            var decoded = ReportDecoder.Decode(body);
            Assert.True(decoded.IsSuccess, $"{report.Kind} ({quirks}) did not decode: {decoded.Error}");
            Assert.False(decoded.IsUnknown, $"{report.Kind} ({quirks}) decoded as unknown");
            Assert.Equal(report.GetType(), decoded.Report!.GetType());
            Assert.Equal(report.Account, decoded.Report.Account);
        }
    }
}

/// <summary>A world attached to a recording sink, with contexts for its accounts.</summary>
internal sealed class WorldHarness
{
    public WorldHarness(int accounts = 3, bool loggedOut = false, int seed = 7, int roomSize = 12, InterfaceGenerations generation = InterfaceGenerations.None)
    {
        World = new SimulatedWeChat(new WorldOptions { Seed = seed, Accounts = accounts, LoggedOut = loggedOut, RoomSize = roomSize, Interface = generation });
        World.Attach(Sink);
        Startup = [.. Sink.Posted];
        Sink.Clear();
    }

    /// <summary>What the world reported on attaching (the logins), cleared from <see cref="Sink"/>.</summary>
    public IReadOnlyList<(int Pid, Report Report)> Startup { get; }

    public SimulatedWeChat World { get; }

    public RecordingSink Sink { get; } = new();

    public string Account(int i) => World.AccountIds[i];

    public int Pid(int i) => World.PidOf(Account(i)) ?? throw new InvalidOperationException($"account {i} is not online");

    public CommandContext Ctx(int i, string sendId = "s1") => new(Pid(i), Account(i), sendId);

    /// <summary>An NPC friend of account i (not another account).</summary>
    public string Friend(int i, int n = 0) => World.ContactsOf(Account(i), ContactState.Friend).Where(f => !World.AccountIds.Contains(f)).ElementAt(n);

    public static void Ok(CommandOutcome outcome) => Assert.True(outcome.Success, outcome.ErrorReason);

    public static void Fails(CommandOutcome outcome, string reasonPart)
    {
        Assert.False(outcome.Success, "expected a failure");
        Assert.Contains(reasonPart, outcome.ErrorReason, StringComparison.Ordinal);
    }
}
