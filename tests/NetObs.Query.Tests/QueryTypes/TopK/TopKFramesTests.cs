namespace NetObs.Query.Tests.QueryTypes.TopK;

/// <summary>The frames Grafana receives for a <c>topk</c> query, pinned by its golden file.</summary>
public sealed class TopKFramesTests
{
    [Fact]
    public async Task Topk_query_answers_the_golden_table()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"topk\",\"groupBy\":[\"source_pod\",\"destination_pod\"],\"k\":3}");

        GoldenFrames.Check("TopK", "topk", frames);
    }
}
