using NetObs.Grafana.Frames;
using NetObs.Query.Results;

namespace NetObs.Plugin.Frames;

/// <summary>Maps each kind of query result to the frames Grafana expects for it.</summary>
internal static class ResultFrames
{
    public static IReadOnlyList<DataFrame> Build(QueryResult result) => result switch
    {
        FlowsResult flows => [FlowsFrameBuilder.Build(flows)],
        TimeSeriesResult series => TimeSeriesFrameBuilder.Build(series),
        TopKResult topk => [TopKFrameBuilder.Build(topk)],
        ServiceMapResult map => ServiceMapFrameBuilder.Build(map),
        StatusResult status => StatusFrameBuilder.Build(status),
        _ => throw new NotSupportedException($"No frame mapping for {result.GetType().Name}."),
    };
}
