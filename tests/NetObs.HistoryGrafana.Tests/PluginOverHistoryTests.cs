using System.Globalization;
using Google.Protobuf;
using NetObs.Grafana.Protocol.V2;
using NetObs.History.Storage;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The plugin launched as Grafana launches it, with its data source's url pointing at the history server on DuckDB
/// (three hours stored, two gaps) and, for comparison, at the simulator as a plain relay.
/// </summary>
public sealed class PluginOverHistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset GapFrom = StoredScenario.End.AddHours(-2);
    private HistoryServer _server = null!;
    private SimulatorProcess _relay = null!;
    private PluginProcess _plugin = null!;
    private string _eastNode = string.Empty;

    public async Task InitializeAsync()
    {
        _eastNode = StoredScenario.Flows.First(f => f.Cluster == "east").Node;
        FlowGap[] gaps =
        [
            PushdownDifferentialTests.Gap("east", _eastNode, GapFrom, GapFrom.AddMinutes(5), 0, FlowGapReason.RelayUnavailable, "relay restarted"),
            PushdownDifferentialTests.Gap("west", string.Empty, GapFrom.AddMinutes(30), GapFrom.AddMinutes(31), 1234, FlowGapReason.LostEvents, "ring buffer overflow"),
        ];
        _server = await HistoryServer.StartAsync(StoredScenario.Flows, gaps);
        _relay = await SimulatorProcess.StartAsync();
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _relay.DisposeAsync();
        await _server.DisposeAsync();
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
        var response = await QueryAsync(_server.Address, "history",
            Query("A", "{\"queryType\":\"flows\",\"filter\":\"--namespace pets\",\"limit\":50}"),
            Query("B", "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}"),
            Query("C", "{\"queryType\":\"topk\",\"groupBy\":[\"destination_pod\"],\"k\":5}"),
            Query("D", "{\"queryType\":\"servicemap\"}"),
            Query("E", "{\"queryType\":\"status\"}"),
            Query("F", "{\"queryType\":\"coverage\"}"));

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
    public async Task Coverage_against_a_relay_reports_its_buffer_and_refuses_flow_filters()
    {
        // The simulator's buffer holds its last two minutes of flows.
        var now = DateTimeOffset.UtcNow;
        var response = await QueryAsync(_relay.Address, "relay",
            Query("A", "{\"queryType\":\"coverage\"}", now.AddMinutes(-10), now),
            Query("B", "{\"queryType\":\"coverage\",\"filter\":\"--namespace pets\"}", now.AddMinutes(-10), now));

        Assert.True(response.Responses["A"].Error.Length == 0, response.Responses["A"].Error);
        var table = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]);
        Assert.Contains(table.Notices, n => n.Contains("not a NetObs history server", StringComparison.Ordinal));
        Assert.StartsWith("relay scan of ", table.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Equal(3, table.Field("kind").Values.Count(k => (string?)k == "stored"));
        Assert.Equal(400, response.Responses["B"].Status);
        Assert.Contains("'--namespace' at position 0 cannot be used in a coverage query", response.Responses["B"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_server_that_goes_away_fails_the_query_downstream_and_the_next_query_works_once_it_is_back()
    {
        // Each query differs (k), so none is answered from the engine's five-second result cache.
        var query = Query("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":3}");
        var before = await QueryAsync(_server.Address, "outage", query);
        Assert.True(before.Responses["A"].Error.Length == 0, before.Responses["A"].Error);

        await _server.StopAsync();
        var during = await QueryAsync(_server.Address, "outage", Query("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":4}"));
        var error = during.Responses["A"];
        Assert.Equal(502, error.Status);
        Assert.Equal("downstream", error.ErrorSource);
        Assert.Contains($"NetObs history server at {_server.Address}", error.Error, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Error, StringComparison.Ordinal);

        await _server.StartAgainAsync();

        // The channel redials within half a second; the first query after that is answered from the store again.
        var attempt = 0;
        var after = await QueryAsync(_server.Address, "outage", Query("A", "{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":5}"));
        while (after.Responses["A"].Error.Length > 0 && ++attempt < 20)
        {
            await Task.Delay(250);
            after = await QueryAsync(_server.Address, "outage", Query("A", $"{{\"queryType\":\"topk\",\"groupBy\":[\"verdict\"],\"k\":{5 + attempt}}}"));
        }

        Assert.True(after.Responses["A"].Error.Length == 0, after.Responses["A"].Error);
        Assert.Contains("pushdown: SQL aggregation", ArrowFrameDecoder.Decode(after.Responses["A"].Frames[0]).ExecutedQueryString, StringComparison.Ordinal);
    }

    private static DataQuery Query(string refId, string json, DateTimeOffset? from = null, DateTimeOffset? to = null) => new()
    {
        RefId = refId,
        Json = ByteString.CopyFromUtf8(json),
        IntervalMS = 60_000,
        MaxDataPoints = 1000,
        TimeRange = new TimeRange
        {
            FromEpochMS = (from ?? StoredScenario.Start).ToUnixTimeMilliseconds(),
            ToEpochMS = (to ?? StoredScenario.End).ToUnixTimeMilliseconds(),
        },
    };

    private async Task<QueryDataResponse> QueryAsync(string address, string uid, params DataQuery[] queries)
    {
        var request = new QueryDataRequest { PluginContext = PluginContexts.DataSource(address, "{\"timeout\":60}", uid: uid) };
        request.Queries.AddRange(queries);
        return await _plugin.Data.QueryDataAsync(request, deadline: DateTime.UtcNow.AddSeconds(120));
    }
}
