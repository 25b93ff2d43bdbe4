using System.Text.Json.Nodes;
using NetObs.Testing;

namespace NetObs.Benchmarks;

/// <summary>One NetObs panel of a generated dashboard: its title and its query JSON with the dashboard variables filled in.</summary>
internal sealed record DashboardPanel(string Title, string QueryJson);

/// <summary>Reads the NetObs panel targets of a dashboard the generator rendered (its golden output, checked by the generator's tests).</summary>
internal static class DashboardPanels
{
    public const string NetObsType = "netobs-hubble-datasource";

    public static string GoldenPath(string dashboard) =>
        Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Generator.Tests", "Golden", "dashboards", dashboard + ".json");

    /// <summary>
    /// The NetObs targets of every panel, in dashboard order, with <c>$name</c> variables replaced as Grafana
    /// interpolates them before it sends the query; the datasource reference is dropped as Grafana does.
    /// </summary>
    public static IReadOnlyList<DashboardPanel> Read(string dashboard, IReadOnlyDictionary<string, string> variables)
    {
        var path = GoldenPath(dashboard);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"No generated dashboard '{dashboard}': {path} does not exist. Pass one of the names in that folder without '.json'.");
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var panels = new List<DashboardPanel>();
        Collect(root["panels"]?.AsArray(), variables, panels);
        return panels;
    }

    private static string Interpolate(string text, IReadOnlyDictionary<string, string> variables)
    {
        // Longest names first, so that $namespace is not read as $name followed by "space".
        foreach (var (name, value) in variables.OrderByDescending(v => v.Key.Length))
        {
            text = text.Replace("$" + name, value, StringComparison.Ordinal);
        }

        return text;
    }

    private static void Collect(JsonArray? panels, IReadOnlyDictionary<string, string> variables, List<DashboardPanel> into)
    {
        foreach (var panel in panels ?? [])
        {
            Collect(panel?["panels"]?.AsArray(), variables, into);
            foreach (var target in panel?["targets"]?.AsArray() ?? [])
            {
                if (target?["datasource"]?["type"]?.GetValue<string>() != NetObsType)
                {
                    continue;
                }

                var query = target.DeepClone().AsObject();
                query.Remove("datasource");
                into.Add(new DashboardPanel(
                    Interpolate(panel?["title"]?.GetValue<string>() ?? "(untitled)", variables),
                    Interpolate(query.ToJsonString(), variables)));
            }
        }
    }
}
