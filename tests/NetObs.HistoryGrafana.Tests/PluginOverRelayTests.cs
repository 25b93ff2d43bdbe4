using static NetObs.HistoryGrafana.Tests.PluginQueries;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>The plugin launched as Grafana launches it, with its data source's url pointing at the simulator as a plain relay.</summary>
public sealed class PluginOverRelayTests : IAsyncLifetime
{
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
    public async Task Coverage_against_a_relay_reports_its_buffer_and_refuses_flow_filters()
    {
        // The simulator's buffer holds its last two minutes of flows.
        var now = DateTimeOffset.UtcNow;
        var response = await _plugin.QueryAsync(_relay.Address, "relay",
            PanelQuery("A", "{\"queryType\":\"coverage\"}", now.AddMinutes(-10), now),
            PanelQuery("B", "{\"queryType\":\"coverage\",\"filter\":\"--namespace pets\"}", now.AddMinutes(-10), now));

        Assert.True(response.Responses["A"].Error.Length == 0, response.Responses["A"].Error);
        var table = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]);
        Assert.Contains(table.Notices, n => n.Contains("not a NetObs history server", StringComparison.Ordinal));
        Assert.StartsWith("relay scan of ", table.ExecutedQueryString, StringComparison.Ordinal);
        Assert.Equal(3, table.Field("kind").Values.Count(k => (string?)k == "stored"));
        Assert.Equal(400, response.Responses["B"].Status);
        Assert.Contains("'--namespace' at position 0 cannot be used in a coverage query", response.Responses["B"].Error, StringComparison.Ordinal);
    }
}
