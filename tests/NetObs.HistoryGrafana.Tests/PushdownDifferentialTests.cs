using System.Globalization;
using System.Text;
using NetObs.Hubble.Relay;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.Flows;
using NetObs.Query.QueryTypes.ServiceMap;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Query.Results;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The same queries over the same three hours of scenario flows, once pushed down to the real history server and once
/// scanned and aggregated in memory: the answers are equal, and only the source differs. Runs once per store (the
/// classes below).
/// </summary>
public abstract class PushdownDifferentialTests : IDisposable
{
    private static readonly QueryLimits Limits = new(DefaultLimit: 500, MaxLimit: 10_000);
    private readonly HistoryServer _server;
    private readonly HubbleRelayClient _client;
    private readonly QueryEngine _pushdown;
    private readonly QueryEngine _scan;

    protected PushdownDifferentialTests(StoredHistory history)
    {
        _server = history.Server;
        _client = new HubbleRelayClient(new RelayConnectionOptions { Address = _server.Address, FlowsTimeout = TimeSpan.FromMinutes(2) });
        var options = QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, CacheLifetime = TimeSpan.Zero };
        _pushdown = new QueryEngine(_client, Limits, options);
        _scan = new QueryEngine(new ScannedFlows(StoredScenario.AsFlows()), Limits, options);
    }

    public void Dispose()
    {
        _client.Dispose();
        GC.SuppressFinalize(this);
    }

    public static TheoryData<string, int, int> TimeSeriesQueries => new()
    {
        { "{\"queryType\":\"timeseries\"}", 180, 60 },
        { "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"],\"metric\":\"rate\"}", 180, 300 },
        { "{\"queryType\":\"timeseries\",\"groupBy\":[\"source_workload\",\"destination_port\"],\"k\":5}", 100, 60 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--namespace pets --not --verdict FORWARDED\",\"groupBy\":[\"drop_reason\"]}", 180, 120 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--protocol http\",\"groupBy\":[\"destination_workload\"],\"metric\":\"p95\"}", 180, 600 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--protocol dns\",\"groupBy\":[\"dns_rcode\",\"node\"],\"metric\":\"p50\"}", 45, 30 },
        { "{\"queryType\":\"timeseries\",\"groupBy\":[\"cluster\",\"verdict\"]}", 180, 300 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--cluster west --namespace pets\",\"groupBy\":[\"cluster\"],\"metric\":\"rate\"}", 120, 60 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--to-label reserved:world\",\"groupBy\":[\"destination_names\"],\"metric\":\"rate\"}", 180, 60 },
        { "{\"queryType\":\"timeseries\",\"filter\":\"--verdict DROPPED\",\"groupBy\":[\"denied_by_policy\"]}", 180, 60 },
    };

    [Theory]
    [MemberData(nameof(TimeSeriesQueries))]
    public async Task Time_series_pushed_down_equal_the_in_memory_series(string json, int minutes, int intervalSeconds)
    {
        var window = Window(minutes, intervalSeconds);

        var pushed = await RunAsync(_pushdown, json, window, TimeSeriesQuery.RunAsync);
        var scanned = await RunAsync(_scan, json, window, TimeSeriesQuery.RunAsync);

        Assert.Contains($"history server {_server.Address}, pushdown: SQL aggregation", pushed.ExecutedQueryString, StringComparison.Ordinal);
        Assert.DoesNotContain("history server", scanned.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Equal(scanned.BucketStartsNs, pushed.BucketStartsNs);
        Assert.Equal(Describe(scanned.Series), Describe(pushed.Series));
        Assert.True(scanned.Series.Sum(s => s.Values.Count(v => v is > 0)) > 0, "the query matched no flows; it would compare nothing");
    }

    public static TheoryData<string, int> TopKQueries => new()
    {
        { "{\"queryType\":\"topk\",\"groupBy\":[\"destination_pod\"],\"k\":10}", 180 },
        { "{\"queryType\":\"topk\",\"groupBy\":[\"source_namespace\",\"destination_namespace\"],\"metric\":\"rate\",\"k\":50}", 120 },
        { "{\"queryType\":\"topk\",\"filter\":\"--protocol http\",\"groupBy\":[\"http_path\"],\"metric\":\"p99\",\"k\":5}", 180 },
        { "{\"queryType\":\"topk\",\"filter\":\"--verdict DROPPED\",\"groupBy\":[\"drop_reason\",\"destination_workload\"]}", 180 },
        { "{\"queryType\":\"topk\",\"filter\":\"--cluster east\",\"groupBy\":[\"cluster\",\"node\"],\"k\":10}", 180 },
        { "{\"queryType\":\"topk\",\"filter\":\"--to-label reserved:world\",\"groupBy\":[\"destination_names\",\"destination_port\"],\"k\":10}", 180 },
        { "{\"queryType\":\"topk\",\"filter\":\"--verdict DROPPED\",\"groupBy\":[\"denied_by_policy\",\"source_workload\"],\"k\":20}", 180 },
    };

    [Theory]
    [MemberData(nameof(TopKQueries))]
    public async Task Top_groups_pushed_down_equal_the_in_memory_ranking(string json, int minutes)
    {
        var window = Window(minutes, 60);

        var pushed = await RunAsync(_pushdown, json, window, TopKQuery.RunAsync);
        var scanned = await RunAsync(_scan, json, window, TopKQuery.RunAsync);

        Assert.Contains("pushdown: SQL aggregation", pushed.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Equal(scanned.TotalFlows, pushed.TotalFlows);
        Assert.NotEmpty(scanned.Rows);
        Assert.Equal(scanned.Rows.Select(Describe), pushed.Rows.Select(Describe));
    }

    [Theory]
    [InlineData("workload", "")]
    [InlineData("pod", "--namespace pets")]
    [InlineData("namespace", "")]
    [InlineData("identity", "--not --protocol dns")]
    [InlineData("workload", "--cluster west")]
    public async Task Service_maps_pushed_down_equal_the_in_memory_map(string nodeKind, string filter)
    {
        var json = $"{{\"queryType\":\"servicemap\",\"nodeKind\":\"{nodeKind}\",\"filter\":\"{filter}\"}}";
        var window = Window(180, 60);

        var pushed = await RunAsync(_pushdown, json, window, ServiceMapQuery.RunAsync);
        var scanned = await RunAsync(_scan, json, window, ServiceMapQuery.RunAsync);

        Assert.Contains("pushdown: SQL aggregation", pushed.ExecutedQueryString, StringComparison.Ordinal);
        Assert.NotEmpty(scanned.Edges);
        Assert.Equal(scanned.Nodes, pushed.Nodes);
        Assert.Equal(scanned.Edges, pushed.Edges);
    }

    [Theory]
    [InlineData("{\"queryType\":\"flows\",\"limit\":200}", 180)]
    [InlineData("{\"queryType\":\"flows\",\"filter\":\"--verdict DROPPED\",\"limit\":50}", 30)]
    [InlineData("{\"queryType\":\"flows\",\"filter\":\"--namespace pets --first 20\"}", 180)]
    [InlineData("{\"queryType\":\"flows\",\"filter\":\"--cluster west --verdict DROPPED\",\"limit\":40}", 90)]
    public async Task Flows_read_from_the_store_equal_the_newest_flows_of_a_scan(string json, int minutes)
    {
        // A range that ends an hour ago: a relay's buffer would no longer hold it.
        var window = Window(minutes, 60) is var w ? w with { From = w.From - TimeSpan.FromHours(1), To = w.To - TimeSpan.FromHours(1) } : null!;

        var pushed = await RunAsync(_pushdown, json, window, FlowsQuery.RunAsync);
        var scanned = await RunAsync(_scan, json, window, FlowsQuery.RunAsync);

        Assert.StartsWith($"history server {_server.Address}, stored flows", pushed.ExecutedQueryString, StringComparison.Ordinal);
        Assert.NotEmpty(scanned.Flows);
        Assert.Equal(scanned.Flows.Select(f => f.TimeNs), pushed.Flows.Select(f => f.TimeNs));
        Assert.Equal(scanned.Flows.Select(f => f.Flow.Uuid).Order(StringComparer.Ordinal), pushed.Flows.Select(f => f.Flow.Uuid).Order(StringComparer.Ordinal));
        Assert.Equal(scanned.Notices.Any(n => n.Text.StartsWith("Showing the", StringComparison.Ordinal)), pushed.Notices.Any(n => n.Text.StartsWith("Showing the", StringComparison.Ordinal)));
    }

    private static QueryWindow Window(int minutes, int intervalSeconds) =>
        new(StoredScenario.End.AddMinutes(-minutes), StoredScenario.End, TimeSpan.FromSeconds(intervalSeconds), 1000);

    private static Task<TResult> RunAsync<TResult>(QueryEngine engine, string json, QueryWindow window, QueryTypeRun<TResult> run)
        where TResult : QueryResult
    {
        var parsed = QueryParser.Parse("A", Encoding.UTF8.GetBytes(json));
        var query = parsed.Query ?? throw new ArgumentException(parsed.ErrorMessage, nameof(json));
        return engine.RunAsync(query, window, run, CancellationToken.None);
    }

    private static List<string> Describe(IReadOnlyList<TimeSeries> series) =>
        [.. series.Select(s => string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")) + " total " + s.Total.ToString("R", CultureInfo.InvariantCulture) + ": " +
            string.Join(" ", s.Values.Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? "-")))];

    private static string Describe(TopKRow row) =>
        string.Join("|", string.Join(",", row.Values), row.Count, row.Share.ToString("R", CultureInfo.InvariantCulture), row.FirstSeenNs, row.LastSeenNs,
            row.Value?.ToString("R", CultureInfo.InvariantCulture));

}

[Collection(DuckDbHistoryCollection.Name)]
public sealed class PushdownDifferentialOnDuckDbTests(DuckDbHistory history) : PushdownDifferentialTests(history);

[Collection(ClickHouseHistoryCollection.Name)]
public sealed class PushdownDifferentialOnClickHouseTests(ClickHouseHistory history) : PushdownDifferentialTests(history);
