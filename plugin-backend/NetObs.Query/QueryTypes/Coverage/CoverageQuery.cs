using System.Globalization;
using NetObs.History.V1;
using NetObs.Hubble.FlowSources;
using NetObs.Query.Aggregation;
using NetObs.Query.History;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.Coverage;

/// <summary>
/// The <c>coverage</c> query: whether the flows of a range are complete. Against a history server, its stored ranges,
/// gaps and lost events per cluster and node, and stored flows per bucket per cluster (counted by the store); against a
/// plain relay, what its ring buffer holds per node, and the start of the range it no longer reaches.
/// </summary>
public static class CoverageQuery
{
    public static async Task<CoverageResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var filter = CoverageFilter.Parse(execution.Query.Filter.Text);
        var history = await execution.Source.HistoryAsync(cancellationToken).ConfigureAwait(false);
        return history is null
            ? await RelayBufferAsync(execution, filter, cancellationToken).ConfigureAwait(false)
            : await StoredAsync(execution, filter, history, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CoverageResult> StoredAsync(QueryExecution execution, CoverageFilter filter, IHistoryAggregations history, CancellationToken cancellationToken)
    {
        var selection = HistoryPushdown.Selection(execution);
        var buckets = TimeSeriesQuery.Buckets(execution);
        var request = new CoverageRequest { SinceNs = selection.SinceNs, UntilNs = selection.UntilNs };
        request.Clusters.AddRange(filter.ExactClusters);
        var coverage = await history.CoverageAsync(request, cancellationToken).ConfigureAwait(false);

        var ranges = coverage.Ranges.Where(r => filter.Matches(r.Cluster, r.Node)).ToList();
        var gaps = coverage.Gaps.Where(g => g.Node.Length == 0 ? filter.MatchesCluster(g.Cluster) : filter.Matches(g.Cluster, g.Node)).ToList();
        var rows = new List<CoverageRow>();
        rows.AddRange(ranges.Select(r => new CoverageRow(r.Cluster, r.Node, CoverageKinds.Stored, string.Empty, r.OldestNs, r.NewestNs, r.FlowCount)));
        rows.AddRange(gaps.Select(g => new CoverageRow(g.Cluster, g.Node, g.Reason == GapReason.LostEvents ? CoverageKinds.Lost : CoverageKinds.Gap,
            g.Detail.Length == 0 ? GapReasons.Name(g.Reason) : $"{GapReasons.Name(g.Reason)}: {g.Detail}", g.FromNs, g.UntilNs, g.Count)));

        var clusters = ranges.Select(r => r.Cluster).Concat(gaps.Select(g => g.Cluster)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var series = new List<CoverageSeries>(clusters.Count);
        foreach (var cluster in clusters)
        {
            var counts = new TimeSeriesRequest
            {
                Selection = new FlowSelection { SinceNs = selection.SinceNs, UntilNs = selection.UntilNs },
                FirstStartNs = buckets.FirstStartNs,
                IntervalNs = buckets.IntervalNs,
                BucketCount = buckets.Count,
                MaxSeries = 1,
            };
            counts.Selection.Clusters.Add(cluster);
            if (filter.HasNodeFilter)
            {
                // The nodes the patterns selected, by their stored names: exact whatever the server's pattern rules.
                var nodes = new Cilium.Flow.FlowFilter();
                nodes.NodeName.AddRange(ranges.Where(r => r.Cluster == cluster).Select(r => r.Node));
                if (nodes.NodeName.Count == 0)
                {
                    series.Add(new CoverageSeries(cluster, new long[buckets.Count], GapsPerBucket(buckets, gaps.Where(g => g.Cluster == cluster))));
                    continue;
                }

                counts.Selection.Whitelist.Add(nodes);
            }

            var answer = await history.TimeSeriesAsync(counts, cancellationToken).ConfigureAwait(false);
            var stored = new long[buckets.Count];
            foreach (var one in answer.Series)
            {
                for (var i = 0; i < stored.Length && i < one.Counts.Count; i++)
                {
                    stored[i] += one.Counts[i];
                }
            }

            series.Add(new CoverageSeries(cluster, stored, GapsPerBucket(buckets, gaps.Where(g => g.Cluster == cluster))));
        }

        var notices = new List<QueryNotice>();
        if (rows.Count == 0)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Info, "The history server holds no flows and no gaps in this range for the selected clusters and nodes."));
        }

