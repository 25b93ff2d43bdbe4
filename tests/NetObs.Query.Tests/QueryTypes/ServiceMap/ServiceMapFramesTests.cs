namespace NetObs.Query.Tests.QueryTypes.ServiceMap;

/// <summary>The frames Grafana receives for a <c>servicemap</c> query, pinned by its golden file.</summary>
public sealed class ServiceMapFramesTests
{
    [Fact]
    public async Task Servicemap_query_answers_the_golden_node_graph_frames()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"servicemap\"}");

        GoldenFrames.Check("ServiceMap", "servicemap", frames);
    }
}
