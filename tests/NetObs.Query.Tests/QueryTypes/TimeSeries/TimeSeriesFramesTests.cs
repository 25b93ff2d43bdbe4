namespace NetObs.Query.Tests.QueryTypes.TimeSeries;

/// <summary>The frames Grafana receives for a <c>timeseries</c> query, pinned by its golden file.</summary>
public sealed class TimeSeriesFramesTests
{
    [Fact]
    public async Task Timeseries_query_answers_the_golden_multi_frame_series()
    {
        var frames = await GoldenFrames.AnswerAsync(new InMemoryRelay(GoldenFlows.Mixed()), "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}");

        GoldenFrames.Check("TimeSeries", "timeseries", frames);
    }
}