        var command = $"history server {history.Address}, coverage | {QueryDescription.Command(execution, 0, "coverage")}";
        return new CoverageResult(execution.Query.RefId, command, notices, Sorted(rows), buckets.Interval, buckets.Starts(), series);
    }

    private static async Task<CoverageResult> RelayBufferAsync(QueryExecution execution, CoverageFilter filter, CancellationToken cancellationToken)
    {
        var (since, until) = execution.Range;
        var buckets = TimeSeriesQuery.Buckets(execution);
        var sink = new BufferCoverage(buckets, filter);
        var fetch = new FlowFetch([], [], since, until, 0, false, new HashSet<string>(["time", "node_name"], StringComparer.Ordinal));
        var stats = await execution.Fetcher.ScanAsync(fetch, sink, cancellationToken).ConfigureAwait(false);

        var rows = new List<CoverageRow>();
        var sinceNs = buckets.SinceNs;
        var slackNs = Math.Max(1_000_000_000L, (buckets.UntilNs - sinceNs) / 100);
        foreach (var (node, range) in sink.Nodes)
        {
            rows.Add(new CoverageRow(range.Cluster, node, CoverageKinds.Stored, "relay ring buffer", range.OldestNs, range.NewestNs, range.Flows));
            if (range.OldestNs > sinceNs + slackNs)
            {
                rows.Add(new CoverageRow(range.Cluster, node, CoverageKinds.Gap, "relay ring buffer does not reach back", sinceNs, range.OldestNs, 0));
            }
        }

        if (stats.LostEvents > 0)
        {
            rows.Add(new CoverageRow(string.Empty, string.Empty, CoverageKinds.Lost, "Hubble reported lost events while reading", sinceNs, buckets.UntilNs, (long)stats.LostEvents));
        }

        var series = sink.PerCluster.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new CoverageSeries(p.Key, p.Value, GapsPerBucket(buckets, rows.Where(r => r.Cluster == p.Key && r.Kind == CoverageKinds.Gap)
                .Select(r => new Gap { Cluster = r.Cluster, Node = r.Node, FromNs = r.FromNs, UntilNs = r.ToNs }))))
            .ToList();
        var notices = new List<QueryNotice>
        {
            new(NoticeSeverity.Info,
                "This data source points at Hubble Relay, not a NetObs history server: coverage shows what the relay's ring buffer holds per node right now " +
                "(a few thousand flows each), not a stored history. Point the data source at netobs-history to keep and check days of flows."),
        };
        foreach (var problem in stats.NodeProblems)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Warning, $"Hubble Relay: {problem}; flows from those nodes are missing."));
        }

        var command = $"relay scan of {stats.Flows.ToString(CultureInfo.InvariantCulture)} flows | {QueryDescription.Command(execution, 0, "coverage")}";
        return new CoverageResult(execution.Query.RefId, command, notices, Sorted(rows), buckets.Interval, buckets.Starts(), series);
    }

    private static long[] GapsPerBucket(TimeBuckets buckets, IEnumerable<Gap> gaps)
    {
        var counts = new long[buckets.Count];
        foreach (var gap in gaps)
        {
            var first = Math.Max(0, (Math.Max(gap.FromNs, buckets.FirstStartNs) - buckets.FirstStartNs) / buckets.IntervalNs);
            var last = Math.Min(buckets.Count - 1, (Math.Max(gap.UntilNs, buckets.FirstStartNs) - buckets.FirstStartNs) / buckets.IntervalNs);
            for (var i = first; i <= last; i++)
            {
                counts[i]++;
            }
        }

        return counts;
    }

    private static List<CoverageRow> Sorted(List<CoverageRow> rows) =>
        [.. rows.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Node, StringComparer.Ordinal).ThenBy(r => r.FromNs).ThenBy(r => r.Kind, StringComparer.Ordinal)];

    /// <summary>Per node the oldest and newest flow and the count, and flows per bucket per cluster, of a relay scan.</summary>
    private sealed class BufferCoverage(TimeBuckets buckets, CoverageFilter filter) : IFlowSink
    {
        public Dictionary<string, NodeRange> Nodes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long[]> PerCluster { get; } = new(StringComparer.Ordinal);

        public void Add(Cilium.Flow.Flow flow, long timeNs, string nodeName)
        {
            // A relay of a cluster mesh names nodes cluster/node; a single cluster's relay has no prefix.
            var slash = nodeName.IndexOf('/', StringComparison.Ordinal);
            var cluster = slash > 0 ? nodeName[..slash] : "default";
            var index = buckets.IndexOf(timeNs);
            if (index < 0 || !filter.Matches(cluster, nodeName))
            {
                return;
            }

            if (!Nodes.TryGetValue(nodeName, out var range))
            {
                range = new NodeRange(cluster) { OldestNs = timeNs, NewestNs = timeNs };
                Nodes[nodeName] = range;
            }

            range.Flows++;
            range.OldestNs = Math.Min(range.OldestNs, timeNs);
            range.NewestNs = Math.Max(range.NewestNs, timeNs);
            if (!PerCluster.TryGetValue(cluster, out var counts))
            {
                counts = new long[buckets.Count];
                PerCluster[cluster] = counts;
            }

            counts[index]++;
        }
    }

    private sealed class NodeRange(string cluster)
    {
        public string Cluster => cluster;

        public long Flows { get; set; }

        public long OldestNs { get; set; }

        public long NewestNs { get; set; }
    }
}
