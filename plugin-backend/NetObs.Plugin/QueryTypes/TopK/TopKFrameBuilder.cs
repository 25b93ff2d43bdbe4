using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.QueryTypes.TopK;

namespace NetObs.Plugin.QueryTypes.TopK;

/// <summary>The <c>topk</c> table: one column per group-by dimension, then count, share, first/last seen and the ranking metric.</summary>
internal static class TopKFrameBuilder
{
    public static DataFrame Build(TopKResult result)
    {
        var fields = new List<Field>();
        for (var d = 0; d < result.Dimensions.Count; d++)
        {
            var index = d;
            fields.Add(Field.String(result.Dimensions[d], result.Rows.Select(r => r.Values[index])));
        }

        fields.Add(Field.Int64("count", result.Rows.Select(r => r.Count)));
        var share = Field.Float64("share", result.Rows.Select(r => r.Share));
        share.Config = new FieldConfig { Unit = "percentunit", Min = 0, Max = 1 };
        fields.Add(share);
        fields.Add(Field.Time("first_seen", result.Rows.Select(r => r.FirstSeenNs)));
        fields.Add(Field.Time("last_seen", result.Rows.Select(r => r.LastSeenNs)));
        if (result.MetricName != "flows")
        {
            var value = Field.Float64(result.MetricName, result.Rows.Select(r => r.Value));
            value.Config = new FieldConfig { Unit = result.Unit };
            fields.Add(value);
        }

        return new DataFrame("topk", fields)
        {
            RefId = result.RefId,
            Meta = ResultFrameMeta.For(result, FrameTypes.Table, default, "table"),
        };
    }
}
