using System.Text.Json.Nodes;

namespace NetObs.Generator.Output;

/// <summary>
/// Turns the templates' row list into Grafana's panel layout: ids in order, panels flowing left to right on the
/// 24-column grid, and collapsed rows holding their panels. Templates give only each panel's width and height.
/// </summary>
public static class DashboardLayout
{
    private const int GridWidth = 24;

    public static void Apply(JsonObject dashboard, string templatePath)
    {
        if (dashboard["panels"] is not JsonArray rows)
        {
            throw new Templates.TemplateException([$"{templatePath}: the dashboard has no 'panels' list."]);
        }

        var laidOut = new JsonArray();
        var nextId = 1;
        var y = 0;
        foreach (var item in rows.ToArray())
        {
            rows.Remove(item);
            var entry = item!.AsObject();
            if (entry["type"]?.GetValue<string>() != "row")
            {
                // A panel outside any row (such as the header text) sits on its own line.
                laidOut.Add(Place(entry, ref nextId, 0, y, out var height));
                y += height;
                continue;
            }

            var children = entry["panels"]?.AsArray() ?? [];
            var collapsed = entry["collapsed"]?.GetValue<bool>() ?? false;
            var row = Place(entry, ref nextId, 0, y, out _, isRow: true);
            laidOut.Add(row);
            y += 1;
            var placed = new List<JsonObject>();
            int x = 0, lineHeight = 0;
            foreach (var child in children.ToArray())
            {
                children.Remove(child);
                var panel = child!.AsObject();
                var width = panel["gridPos"]?["w"]?.GetValue<int>() ?? GridWidth;
                if (x + width > GridWidth)
                {
                    y += lineHeight;
                    x = 0;
                    lineHeight = 0;
                }

                placed.Add(Place(panel, ref nextId, x, y, out var height));
                x += width;
                lineHeight = Math.Max(lineHeight, height);
            }

            y += lineHeight;
            var nested = new JsonArray();
            foreach (var panel in placed)
            {
                if (collapsed)
                {
                    nested.Add(panel);
                }
                else
                {
                    laidOut.Add(panel);
                }
            }

            row["panels"] = nested;
        }

        dashboard["panels"] = laidOut;
    }

    /// <summary>Rebuilds the panel with id, type, title and gridPos first, so files read well in review.</summary>
    private static JsonObject Place(JsonObject panel, ref int nextId, int x, int y, out int height, bool isRow = false)
    {
        var width = isRow ? GridWidth : panel["gridPos"]?["w"]?.GetValue<int>() ?? GridWidth;
        height = isRow ? 1 : panel["gridPos"]?["h"]?.GetValue<int>() ?? 8;
        var placed = new JsonObject
        {
            ["id"] = nextId++,
            ["type"] = panel["type"]?.DeepClone(),
            ["title"] = panel["title"]?.DeepClone(),
            ["gridPos"] = new JsonObject { ["h"] = height, ["w"] = width, ["x"] = x, ["y"] = y },
        };
        foreach (var (key, value) in panel.ToArray())
        {
            if (key is not ("id" or "type" or "title" or "gridPos"))
            {
                panel.Remove(key);
                placed[key] = value;
            }
        }

        return placed;
    }
}
