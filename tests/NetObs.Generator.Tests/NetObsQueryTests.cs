using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetObs.Hubble.Filtering;
using NetObs.Query.Model;

namespace NetObs.Generator.Tests;

/// <summary>
/// The NetObs panels and Explore data links carry the query model of DESIGN.md, and every filter they build
/// parses with the data source's own `hubble observe` parser once Grafana has filled in the variables; every panel
/// query parses with the data source's own query parser.
/// </summary>
public sealed partial class NetObsQueryTests
{
    private static readonly string[] QueryTypes = ["flows", "timeseries", "topk", "servicemap", "status", "coverage"];

    // What Grafana would put in place of the variables (the data link's series labels included).
    private static readonly IReadOnlyDictionary<string, string> Samples = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["netobs"] = "netobs",
        ["cluster"] = "default",
        ["__from"] = "1764115200000",
        ["__value.time"] = "1764117000000",
        ["namespace"] = "default",
        ["workload"] = "coredns",
        ["__field.labels.source"] = "default/coredns-7db6d8ff4d-x2x9c",
        ["__field.labels.destination"] = "kube-system/coredns-7db6d8ff4d-x2x9c",
        ["__field.labels.verdict"] = "DROPPED",
        ["__field.labels.reason"] = "POLICY_DENIED",
        ["__field.labels.instance"] = "aks-nodepool1-0",
        ["__field.labels.flag"] = "SYN",
        ["__field.labels.status"] = "503",
        ["__field.labels.method"] = "GET",
    };

    private static string Fill(string text) =>
        VariablePattern().Replace(text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return Samples.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"no sample for ${name} in {text}");
        });

    private static IEnumerable<(string Dashboard, string Panel, JsonNode Query)> NetObsTargets() =>
        Generation.Dashboards(Generation.Defaults).SelectMany(d => Generation.Panels(d.Dashboard)
            .Where(p => p["datasource"]?["type"]?.GetValue<string>() == "netobs-hubble-datasource")
            .SelectMany(p => p["targets"]!.AsArray().Select(t => (d.Path, p["title"]!.GetValue<string>(), t!))));

    private static IEnumerable<(string Dashboard, string Panel, JsonNode Query)> ExploreLinkQueries() =>
        Generation.Dashboards(Generation.Defaults).SelectMany(d => Generation.Panels(d.Dashboard)
            .SelectMany(p => (p["fieldConfig"]?["defaults"]?["links"]?.AsArray() ?? [])
                .Where(l => l!["url"]!.GetValue<string>().Contains("/explore?", StringComparison.Ordinal))
                .Select(l => (d.Path, p["title"]!.GetValue<string>(), Decode(l!["url"]!.GetValue<string>())))));

    /// <summary>The first query of an Explore URL's panes, with Grafana's variables filled in.</summary>
    private static JsonNode Decode(string url)
    {
        var panes = Uri.UnescapeDataString(Fill(url.Replace(":percentencode}", "}", StringComparison.Ordinal)).Split("panes=")[1]);
        return JsonNode.Parse(panes)!["flows"]!["queries"]![0]!;
    }

    [Fact]
    public void Drill_down_panels_use_the_query_model_and_parseable_filters()
    {
        var targets = NetObsTargets().ToList();
        // Three per metric dashboard (flows, service map, top talkers), Top Pods with DNS Errors on both DNS dashboards,
        // Failing gRPC Methods on both L7 dashboards, and the sixteen panels of Flow Logs.
        Assert.Equal((8 * 3) + 2 + 2 + 16, targets.Count);
        foreach (var (dashboard, panel, query) in targets)
        {
            Assert.Contains(query["queryType"]!.GetValue<string>(), QueryTypes);
            var filter = Fill(query["filter"]!.GetValue<string>());
            var parsed = ObserveFilterParser.Parse(filter);
            Assert.True(parsed.Allowlist.Count > 0, $"{dashboard} '{panel}': '{filter}' selects nothing");
        }
    }

    [Fact]
    public void Every_panel_query_parses_with_the_data_sources_query_parser()
    {
        var problems = new List<string>();
        foreach (var (dashboard, panel, query) in NetObsTargets())
        {
            var filled = query.DeepClone().AsObject();
            filled.Remove("datasource");
            filled["filter"] = Fill(filled["filter"]!.GetValue<string>());
            var result = QueryParser.Parse(filled["refId"]!.GetValue<string>(), Encoding.UTF8.GetBytes(filled.ToJsonString()));
            if (result.Query is null)
            {
                problems.Add($"{dashboard} '{panel}': {result.ErrorMessage}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Over days from a history server a panel must not be held to the relay's minutes: no fixed small limit (the data
    /// source's defaultLimit applies, with a notice when it cuts), no time or count flags that override the dashboard's
    /// range, no live tail; and each description says how far back it reaches on either kind of server. The panels'
    /// answers over hours of stored flows are run in NetObs.HistoryGrafana.Tests' DashboardPanelsOverHistoryTests.
    /// </summary>
    [Fact]
    public void Panels_answer_for_the_whole_time_range_on_a_history_server()
    {
        string[] rangeFlags = ["--since", "--until", "--last", "--first", "--all", "--follow", "-f"];
        foreach (var (dashboard, panel, query) in NetObsTargets())
        {
            Assert.True(query["limit"] is null, $"{dashboard} '{panel}' sets limit {query["limit"]}; leave it to the data source's defaultLimit.");
            Assert.True(query["stream"] is null, $"{dashboard} '{panel}' tails live flows.");
            var tokens = query["filter"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(tokens, t => rangeFlags.Contains(t.Split('=')[0]));
        }

        foreach (var (dashboard, panel) in NetObsPanels())
        {
            var description = panel["description"]!.GetValue<string>();
            Assert.True(description.Contains("history server", StringComparison.Ordinal), $"{dashboard} '{panel["title"]}' does not say how far back it reaches: {description}");
            Assert.DoesNotMatch(@"(?i)\blast \d+ flows|\bfrom Hubble Relay\b", description);
        }
    }

    private static IEnumerable<(string Dashboard, JsonObject Panel)> NetObsPanels() =>
        Generation.Dashboards(Generation.Defaults).SelectMany(d => Generation.Panels(d.Dashboard)
            .Where(p => p["datasource"]?["type"]?.GetValue<string>() == "netobs-hubble-datasource")
            .Select(p => (d.Path, p)));

    [Fact]
    public void Explore_links_open_a_flows_query_for_the_clicked_series()
    {
        var links = ExploreLinkQueries().ToList();
        Assert.True(links.Count > 100, $"only {links.Count} data links");
        foreach (var (dashboard, panel, query) in links)
        {
            Assert.Equal("flows", query["queryType"]!.GetValue<string>());
            Assert.Equal("netobs-hubble-datasource", query["datasource"]!["type"]!.GetValue<string>());
            var filter = query["filter"]!.GetValue<string>();
            var exception = Record.Exception(() => ObserveFilterParser.Parse(filter));
            Assert.True(exception is null, $"{dashboard} '{panel}': '{filter}' does not parse: {exception?.Message}");
        }

        Assert.Contains(links, l => l.Query["filter"]!.GetValue<string>().Contains("--from-pod default/coredns-7db6d8ff4d-x2x9c", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Query["filter"]!.GetValue<string>().Contains("--drop-reason-desc POLICY_DENIED", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z0-9_.]+)\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
