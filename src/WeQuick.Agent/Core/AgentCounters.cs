using System.Collections.Concurrent;
using System.Text;

namespace WeQuick.Agent;

/// <summary>What an agent did, for progress lines and the final summary. Thread-safe.</summary>
internal sealed class AgentCounters
{
    private const int LatencyWindow = 1 << 16;
    private readonly ConcurrentDictionary<int, long> _byStatus = new();
    private readonly double[] _latencies = new double[LatencyWindow];
    private readonly Lock _latencyGate = new();
    private long _latencyCount;
    private long _queued;
    private long _sent;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _commands;
    private long _commandsFailed;
    private long _skippedEntries;
    private long _polls;
    private long _pollErrors;

    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>POST attempts that got an HTTP answer or failed on the network.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Reports the server answered 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Reports discarded after their last attempt or on a status that is not worth a retry.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Reports discarded because their instance's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long CommandsExecuted => Interlocked.Read(ref _commands);

    public long CommandsFailed => Interlocked.Read(ref _commandsFailed);

    public long SkippedEntries => Interlocked.Read(ref _skippedEntries);

    public long Polls => Interlocked.Read(ref _polls);

    public long PollErrors => Interlocked.Read(ref _pollErrors);

    public IReadOnlyDictionary<int, long> ByStatus => new SortedDictionary<int, long>(_byStatus);

    internal void ReportQueued() => Interlocked.Increment(ref _queued);

    internal void ReportAttempt(int? status)
    {
        Interlocked.Increment(ref _sent);
        if (status is { } s)
        {
            _byStatus.AddOrUpdate(s, 1, (_, n) => n + 1);
        }
    }

    internal void ReportDelivered() => Interlocked.Increment(ref _delivered);

    internal void ReportFailed() => Interlocked.Increment(ref _failed);

    internal void ReportDropped() => Interlocked.Increment(ref _dropped);

    internal void CommandDone(bool success)
    {
        Interlocked.Increment(ref _commands);
        if (!success)
        {
            Interlocked.Increment(ref _commandsFailed);
        }
    }

    internal void EntriesSkipped(int count) => Interlocked.Add(ref _skippedEntries, count);

    internal void PollDone(TimeSpan latency, bool ok)
    {
        Interlocked.Increment(ref _polls);
        if (!ok)
        {
            Interlocked.Increment(ref _pollErrors);
            return;
        }

        lock (_latencyGate)
        {
            _latencies[_latencyCount++ % LatencyWindow] = latency.TotalMilliseconds;
        }
    }

    /// <summary>Poll latency percentiles in milliseconds over the most recent polls; null before any poll.</summary>
    public (double P50, double P90, double P99)? PollLatency()
    {
        double[] copy;
        lock (_latencyGate)
        {
            var n = (int)Math.Min(_latencyCount, LatencyWindow);
            if (n == 0)
            {
                return null;
            }

            copy = _latencies[..n];
        }

        Array.Sort(copy);
        double At(double q) => copy[Math.Min(copy.Length - 1, (int)Math.Ceiling(q * copy.Length) - 1)];
        return (At(0.50), At(0.90), At(0.99));
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"reports queued {Queued}, sent {Sent}, delivered {Delivered}, failed {Failed}, dropped {Dropped}");
        var statuses = ByStatus;
        if (statuses.Count > 0)
        {
            sb.Append(" (HTTP ").Append(string.Join(", ", statuses.Select(kv => $"{kv.Key}: {kv.Value}"))).Append(')');
        }

        sb.Append($"; commands executed {CommandsExecuted} ({CommandsFailed} failed), entries skipped {SkippedEntries}");
        sb.Append($"; polls {Polls} ({PollErrors} failed)");
        if (PollLatency() is { } p)
        {
            sb.Append($", poll latency p50 {p.P50:0.0} ms, p90 {p.P90:0.0} ms, p99 {p.P99:0.0} ms");
        }

        return sb.ToString();
    }
}
