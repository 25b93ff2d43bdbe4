using System.Text;
using Cilium.Flow;
using Microsoft.Extensions.Time.Testing;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.Flows;
using NetObs.Query.QueryTypes.ServiceMap;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Query.Results;

namespace NetObs.Query.Tests;

public sealed class AggregationTests
{
    private static readonly QueryLimits Limits = new(DataSourceSettings.DefaultDefaultLimit, DataSourceSettings.DefaultMaxLimit);

    private static readonly QueryWindow Window = new(FlowBuilder.Origin, FlowBuilder.Origin.AddMinutes(1), TimeSpan.FromSeconds(10), 1000);

    private static QueryEngine Engine(InMemoryRelay relay, TimeSpan? gather = null, TimeProvider? time = null) =>
        new(relay, Limits, QueryEngineOptions.Default with { GatherWindow = gather ?? TimeSpan.Zero, CacheLifetime = TimeSpan.Zero, Time = time ?? TimeProvider.System });

    private static Task<TResult> Run<TResult>(QueryEngine engine, string json, QueryTypeRun<TResult> run, QueryWindow? window = null)
        where TResult : QueryResult =>
        engine.RunJsonAsync("A", json, window ?? Window, run);

    private static List<Flow> Mixed()
    {
        var flows = new List<Flow>();
        for (var i = 0; i < 30; i++)
        {
            flows.Add(FlowBuilder.Tcp(i * 2, "shop", "frontend-1", "shop", "catalog-1", sourceWorkload: "frontend", destinationWorkload: "catalog"));
        }

        for (var i = 0; i < 12; i++)
        {
            flows.Add(FlowBuilder.Tcp(i * 5 + 0.5, "banking", "web-frontend-1", "banking", "accounts-api-1", Verdict.Dropped, 8443, sourceWorkload: "web-frontend", destinationWorkload: "accounts-api"));
        }

        return [.. flows.OrderBy(f => f.Time)];
    }

