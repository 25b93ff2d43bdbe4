using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.QueryTypes.Status;

namespace NetObs.Plugin.QueryTypes.Status;

/// <summary>The <c>status</c> tables: one row of relay ServerStatus, and one row per node from GetNodes.</summary>
internal static class StatusFrameBuilder
{
    public static IReadOnlyList<DataFrame> Build(StatusResult result)
    {
        var s = result.Status;
        var fill = s.MaxFlows == 0 ? 0 : s.NumFlows / (double)s.MaxFlows;
        var status = new DataFrame("status",
            Field.String("version", [s.Version]),
            Field.UInt64("flows_in_buffer", [s.NumFlows]),
            Field.UInt64("buffer_capacity", [s.MaxFlows]),
            WithConfig(Field.Float64("buffer_fill", [fill]), new FieldConfig { Unit = "percentunit", Min = 0, Max = 1 }),
            Field.UInt64("seen_flows", [s.SeenFlows]),
            WithConfig(Field.Float64("flows_rate", [s.FlowsRate]), new FieldConfig { Unit = "cps" }),
            WithConfig(Field.Float64("uptime", [s.UptimeNs / 1e9]), new FieldConfig { Unit = "s" }),
            Field.UInt32("connected_nodes", [s.NumConnectedNodes]),
            Field.UInt32("unavailable_nodes", [s.NumUnavailableNodes]),
            Field.String("unavailable_node_names", [string.Join(", ", s.UnavailableNodes)]))
        {
            RefId = result.RefId,
            Meta = ResultFrameMeta.For(result, FrameTypes.Table, default, "table"),
        };

        var n = result.Nodes;
        var nodes = new DataFrame("nodes",
            Field.String("name", n.Select(x => x.Name)),
            Field.String("state", n.Select(x => x.State.ToString())),
            Field.String("version", n.Select(x => x.Version)),
            Field.String("address", n.Select(x => x.Address)),
            Field.Bool("tls", n.Select(x => x.Tls?.Enabled ?? false)),
            Field.UInt64("flows_in_buffer", n.Select(x => x.NumFlows)),
            Field.UInt64("buffer_capacity", n.Select(x => x.MaxFlows)),
            Field.UInt64("seen_flows", n.Select(x => x.SeenFlows)),
            WithConfig(Field.Float64("uptime", n.Select(x => x.UptimeNs / 1e9)), new FieldConfig { Unit = "s" }))
        {
            RefId = result.RefId,
            Meta = new FrameMeta { Type = FrameTypes.Table },
        };

        return [status, nodes];
    }

    private static T WithConfig<T>(T field, FieldConfig config)
        where T : Field
    {
        field.Config = config;
        return field;
    }
}
