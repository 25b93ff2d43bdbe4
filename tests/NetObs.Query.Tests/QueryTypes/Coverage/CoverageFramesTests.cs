namespace NetObs.Query.Tests.QueryTypes.Coverage;

/// <summary>The frames Grafana receives for a <c>coverage</c> query against a plain relay, pinned by its golden file.</summary>
public sealed class CoverageFramesTests
{
    [Fact]
    public async Task Coverage_query_over_a_relay_answers_the_golden_buffer_table_and_series()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"coverage\",\"filter\":\"--node-name node-b\"}");

        GoldenFrames.Check("Coverage", "coverage", frames);
        Assert.Equal(["coverage", "stored_flows", "gaps"], frames.Select(f => f.Name));
    }
}
