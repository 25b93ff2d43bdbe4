using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Plugin.QueryTypes.TimeSeries;
using NetObs.Query.QueryTypes.Coverage;

namespace NetObs.Plugin.QueryTypes.Coverage;

/// <summary>
/// The <c>coverage</c> frames: a <c>coverage</c> table (one row per stored range, gap or lost-events record) and, as
/// <c>timeseries-multi</c>, stored flows per bucket and the number of gaps overlapping each bucket, one frame each per cluster.
/// </summary>
internal static class CoverageFrameBuilder
{
    public static IReadOnlyList<DataFrame> Build(CoverageResult result)
    {
        var rows = result.Rows;
        var table = new DataFrame("coverage",
            Field.String("cluster", rows.Select(r => r.Cluster)),
            Field.String("node", rows.Select(r => r.Node)),
            Field.String("kind", rows.Select(r => r.Kind)),
            Field.String("reason", rows.Select(r => r.Reason)),
            Field.Time("from", rows.Select(r => r.FromNs)),
            Field.Time("to", rows.Select(r => r.ToNs)),
            Field.Int64("flows", rows.Select(r => r.Flows)))
        {
            RefId = result.RefId,
            Meta = ResultFrameMeta.For(result, FrameTypes.Table, default, "table"),
        };

        var frames = new List<DataFrame> { table };
        var intervalMs = result.Interval.TotalMilliseconds;
        foreach (var series in result.Series)
        {
            frames.Add(Series("stored_flows", series.Cluster, result, series.StoredFlows, intervalMs));
            frames.Add(Series("gaps", series.Cluster, result, series.Gaps, intervalMs));
        }

        return frames;
    }

    private static DataFrame Series(string name, string cluster, CoverageResult result, long[] values, double intervalMs)
    {
        var value = Field.Float64(name, values.Select(v => (double)v));
        value.Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["cluster"] = cluster };
        value.Config = new FieldConfig { Unit = name == "gaps" ? "none" : "short", Interval = intervalMs };
        var time = Field.Time("time", result.BucketStartsNs);
        time.Config = new FieldConfig { Interval = intervalMs };
        return new DataFrame(name, time, value)
        {
            RefId = result.RefId,
            Meta = new FrameMeta { Type = FrameTypes.TimeSeriesMulti, TypeVersion = TimeSeriesFrameBuilder.Version },
        };
    }
}
