using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.QueryTypes.TimeSeries;

namespace NetObs.Plugin.QueryTypes.TimeSeries;

/// <summary>
/// Time series as Grafana's data-plane <c>timeseries-multi</c>: one frame per series with one time field and one
/// numeric field carrying the series' labels, meta typeVersion [0,1] so server-side expressions (alerting) read it.
/// </summary>
internal static class TimeSeriesFrameBuilder
{
    /// <summary>timeseries-multi version 0.1 (grafana-plugin-sdk-go data/frame_type.go; dataplane contract).</summary>
    public static readonly FrameTypeVersion Version = new(0, 1);

    public static IReadOnlyList<DataFrame> Build(TimeSeriesResult result)
    {
        var frames = new List<DataFrame>(Math.Max(1, result.Series.Count));
        var intervalMs = result.Interval.TotalMilliseconds;
        foreach (var series in result.Series)
        {
            var value = Field.Float64(result.MetricName, series.Values);
            value.Labels = series.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            value.Config = new FieldConfig { Unit = result.Unit, Interval = intervalMs };
            var time = Field.Time("time", result.BucketStartsNs);
            time.Config = new FieldConfig { Interval = intervalMs };
            frames.Add(new DataFrame(result.MetricName, time, value) { RefId = result.RefId });
        }

        // No series is still an answer: the data plane's empty form (meta, no fields) means "no data", not an error.
        if (frames.Count == 0)
        {
            frames.Add(new DataFrame(result.MetricName) { RefId = result.RefId });
        }

        for (var i = 0; i < frames.Count; i++)
        {
            frames[i].Meta = i == 0
                ? ResultFrameMeta.For(result, FrameTypes.TimeSeriesMulti, Version)
                : new FrameMeta { Type = FrameTypes.TimeSeriesMulti, TypeVersion = Version };
        }

        return frames;
    }
}
