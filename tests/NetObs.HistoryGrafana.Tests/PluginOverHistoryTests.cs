using System.Globalization;
using NetObs.Grafana.Protocol.V2;
using static NetObs.HistoryGrafana.Tests.PluginQueries;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The plugin launched as Grafana launches it, with its data source's url pointing at the history server (three hours
/// stored, two gaps) and, for comparison, at the simulator as a plain relay. Runs once per store (the classes below).
/// </summary>
public abstract class PluginOverHistoryTests(StoredHistory history) : IAsyncLifetime
{
    private readonly HistoryServer _server = history.Server;
    private readonly string _eastNode = StoredScenario.EastNode;
    private SimulatorProcess _relay = null!;
    private PluginProcess _plugin = null!;

    public async Task InitializeAsync()
    {
        _relay = await SimulatorProcess.StartAsync();
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task Health_describes_the_history_server_and_a_plain_relay_as_before()
    {
        var history = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = PluginContexts.DataSource(_server.Address, uid: "history") });
        var relay = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = PluginContexts.DataSource(_relay.Address, uid: "relay") });

        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, history.Status);
        Assert.StartsWith($"NetObs history at {_server.Address}: flows from 2 clusters (east, west), ", history.Message, StringComparison.Ordinal);
        Assert.Contains($"{StoredScenario.Flows.Count.ToString("N0", CultureInfo.InvariantCulture)} flows, 2 gaps; following no relay", history.Message, StringComparison.Ordinal);
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, relay.Status);
        Assert.StartsWith("Connected to Hubble Relay", relay.Message, StringComparison.Ordinal);
        Assert.Contains("flows in buffer", relay.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_query_type_answers_for_three_hours_with_the_gaps_in_its_notices()
    {
        var response = await _plugin.QueryAsync(_server.Address, "history",
            PanelQuery("A", "{\"queryType\":\"flows\",\"filter\":\"--namespace pets\",\"limit\":50}"),
            PanelQuery("B", "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}"),
            PanelQuery("C", "{\"queryType\":\"topk\",\"groupBy\":[\"destination_pod\"],\"k\":5}"),
            PanelQuery("D", "{\"queryType\":\"servicemap\"}"),
            PanelQuery("E", "{\"queryType\":\"status\"}"),
            PanelQuery("F", "{\"queryType\":\"coverage\"}"));

        foreach (var refId in new[] { "A", "B", "C", "D", "E", "F" })
        {
            var answer = response.Responses[refId];
            Assert.True(answer.Error.Length == 0, $"{refId}: {answer.Error}");
            Assert.NotEmpty(answer.Frames);
        }

        var series = ArrowFrameDecoder.Decode(response.Responses["B"].Frames[0]);
        Assert.Contains("pushdown: SQL aggregation", series.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Contains(series.Notices, n => n.Contains($"Gap in the stored flows of east/{_eastNode}", StringComparison.Ordinal) && n.Contains("relay unavailable", StringComparison.Ordinal));
        Assert.Contains(series.Notices, n => n.Contains("cluster west", StringComparison.Ordinal) && n.Contains("1234 flows missing", StringComparison.Ordinal));

        // Buckets with flows reach back to the range start, three hours ago: far beyond a relay's buffer.
        var counts = series.Fields[1].Values;
        Assert.True(counts.Take(5).Any(v => v is double d && d > 0), "no flows in the first buckets of the range");

        var flows = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]);
        Assert.StartsWith($"history server {_server.Address}, stored flows newest first", flows.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Equal(50, flows.RowCount);

        var coverage = ArrowFrameDecoder.Decode(response.Responses["F"].Frames[0]);
        var kinds = coverage.Field("kind").Values.Cast<string>().ToList();
        Assert.Equal(6, kinds.Count(k => k == "stored"));
        Assert.Single(kinds, "gap");
        Assert.Single(kinds, "lost");
        Assert.Equal((long)StoredScenario.Flows.Count, coverage.Field("flows").Values.Where((_, i) => kinds[i] == "stored").Sum(v => (long)v!));
        var perCluster = response.Responses["F"].Frames.Skip(1).Select(ArrowFrameDecoder.Decode).ToList();
        Assert.Equal(["stored_flows", "gaps", "stored_flows", "gaps"], perCluster.Select(f => f.Name));
    }

    [Fact]
    public async Task Cluster_group_by_and_filter_split_the_stored_flows_by_cluster()
    {
        var response = await _plugin.QueryAsync(_server.Address, "clusters",
            PanelQuery("A", "{\"queryType\":\"topk\",\"groupBy\":[\"cluster\"],\"k\":10}"),
            PanelQuery("B", "{\"queryType\":\"topk\",\"filter\":\"--cluster west\",\"groupBy\":[\"cluster\",\"node\"],\"k\":10}"),
            PanelQuery("C", "{\"queryType\":\"flows\",\"filter\":\"--cluster east\",\"limit\":20}"));
        foreach (var refId in new[] { "A", "B", "C" })
        {
            Assert.True(response.Responses[refId].Error.Length == 0, $"{refId}: {response.Responses[refId].Error}");
        }

        var perCluster = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]);
        var counted = perCluster.Field("cluster").Values.Cast<string>().Zip(perCluster.Field("count").Values.Cast<long>()).ToDictionary(p => p.First, p => p.Second);
        var expected = StoredScenario.Flows.GroupBy(f => f.Cluster).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));

        var west = ArrowFrameDecoder.Decode(response.Responses["B"].Frames[0]);
        Assert.All(west.Field("cluster").Values, v => Assert.Equal("west", v));
        Assert.Equal(3, west.RowCount);
        Assert.Equal(expected["west"], west.Field("count").Values.Sum(v => (long)v!));

        var east = ArrowFrameDecoder.Decode(response.Responses["C"].Frames[0]);
        Assert.Equal(20, east.RowCount);
        Assert.All(east.Field("node").Values, v => Assert.StartsWith("east/", (string?)v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_history_server_that_goes_away_fails_the_query_downstream_and_the_next_query_works_once_it_is_back()
    {
        // Each query differs (k), so none is answered from the engine's five-second result cache.
        var query = PanelQuery("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":3}");
        var before = await _plugin.QueryAsync(_server.Address, "outage", query);
        Assert.True(before.Responses["A"].Error.Length == 0, before.Responses["A"].Error);

        await _server.StopAsync();
        QueryDataResponse during;
        try
        {
            during = await _plugin.QueryAsync(_server.Address, "outage",
                PanelQuery("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":4}"),
                PanelQuery("B", "{\"queryType\":\"flows\",\"limit\":7}"));
        }
        finally
        {
            // The other tests of the collection share this server.
            await _server.StartAgainAsync();
        }

        var error = during.Responses["A"];
        Assert.Equal(502, error.Status);
        Assert.Equal("downstream", error.ErrorSource);
        Assert.Contains($"NetObs history server at {_server.Address}", error.Error, StringComparison.Ordinal);
        Assert.True(error.Error.Contains("connection refused; is the history server", StringComparison.Ordinal), error.Error);

        // Flows come through the observer API the history server shares with Hubble Relay; the error names what is really there.
        var flowsError = during.Responses["B"];
        Assert.Equal("downstream", flowsError.ErrorSource);
        Assert.Contains($"NetObs history server at {_server.Address} for GetFlows", flowsError.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hubble Relay", flowsError.Error, StringComparison.Ordinal);

        // The channel redials within half a second; the first query after that is answered from the store again.
        var attempt = 0;
        var after = await _plugin.QueryAsync(_server.Address, "outage", PanelQuery("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":5}"));
        while (after.Responses["A"].Error.Length > 0 && ++attempt < 20)
        {
            await Task.Delay(250);
            after = await _plugin.QueryAsync(_server.Address, "outage", PanelQuery("A", $"{{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":{5 + attempt}}}"));
        }

        Assert.True(after.Responses["A"].Error.Length == 0, after.Responses["A"].Error);
        Assert.Contains("pushdown: SQL aggregation", ArrowFrameDecoder.Decode(after.Responses["A"].Frames[0]).ExecutedQueryString, StringComparison.Ordinal);
    }
}

[Collection(DuckDbHistoryCollection.Name)]
public sealed class PluginOverDuckDbHistoryTests(DuckDbHistory history) : PluginOverHistoryTests(history);

[Collection(ClickHouseHistoryCollection.Name)]
public sealed class PluginOverClickHouseHistoryTests(ClickHouseHistory history) : PluginOverHistoryTests(history);
