using System.Globalization;
using Cilium.Flow;
using NetObs.History.Aggregation;
using NetObs.History.Storage;
using NetObs.History.Tests.Storage;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.QueryTypes.TopK;
using ServiceMapAggregator = NetObs.Query.QueryTypes.ServiceMap.ServiceMapAggregator;
using TimeSeriesAggregator = NetObs.Query.QueryTypes.TimeSeries.TimeSeriesAggregator;

namespace NetObs.History.Tests.Aggregation;

/// <summary>Aggregations computed in the DuckDB store equal the plugin's in-memory aggregators over the same flows.</summary>
public sealed class AggregationDifferentialTests : IAsyncLifetime
{
    private const int Cases = 60;
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];
    private TempDuckDbStore _temp = null!;

    private static IReadOnlyList<StoredFlow> Flows => ScenarioFlows.All;

    public async Task InitializeAsync()
    {
        _temp = await TempDuckDbStore.CreateAsync();
        await _temp.Store.AppendAsync(Flows, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Time_series_equal_the_in_memory_aggregator()
    {
        var random = new Random(14);
        var filters = new RandomFilters(Flows, seed: 141);
        var comparedSeries = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (allow, deny) = i % 3 == 0 ? (new List<FlowFilter>(), new List<FlowFilter>()) : filters.NextLists();
            var dimensions = RandomDimensions(random);
            var latency = i % 4 == 3;
            var (since, until) = RandomRange(random);
            var buckets = new TimeBuckets(since, until, TimeSpan.FromSeconds(random.Next(1, 40)), random.Next(5, 200));

            var expected = new TimeSeriesAggregator(dimensions.Select(Dimension).ToList(), buckets, latency, maxSeries: 100_000);
            Feed(expected, allow, deny);

            var query = new TimeSeriesQuery(
                new FlowReadRequest { SinceNs = buckets.SinceNs, UntilNs = buckets.UntilNs, Allow = allow, Deny = deny },
                dimensions, buckets.FirstStartNs, buckets.IntervalNs, buckets.Count,
                latency ? AggregationMetric.Latency : AggregationMetric.Count, Quantiles, MaxSeries: 100_000);
            var actual = await _temp.Store.TimeSeriesAsync(query, CancellationToken.None);

            var context = $"case {i}: group by {string.Join(",", dimensions)}, latency {latency}, allow {string.Join(" | ", allow)} deny {string.Join(" | ", deny)}";
            Assert.Equal(buckets.Starts(), actual.BucketStartsNs);
            Assert.Equal(expected.Counted, actual.Counted);
            var expectedSeries = expected.Groups.ToDictionary(g => Key(expected.Keys.Labels(g.Key).Select(l => l.Value)), g => g.Value);
            var actualSeries = actual.Series.ToDictionary(s => Key(s.GroupValues), s => s);
            Assert.True(expectedSeries.Keys.Order().SequenceEqual(actualSeries.Keys.Order()), $"{context}: groups differ: [{string.Join(";", expectedSeries.Keys.Order())}] vs [{string.Join(";", actualSeries.Keys.Order())}]");
            foreach (var (key, series) in expectedSeries)
            {
                var other = actualSeries[key];
                Assert.Equal(series.Total, other.Total);
                if (latency)
                {
                    for (var q = 0; q < Quantiles.Length; q++)
                    {
                        Assert.Equal(series.Latencies.Select(l => l?.Quantile(Quantiles[q])), other.Quantiles[q]);
                    }
                }
                else
                {
                    Assert.True(series.Counts.SequenceEqual(other.Counts), $"{context}: counts of {key} differ: {string.Join(",", series.Counts)} vs {string.Join(",", other.Counts)}; first {buckets.FirstStartNs} interval {buckets.IntervalNs} since {buckets.SinceNs} until {buckets.UntilNs}");
                }

                comparedSeries++;
            }
        }

        Assert.True(comparedSeries > Cases, $"only {comparedSeries} series compared");
    }

    [Fact]
    public async Task Top_groups_equal_the_in_memory_group_counter()
    {
        var random = new Random(15);
        var filters = new RandomFilters(Flows, seed: 151);
        for (var i = 0; i < Cases; i++)
        {
            var (allow, deny) = i % 3 == 0 ? (new List<FlowFilter>(), new List<FlowFilter>()) : filters.NextLists();
            var dimensions = RandomDimensions(random);
            var latency = i % 2 == 1;
            var (since, until) = RandomRange(random);
            var sinceNs = TimeBuckets.ToNs(since);
            var untilNs = TimeBuckets.ToNs(until);

            var expected = new GroupCounter(dimensions.Select(Dimension).ToList(), latency, maxGroups: 100_000, sinceNs, untilNs);
            Feed(expected, allow, deny);

            var query = new TopGroupsQuery(new FlowReadRequest { SinceNs = sinceNs, UntilNs = untilNs, Allow = allow, Deny = deny },
                dimensions, K: int.MaxValue, latency, Quantiles, MaxGroups: 100_000);
            var actual = await _temp.Store.TopGroupsAsync(query, CancellationToken.None);

            var context = $"case {i}: group by {string.Join(",", dimensions)}";
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Groups.Count, actual.GroupCount);
            var expectedGroups = expected.Groups
                .Select(g => (Key: Key(expected.Keys.Labels(g.Key).Select(l => l.Value)), g.Value.Count, g.Value.FirstSeenNs, g.Value.LastSeenNs,
                    Latency: latency ? string.Join(",", Quantiles.Select(q => g.Value.Latency?.Quantile(q))) : string.Empty))
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var actualGroups = actual.Groups
                .Select(g => (Key: Key(g.GroupValues), g.Count, g.FirstSeenNs, g.LastSeenNs, Latency: latency ? string.Join(",", g.Quantiles) : string.Empty))
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            Assert.True(expectedGroups.SequenceEqual(actualGroups), $"{context}: groups differ");

            // Largest first, ties in ordinal order of the values.
            Assert.Equal(actual.Groups.Select(g => g.Count).OrderDescending(), actual.Groups.Select(g => g.Count));
        }
    }

    [Theory]
    [InlineData("destination_names", "api.stripe.com")]
    [InlineData("denied_by_policy", "banking/accounts-api-ingress")]
    [InlineData("dns_qtype", "A")]
    public async Task List_dimensions_group_whole_lists_as_the_in_memory_path_does(string dimension, string scenarioValue)
    {
        var sinceNs = Flows.Min(f => f.TimeNs);
        var untilNs = Flows.Max(f => f.TimeNs) + 1;
        var expected = new GroupCounter([Dimension(dimension)], latency: false, maxGroups: 100_000, sinceNs, untilNs);
        Feed(expected, [], []);

        var actual = await _temp.Store.TopGroupsAsync(
            new TopGroupsQuery(new FlowReadRequest { SinceNs = sinceNs, UntilNs = untilNs }, [dimension], K: int.MaxValue, false, Quantiles, MaxGroups: 100_000),
            CancellationToken.None);

        var expectedGroups = expected.Groups.Select(g => (Key: Key(expected.Keys.Labels(g.Key).Select(l => l.Value)), g.Value.Count))
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var actualGroups = actual.Groups.Select(g => (Key: Key(g.GroupValues), g.Count)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedGroups, actualGroups);
        // Each flow counts once, whatever the length of its list.
        Assert.Equal(Flows.Count(f => f.TimeNs >= sinceNs && f.TimeNs < untilNs), actualGroups.Sum(g => g.Count));
        Assert.Contains(actualGroups, g => g.Key == scenarioValue);
        Assert.Contains(actualGroups, g => g.Key.Length == 0);
    }

    [Fact]
    public async Task Service_maps_equal_the_in_memory_aggregator_for_every_node_kind()
    {
        var random = new Random(16);
        var filters = new RandomFilters(Flows, seed: 161);
        foreach (var kind in Enum.GetValues<ServiceMapNodeKind>())
        {
            for (var i = 0; i < 12; i++)
            {
                var (allow, deny) = i % 3 == 0 ? (new List<FlowFilter>(), new List<FlowFilter>()) : filters.NextLists();
                var (since, until) = RandomRange(random);
                var sinceNs = TimeBuckets.ToNs(since);
                var untilNs = TimeBuckets.ToNs(until);

                var expected = new ServiceMapAggregator((NodeKind)(int)kind, sinceNs, untilNs, maxEdges: 100_000);
                Feed(expected, allow, deny);
                var actual = await _temp.Store.ServiceMapAsync(
                    new ServiceMapQuery(new FlowReadRequest { SinceNs = sinceNs, UntilNs = untilNs, Allow = allow, Deny = deny }, kind, 100_000, Quantiles),
                    CancellationToken.None);

                var edges = ServiceMapComparison.AssertEqual(expected, actual, Quantiles, $"{kind} case {i}");
                if (allow.Count + deny.Count == 0)
                {
                    Assert.True(edges > 0, $"{kind} case {i}: an unfiltered map has edges");
                }
            }
        }
    }

    [Fact]
    public async Task Coverage_reports_stored_ranges_per_node_and_lost_events_per_cluster()
    {
        var gap = new FlowGap(ScenarioFlows.Cluster, Flows[0].Node, Flows[10].TimeNs, Flows[20].TimeNs, 17, FlowGapReason.LostEvents, "ring buffer overflow");
        await _temp.Store.RecordGapAsync(gap, CancellationToken.None);
        var sinceNs = Flows[100].TimeNs;
        var untilNs = Flows[^100].TimeNs;

        var coverage = await _temp.Store.CoverageAsync(new CoverageQuery(0, long.MaxValue, []), CancellationToken.None);
        var partial = await _temp.Store.CoverageAsync(new CoverageQuery(sinceNs, untilNs, []), CancellationToken.None);

        var expected = Flows.GroupBy(f => f.Node).Select(g => new StoredRange(ScenarioFlows.Cluster, g.Key, g.Min(f => f.TimeNs), g.Max(f => f.TimeNs), g.Count()))
            .OrderBy(r => r.Node, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, coverage.Ranges);
        Assert.Equal(new[] { gap }, coverage.Gaps);
        Assert.Equal(new[] { new LostEventsTotal(ScenarioFlows.Cluster, 17) }, coverage.LostEvents);
        Assert.Equal(Flows.Count(f => f.TimeNs >= sinceNs && f.TimeNs <= untilNs), partial.Ranges.Sum(r => r.FlowCount));
        Assert.Empty(partial.Gaps);
    }

    private static void Feed(NetObs.Query.Scanning.IFlowSink sink, List<FlowFilter> allow, List<FlowFilter> deny)
    {
        var evaluator = FlowFilterEvaluator.Compile(allow, deny);
        foreach (var flow in Flows)
        {
            if (evaluator.Matches(flow.Flow))
            {
                sink.Add(flow.Flow, flow.TimeNs, flow.Node);
            }
        }
    }

    private static FlowDimension Dimension(string name) =>
        FlowDimensions.TryGet(name, out var dimension) ? dimension : throw new ArgumentException($"no dimension {name}");

    private static readonly string[] StoredDimensionNames = [.. FlowDimensions.All.Select(d => d.Name).Where(name => StoredDimension.TryGet(name, out _))];

    private static List<string> RandomDimensions(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => StoredDimensionNames[random.Next(StoredDimensionNames.Length)]).Distinct()];

    private static (DateTimeOffset Since, DateTimeOffset Until) RandomRange(Random random)
    {
        var first = DateTimeOffset.FromUnixTimeMilliseconds(Flows[0].TimeNs / 1_000_000);
        var since = first.AddSeconds(random.Next(-5, 15)).AddMilliseconds(random.Next(1000));
        return (since, since.AddSeconds(random.Next(5, 60)));
    }

    private static string Key(IEnumerable<string> values) => string.Join("\u0001", values);
}
