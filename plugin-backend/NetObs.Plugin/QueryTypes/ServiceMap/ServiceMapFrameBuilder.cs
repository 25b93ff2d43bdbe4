using System.Text.Json;
using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.QueryTypes.ServiceMap;

namespace NetObs.Plugin.QueryTypes.ServiceMap;

/// <summary>
/// Node Graph frames: <c>nodes</c> (id, title, subtitle, mainstat, secondarystat, arc__ shares coloured
/// green/orange/red, detail__ fields) and <c>edges</c> (id, source, target, stats, detail__ fields), both with
/// preferredVisualisationType nodeGraph (field names from grafana's nodeGraph utils, protocol reference §3.9).
/// </summary>
internal static class ServiceMapFrameBuilder
{
    public static IReadOnlyList<DataFrame> Build(ServiceMapResult result)
    {
        var nodes = result.Nodes;
        var nodeFields = new List<Field>
        {
            Field.String("id", nodes.Select(n => n.Id)),
            Field.String("title", nodes.Select(n => n.Title)),
            Field.String("subtitle", nodes.Select(n => n.Subtitle)),
            WithConfig(Field.Float64("mainstat", nodes.Select(n => n.FlowRate)), new FieldConfig { DisplayName = "Flows/s", Unit = "cps", Decimals = 2 }),
            WithConfig(Field.Float64("secondarystat", nodes.Select(n => n.DroppedShare)), new FieldConfig { DisplayName = "Dropped", Unit = "percentunit", Decimals = 1 }),
            Arc("arc__success", "Forwarded", "green", nodes.Select(n => n.SuccessShare)),
            Arc("arc__errors", "L7 errors", "orange", nodes.Select(n => n.ErrorShare)),
            Arc("arc__dropped", "Dropped", "red", nodes.Select(n => n.DroppedShare)),
            WithConfig(Field.String("detail__kind", nodes.Select(n => n.Kind)), new FieldConfig { DisplayName = "Kind" }),
            WithConfig(Field.Int64("detail__flows", nodes.Select(n => n.Flows)), new FieldConfig { DisplayName = "Flows" }),
        };

        var edges = result.Edges;
        var edgeFields = new List<Field>
        {
            Field.String("id", edges.Select(e => e.Id)),
            Field.String("source", edges.Select(e => e.Source)),
            Field.String("target", edges.Select(e => e.Target)),
            WithConfig(Field.Float64("mainstat", edges.Select(e => e.FlowRate)), new FieldConfig { DisplayName = "Flows/s", Unit = "cps", Decimals = 2 }),
            WithConfig(Field.Float64("secondarystat", edges.Select(e => e.DropRatio)), new FieldConfig { DisplayName = "Dropped", Unit = "percentunit", Decimals = 1 }),
            Field.String("color", edges.Select(e => e.DropRatio > 0 ? "red" : e.L7ErrorRatio > 0 ? "orange" : "green")),
            WithConfig(Field.Int64("detail__flows", edges.Select(e => e.Flows)), new FieldConfig { DisplayName = "Flows" }),
            WithConfig(Field.Float64("detail__drop_ratio", edges.Select(e => e.DropRatio)), new FieldConfig { DisplayName = "Drop ratio", Unit = "percentunit" }),
            WithConfig(Field.Float64("detail__l7_error_ratio", edges.Select(e => e.L7ErrorRatio)), new FieldConfig { DisplayName = "L7 error ratio", Unit = "percentunit" }),
            WithConfig(Field.Float64("detail__p95_latency", edges.Select(e => e.P95LatencyMs)), new FieldConfig { DisplayName = "p95 latency", Unit = "ms" }),
            WithConfig(Field.String("detail__ports", edges.Select(e => e.Ports)), new FieldConfig { DisplayName = "Ports" }),
            WithConfig(Field.String("detail__protocols", edges.Select(e => e.Protocols)), new FieldConfig { DisplayName = "Protocols" }),
            WithConfig(Field.String("detail__drop_reasons", edges.Select(e => e.DropReasons)), new FieldConfig { DisplayName = "Drop reasons" }),
            WithConfig(Field.String("detail__denied_by", edges.Select(e => e.DeniedBy)), new FieldConfig { DisplayName = "Denied by policies" }),
        };

        return
        [
            new DataFrame("nodes", nodeFields) { RefId = result.RefId, Meta = ResultFrameMeta.For(result, null, default, "nodeGraph") },
            new DataFrame("edges", edgeFields) { RefId = result.RefId, Meta = new FrameMeta { PreferredVisualisationType = "nodeGraph" } },
        ];
    }

    private static Field<double> Arc(string name, string displayName, string color, IEnumerable<double> shares)
    {
        var field = Field.Float64(name, shares);
        using var document = JsonDocument.Parse($"{{\"mode\":\"fixed\",\"fixedColor\":\"{color}\"}}");
        field.Config = new FieldConfig { DisplayName = displayName, Color = document.RootElement.Clone() };
        return field;
    }

    private static T WithConfig<T>(T field, FieldConfig config)
        where T : Field
    {
        field.Config = config;
        return field;
    }
}
