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
            var flushes = File.ReadLines(args[3]).Select(l => l.Split(' ')).Where(p => p.Length >= 2).Select(p => (Long(p[0]), Long(p[1]))).ToList();
            var d = flushes.Select(x => (x.Item2 - x.Item1) / 1e6).Order().ToArray();
            if (d.Length > 0)
            {
                Console.WriteLine(FormattableString.Invariant($"log flushes: {d.Length}, median {d[d.Length / 2]:F3} ms, p99 {d[(int)(d.Length * 0.99)]:F3} ms, max {d[^1]:F3} ms; over 2 ms: {d.Count(x => x > 2)}"));
            }

            causes.Add(("log flush > 2 ms", new Intervals(flushes.Where(x => x.Item2 - x.Item1 > 2_000_000))));
            causes.Add(("log flush > 1 ms", new Intervals(flushes.Where(x => x.Item2 - x.Item1 > 1_000_000))));
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
