namespace NetObs.Query.Tests.QueryTypes.Flows;

/// <summary>The frames Grafana receives for a <c>flows</c> query, pinned by its golden file.</summary>
public sealed class FlowsFramesTests
{
    [Fact]
    public async Task Flows_query_answers_the_golden_log_lines_frame_with_its_live_channel()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"flows\",\"limit\":5,\"stream\":true}");

        GoldenFrames.Check("Flows", "flows", frames);
    }
}
