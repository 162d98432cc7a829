using System.Globalization;

/// <summary>
/// <c>Latency --analyze SAMPLES GATEWAY_PROBE [GENERATOR_PROBE] [FSYNC_FILE]</c>: for the reports slower than
/// 5 ms (and the slowest 1 %) on each path, which stalls their time in flight overlapped, against how many of all
/// reports overlapped the same stalls (the base rate: a cause shows as a share well above it). Stalls: the
/// gateway's and the generator's GC pauses, the probes' ticker waking over 1 ms late (the run queue), the
/// gateway's pool taking over 1 ms to start a work item, and flushes of the log over 2 ms (FSYNC_FILE: "start end"
/// in ns per line, from perf with -k mono). All times are CLOCK_MONOTONIC nanoseconds.
/// </summary>
internal static class Analysis
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Latency --analyze SAMPLES GATEWAY_PROBE [GENERATOR_PROBE] [FSYNC_FILE]");
            return 2;
        }

        var samples = File.ReadLines(args[0]).Skip(1)
            .Select(l => l.Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
        var causes = new List<(string Name, Intervals Set)>();
        (long Start, long End)[] commits = [];
        void AddProbe(string who, string path)
        {
            var lines = File.ReadLines(path).Select(l => l.Split(' ')).ToList();
            var gc = lines.Where(p => p[0] == "gc").Select(p => (Long(p[1]), Long(p[2]))).ToList();
            causes.Add(($"{who} GC pause", new Intervals(gc)));
            causes.Add(($"{who} GC pause > 1 ms", new Intervals(gc.Where(x => x.Item2 - x.Item1 > 1_000_000))));
            causes.Add(($"{who} thread woke > 1 ms late", new Intervals(lines.Where(p => p[0] == "wake" && Long(p[2]) > 1000).Select(p => (Long(p[1]) - (Long(p[2]) * 1000), Long(p[1]))))));
            causes.Add(($"{who} pool start > 1 ms", new Intervals(lines.Where(p => p[0] == "pool" && Long(p[2]) > 1000).Select(p => (Long(p[1]) - (Long(p[2]) * 1000), Long(p[1]))))));
            var pauses = gc.Select(x => (x.Item2 - x.Item1) / 1e6).Order().ToArray();
            Console.WriteLine(FormattableString.Invariant($"{who}: {pauses.Length} GC pauses, {pauses.Sum():F1} ms in all, longest {(pauses.Length > 0 ? pauses[^1] : 0):F2} ms, median {(pauses.Length > 0 ? pauses[pauses.Length / 2] : 0):F2} ms; starvation adjustments {lines.Count(p => p[0] == "adj" && p[3] == "6")}"));
            foreach (var sum in lines.Where(p => p[0] == "sum"))
            {
                Console.WriteLine($"  {string.Join(' ', sum.Skip(1))}");
            }
        }

        AddProbe("gateway", args[1]);
        if (args.Length > 2 && File.Exists(args[2]))
        {
            AddProbe("generator", args[2]);
        }

        if (args.Length > 3 && File.Exists(args[3]))
        {
            // Lines: thread name, start, end. The writer's flushes are the commits'; the checkpointer's copy the log.
            var all = File.ReadLines(args[3]).Select(l => l.Split(' ')).Where(p => p.Length >= 3).ToList();
            var flushes = all.Select(p => (Long(p[1]), Long(p[2]))).ToList();
            commits = all.Where(p => p[0].StartsWith("wequick-writer", StringComparison.Ordinal)).Select(p => (Long(p[1]), Long(p[2]))).OrderBy(x => x.Item2).ToArray();
            var d = flushes.Select(x => (x.Item2 - x.Item1) / 1e6).Order().ToArray();
            if (d.Length > 0)
            {
                Console.WriteLine(FormattableString.Invariant($"log flushes: {d.Length}, median {d[d.Length / 2]:F3} ms, p99 {d[(int)(d.Length * 0.99)]:F3} ms, max {d[^1]:F3} ms; over 2 ms: {d.Count(x => x > 2)}"));
            }

            causes.Add(("log flush > 2 ms", new Intervals(flushes.Where(x => x.Item2 - x.Item1 > 2_000_000))));
            causes.Add(("log flush > 1 ms", new Intervals(flushes.Where(x => x.Item2 - x.Item1 > 1_000_000))));
        }

        if (commits.Length > 0)
        {
            Decompose(samples, commits);
        }

        // Columns of a sample: k scheduled sent received answered streamed hooked.
        foreach (var (name, column) in new[] { ("answer", 4), ("stream", 5), ("webhook", 6) })
        {
            var arrived = samples.Where(s => s[column] != 0).ToList();
            if (arrived.Count == 0)
            {
                continue;
            }

            var latencies = arrived.Select(s => s[column] - s[1]).Order().ToArray();
            var p99 = latencies[Math.Clamp((int)Math.Ceiling(0.99 * latencies.Length) - 1, 0, latencies.Length - 1)];
            var over5 = arrived.Where(s => s[column] - s[1] > 5_000_000).ToList();
            var top = arrived.Where(s => s[column] - s[1] >= p99).ToList();
            var lateSends = top.Count(s => s[2] - s[1] > 1_000_000);
            Console.WriteLine(FormattableString.Invariant($"{name}: {arrived.Count} arrived, {over5.Count} over 5 ms, slowest 1 % from {p99 / 1e6:F2} ms ({top.Count}); of those, sent over 1 ms late: {lateSends}"));
            Console.WriteLine($"  {"overlapping",-34} {"all",8} {"> 5 ms",8} {"top 1 %",8}");
            foreach (var (cause, set) in causes)
            {
                double Share(List<long[]> of) => of.Count == 0 ? 0 : 100.0 * of.Count(s => set.Overlaps(s[1], s[column])) / of.Count;
                Console.WriteLine(FormattableString.Invariant($"  {cause,-34} {Share(arrived),7:F1}% {Share(over5),7:F1}% {Share(top),7:F1}%"));
            }
        }

        return 0;
    }

    /// <summary>
    /// Splits each report's time by its commit: the last flush of the writer that ended between the gateway's
    /// receivedAt and the answer. scheduled → sent (the generator's lag) → receivedAt (to the gateway, read, decoded)
    /// → the flush's start (waiting for the writer: the commit before, the batch's items) → its end (the disk)
    /// → the answer read by the generator (the request's wake-up, the response) and → the stream consumer's read.
    /// </summary>
    private static void Decompose(List<long[]> samples, (long Start, long End)[] commits)
    {
        var ends = commits.Select(c => c.End).ToArray();
        var rows = new List<(long Total, long Lag, long In, long Wait, long Flush, long Answer, long Stream)>();
        foreach (var s in samples)
        {
            if (s[3] == 0 || s[4] == 0)
            {
                continue;
            }

            var i = Array.BinarySearch(ends, s[4]);
            i = i >= 0 ? i : ~i - 1;
            if (i < 0 || ends[i] < s[3])
            {
                continue;
            }

            var (start, end) = commits[i];
            rows.Add((s[4] - s[1], s[2] - s[1], s[3] - s[2], Math.Max(0, start - s[3]), end - start, s[4] - end, s[5] == 0 ? long.MaxValue : s[5] - end));
        }

        if (rows.Count == 0)
        {
            return;
        }

        rows.Sort((a, b) => a.Total.CompareTo(b.Total));
        Console.WriteLine(FormattableString.Invariant($"a report's answer by its commit ({rows.Count} of {samples.Count} matched to a flush of the writer), medians in ms:"));
        Console.WriteLine($"  {"reports",-22} {"n",6} {"total",7} {"lag",7} {"in",7} {"wait",7} {"flush",7} {"answer",7} {"stream",7}");
        void Line(string name, List<(long Total, long Lag, long In, long Wait, long Flush, long Answer, long Stream)> of)
        {
            if (of.Count == 0)
            {
                return;
            }

            string M(Func<(long Total, long Lag, long In, long Wait, long Flush, long Answer, long Stream), long> f)
            {
                var v = of.Select(f).Order().ToArray();
                var m = v[v.Length / 2];
                return m == long.MaxValue ? "-" : (m / 1e6).ToString("F2", CultureInfo.InvariantCulture);
            }

            Console.WriteLine($"  {name,-22} {of.Count,6} {M(r => r.Total),7} {M(r => r.Lag),7} {M(r => r.In),7} {M(r => r.Wait),7} {M(r => r.Flush),7} {M(r => r.Answer),7} {M(r => r.Stream),7}");
        }

        Line("all", rows);
        Line("over 5 ms", rows.Where(r => r.Total > 5_000_000).ToList());
        Line("slowest 1 %", rows.Skip((int)(rows.Count * 0.99)).ToList());
        Line("slowest 0.1 %", rows.Skip((int)(rows.Count * 0.999)).ToList());
        Console.WriteLine("  (lag: scheduled → sent; in: sent → receivedAt; wait: → the commit's flush starts; flush: the flush; answer: its end → the answer read; stream: its end → the consumer's read)");
    }

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>A set of time intervals, merged, that answers "does [from, to] overlap any of them".</summary>
    private sealed class Intervals
    {
        private readonly long[] _starts;
        private readonly long[] _ends;

        public Intervals(IEnumerable<(long Start, long End)> intervals)
        {
            var merged = new List<(long Start, long End)>();
            foreach (var (s, e) in intervals.OrderBy(x => x.Start))
            {
                if (merged.Count > 0 && s <= merged[^1].End)
                {
                    merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, e));
                }
                else
                {
                    merged.Add((s, e));
                }
            }

            _starts = merged.Select(x => x.Start).ToArray();
            _ends = merged.Select(x => x.End).ToArray();
        }

        public bool Overlaps(long from, long to)
        {
            // The first interval that ends at or after from; it overlaps when it starts by to.
            int lo = 0, hi = _ends.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_ends[mid] < from)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo < _starts.Length && _starts[lo] <= to;
        }
    }
}
