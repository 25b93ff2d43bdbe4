namespace NetObs.Query.Tests.QueryTypes.Status;

/// <summary>The frames Grafana receives for a <c>status</c> query, pinned by its golden file.</summary>
public sealed class StatusFramesTests
{
    [Fact]
    public async Task Status_query_answers_the_golden_status_and_nodes_tables()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"status\"}");

        GoldenFrames.Check("Status", "status", frames);
    }
}