    [Fact]
    public async Task Flows_are_newest_first_and_cut_at_the_limit_with_a_notice()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"flows\",\"limit\":5}", FlowsQuery.RunAsync);
        Assert.Equal(5, result.Flows.Count);
        Assert.True(result.Flows.Zip(result.Flows.Skip(1)).All(p => p.First.TimeNs >= p.Second.TimeNs));
        Assert.Equal(42, result.Matched);
        Assert.Contains(result.Notices, n => n.Text.Contains("newest 5 flows", StringComparison.Ordinal));
        Assert.StartsWith("hubble observe --since 2026-03-01T12:00:00.000Z", result.ExecutedQueryString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_series_counts_per_aligned_bucket_and_group()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}", TimeSeriesQuery.RunAsync);
        Assert.Equal(6, result.BucketStartsNs.Length);
        Assert.Equal(0, result.BucketStartsNs[0] % 10_000_000_000L);
        var dropped = result.Series.Single(s => s.Labels[0].Value == "DROPPED");
        var forwarded = result.Series.Single(s => s.Labels[0].Value == "FORWARDED");
        Assert.Equal(12, dropped.Values.Sum());
        Assert.Equal(30, forwarded.Values.Sum());
        Assert.Equal(5, forwarded.Values[0]);
    }

    [Fact]
    public async Task Rate_divides_by_the_bucket_length()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"timeseries\",\"metric\":\"rate\",\"filter\":\"--verdict FORWARDED\"}", TimeSeriesQuery.RunAsync);
        Assert.Equal(0.5, Assert.Single(result.Series).Values[0]);
    }

    [Fact]
    public async Task Timeseries_k_keeps_the_biggest_series()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"timeseries\",\"groupBy\":[\"destination_pod\"],\"k\":1}", TimeSeriesQuery.RunAsync);
        Assert.Equal("shop/catalog-1", Assert.Single(result.Series).Labels[0].Value);
    }

    [Fact]
    public async Task Latency_quantiles_come_from_l7_responses()
    {
        var flows = Enumerable.Range(1, 100).Select(i => FlowBuilder.DnsResponse(i * 0.5, "client", "a.example.", 0, (ulong)i * 1_000_000)).ToList();
        var engine = Engine(new InMemoryRelay(flows));
        var result = await Run(engine, "{\"queryType\":\"timeseries\",\"metric\":\"p95\"}", TimeSeriesQuery.RunAsync,
            Window with { Interval = TimeSpan.FromMinutes(1) });
        var p95 = Assert.Single(result.Series).Values.First(v => v is not null)!.Value;
        Assert.InRange(p95, 94, 96.5);
    }

    [Fact]
    public async Task Topk_ranks_groups_with_share_and_first_last_seen()
    {
        var flows = new List<Flow>();
        flows.AddRange(Enumerable.Range(0, 6).Select(i => FlowBuilder.DnsResponse(i, "a", "db.legacy.corp.internal.", 2)));
        flows.AddRange(Enumerable.Range(0, 3).Select(i => FlowBuilder.DnsResponse(10 + i, "b", "typo.example.", 3)));
        flows.AddRange(Enumerable.Range(0, 11).Select(i => FlowBuilder.DnsResponse(20 + i, "c", "ok.example.", 0)));
        var engine = Engine(new InMemoryRelay([.. flows.OrderBy(f => f.Time)]));
        var result = await Run(engine, "{\"queryType\":\"topk\",\"groupBy\":[\"dns_rcode\",\"dns_query\"],\"k\":2}", TopKQuery.RunAsync);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["NOERROR", "ok.example."], result.Rows[0].Values);
        Assert.Equal(["SERVFAIL", "db.legacy.corp.internal."], result.Rows[1].Values);
        Assert.Equal(6 / 20.0, result.Rows[1].Share, 6);
        Assert.Equal(5_000_000_000L, result.Rows[1].LastSeenNs - result.Rows[1].FirstSeenNs);
        Assert.Equal(20, result.TotalFlows);
    }

    [Fact]
    public async Task Service_map_shows_the_policy_drop_edge_in_red_with_the_denying_policy()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"servicemap\"}", ServiceMapQuery.RunAsync);
        var edge = result.Edges.Single(e => e.Source == "banking/web-frontend");
        Assert.Equal("banking/accounts-api", edge.Target);
        Assert.Equal(1.0, edge.DropRatio);
        Assert.Equal("POLICY_DENIED", edge.DropReasons);
        Assert.Equal("banking/deny-frontend", edge.DeniedBy);
        Assert.Equal("8443", edge.Ports);
        var healthy = result.Edges.Single(e => e.Source == "shop/frontend");
        Assert.Equal(0, healthy.DropRatio);
        var node = result.Nodes.Single(n => n.Id == "banking/accounts-api");
        Assert.Equal(1.0, node.DroppedShare);
        Assert.All(result.Nodes, n => Assert.Equal(1.0, n.SuccessShare + n.ErrorShare + n.DroppedShare, 9));
    }

    [Fact]
    public async Task Concurrent_queries_on_the_same_filter_and_range_share_one_relay_stream()
    {
        var relay = new InMemoryRelay(Mixed());
        // The gathering window runs on a fake clock an hour after the window, so the queries are past ones; a real
        // 200 ms window would share only if the machine happened to start all three in time.
        var clock = new FakeTimeProvider(Window.To.AddHours(1));
        var engine = Engine(relay, TimeSpan.FromMilliseconds(200), clock);
        var series = Run(engine, "{\"queryType\":\"timeseries\",\"filter\":\"--namespace banking\"}", TimeSeriesQuery.RunAsync);
        var top = Run(engine, "{\"queryType\":\"topk\",\"filter\":\"--namespace banking\",\"groupBy\":[\"source_pod\"]}", TopKQuery.RunAsync);
        var map = Run(engine, "{\"queryType\":\"servicemap\",\"filter\":\"--namespace banking\"}", ServiceMapQuery.RunAsync);
        Assert.Equal(0, relay.GetFlowsCalls);

        // A past query joins the gathering scan before its first await, so all three have joined when the window ends.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await Task.WhenAll(series, top, map);
        Assert.Equal(1, relay.GetFlowsCalls);
        Assert.Equal(12, (await top).TotalFlows);
        Assert.Equal(12, (await series).Series.Single().Values.Sum());

        // The shared stream asked for the union of the three field masks, not whole flows.
        var mask = Assert.Single(relay.Requests).FieldMask.Paths;
        Assert.Contains("source.pod_name", mask);
        Assert.Contains("drop_reason_desc", mask);
        Assert.DoesNotContain("Summary", mask);
    }

    [Fact]
    public async Task Buffer_that_starts_after_the_range_start_gives_a_notice()
    {
        var engine = Engine(new InMemoryRelay(Mixed().Where(f => f.Time.ToDateTimeOffset() > FlowBuilder.Origin.AddSeconds(30)).ToList()));
        var result = await Run(engine, "{\"queryType\":\"timeseries\"}", TimeSeriesQuery.RunAsync);
        Assert.Contains(result.Notices, n => n.Text.Contains("ring buffer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Limit_above_max_limit_is_capped_with_a_notice()
    {
        var engine = Engine(new InMemoryRelay(Mixed()));
        var result = await Run(engine, "{\"queryType\":\"flows\",\"limit\":20000}", FlowsQuery.RunAsync);
        Assert.Equal(42, result.Flows.Count);
        Assert.Contains(result.Notices, n => n.Text.Contains("maxLimit 10000", StringComparison.Ordinal));
    }
}
