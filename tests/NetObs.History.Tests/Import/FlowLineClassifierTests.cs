using NetObs.History.Import;

namespace NetObs.History.Tests.Import;

public sealed class FlowLineClassifierTests
{
    [Fact]
    public void An_exporter_flow_line_is_a_flow()
    {
        var (response, skipped) = FlowLineClassifier.Classify(
            """{"flow":{"time":"2025-04-16T18:49:59.450508431Z","verdict":"FORWARDED","node_name":"c1/node-1","Type":"L3_L4"},"node_name":"c1/node-1","time":"2025-04-16T18:49:59.450508431Z"}""", 3);

        Assert.Null(skipped);
        Assert.Equal("c1/node-1", response!.Flow.NodeName);
        Assert.Equal(450508431, response.Flow.Time.Nanos);
    }

    [Theory]
    [InlineData("", SkipReason.Blank)]
    [InlineData("""{"agent_event":{"type":"AGENT_STARTED"},"node_name":"n","time":"2025-04-16T18:49:59Z"}""", SkipReason.AgentEvent)]
    [InlineData("""{"debug_event":{"type":"DBG_GENERIC"},"node_name":"n","time":"2025-04-16T18:49:59Z"}""", SkipReason.DebugEvent)]
    [InlineData("""{"node_status":{"state_change":"NODE_CONNECTED","node_names":["n"]}}""", SkipReason.NodeStatus)]
    [InlineData("""{"flow":{"time":"2025-04-16T18:49""", SkipReason.Corrupt)]
    [InlineData("""{"unrelated":true}""", SkipReason.Corrupt)]
    [InlineData("GARBAGE", SkipReason.Corrupt)]
    public void Lines_that_hold_no_flow_say_why(string line, SkipReason reason)
    {
        var (response, skipped) = FlowLineClassifier.Classify(line, 7);

        Assert.Null(response);
        Assert.Equal(reason, skipped!.Reason);
        Assert.Equal(7, skipped.LineNumber);
        Assert.StartsWith("line 7", skipped.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Lost_events_lines_are_kept_for_gaps()
    {
        var (response, skipped) = FlowLineClassifier.Classify(
            """{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"12"},"node_name":"n","time":"2025-04-16T18:49:59Z"}""", 1);

        Assert.Null(skipped);
        Assert.Equal(12UL, response!.LostEvents.NumEventsLost);
    }
}
