using Cilium.Flow;
using NetObs.History.Aggregation;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.History.Tests.Storage;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.QueryTypes.TopK;

namespace NetObs.History.Tests.Aggregation;

/// <summary>
/// Over flows of a named cluster (node names <c>sim/…</c>) and of Cilium's default cluster (bare node names, stored
/// under another relay name), the store's <c>--cluster</c> SQL and <c>cluster</c> group-by equal the evaluator and the
/// in-memory group counter.
/// </summary>
public sealed class ClusterDifferentialTests : IAsyncLifetime
{
    // The default cluster's flows are stored under the relay name "eu", as a follower configured "--relay eu=…" would
    // store them: the filter and the dimension read the node name, never the cluster column.
    private static readonly Lazy<IReadOnlyList<StoredFlow>> MixedFlows = new(() =>
    [
        .. ScenarioFlows.Generate(TimeSpan.FromSeconds(15), seed: 7, rate: 40),
        .. ScenarioFlows.Generate(TimeSpan.FromSeconds(15), seed: 8, rate: 40, cluster: NodeClusterName.Default).Select(f => f with { Cluster = "eu" }),
    ]);

    private TempDuckDbStore _temp = null!;

    private static IReadOnlyList<StoredFlow> Flows => MixedFlows.Value;

    public async Task InitializeAsync()
    {
        _temp = await TempDuckDbStore.CreateAsync();
        await _temp.Store.AppendAsync([.. Flows.OrderBy(f => f.TimeNs)], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Theory]
    [InlineData("--cluster sim", "some")]
    [InlineData("--cluster default", "some")]
    [InlineData("--cluster 's*'", "some")]
    [InlineData("--cluster sim --cluster default", "all")]
    [InlineData("--cluster eu", "none")]
    [InlineData("--not --cluster sim", "some")]
    [InlineData("--cluster default --verdict DROPPED", "some")]
    [InlineData("--node-name 'aks-*'", "all")]
    public async Task Cluster_filters_translate_exactly_and_select_what_the_evaluator_selects(string filter, string selects)
    {
        var query = ObserveFilterParser.Parse(filter);
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);
        var expected = Flows.Where(f => evaluator.Matches(f.Flow)).Select(f => f.TimeNs).Order().ToList();
        var request = new FlowReadRequest { Allow = query.Allowlist, Deny = query.Denylist };

        var actual = (await DuckDbFlowStoreTests.ReadAllAsync(_temp.Store, request)).Select(f => f.TimeNs).Order().ToList();

        Assert.True(new FlowFilterSqlTranslator(DuckDbDialect.Instance).Translate(request).Exact, $"{filter} is not translated exactly");
        Assert.Equal(expected, actual);
        Assert.Equal(selects, expected.Count == 0 ? "none" : expected.Count == Flows.Count ? "all" : "some");
    }

    [Theory]
    [InlineData("")]
    [InlineData("--verdict DROPPED")]
    [InlineData("--cluster sim")]
    public async Task Cluster_group_by_equals_the_in_memory_group_counter(string filter)
    {
        var query = ObserveFilterParser.Parse(filter);
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);
        Assert.True(FlowDimensions.TryGet("cluster", out var cluster));
        Assert.True(FlowDimensions.TryGet("verdict", out var verdict));
        var expected = new GroupCounter([cluster, verdict], latency: false, maxGroups: 1000, 0, long.MaxValue);
        foreach (var flow in Flows.Where(f => evaluator.Matches(f.Flow)))
        {
            expected.Add(flow.Flow, flow.TimeNs, flow.Node);
        }

        var actual = await _temp.Store.TopGroupsAsync(
            new TopGroupsQuery(new FlowReadRequest { Allow = query.Allowlist, Deny = query.Denylist }, ["cluster", "verdict"], K: int.MaxValue, false, [0.5], MaxGroups: 1000),
            CancellationToken.None);

        var expectedGroups = expected.Groups.Select(g => $"{string.Join("/", expected.Keys.Labels(g.Key).Select(l => l.Value))}={g.Value.Count}").Order(StringComparer.Ordinal).ToList();
        var actualGroups = actual.Groups.Select(g => $"{string.Join("/", g.GroupValues)}={g.Count}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedGroups, actualGroups);
        Assert.Equal(filter.Contains("--cluster", StringComparison.Ordinal) ? ["sim"] : new[] { "default", "sim" },
            actual.Groups.Select(g => g.GroupValues[0]).Distinct().Order(StringComparer.Ordinal).ToArray());
    }
}
