using System.Text.RegularExpressions;
using NetObs.Demo.Prometheus;

namespace NetObs.EndToEnd.Tests;

/// <summary>
/// Values for the dashboards' variables as a user would pick them on the running stack: the simulator's cluster, all
/// nodes, and the namespace/workload that sends the most of the metric the dashboard is about.
/// </summary>
public sealed partial class DashboardVariables
{
    private readonly Dictionary<string, string> promql;
    private readonly Dictionary<string, string> flowFilter;

    private DashboardVariables(Dictionary<string, string> promql, Dictionary<string, string> flowFilter)
    {
        this.promql = promql;
        this.flowFilter = flowFilter;
    }

    /// <summary>The values a NetObs panel's flow filter takes, where <c>$nodes</c> is one node name rather than a regex.</summary>
    public IReadOnlyDictionary<string, string> Values => flowFilter;

    internal static async Task<DashboardVariables> ForDashboardAsync(PrometheusApi prometheus, IReadOnlyList<DashboardTarget> targets, CancellationToken cancellation)
    {
        var cluster = (await prometheus.QueryAsync("count by (cluster) (hubble_flows_processed_total)", cancellation)).Series.Select(s => s.Label("cluster")).FirstOrDefault() ?? "default";
        var node = (await prometheus.QueryAsync("count by (instance) (hubble_flows_processed_total)", cancellation)).Series.Select(s => s.Label("instance")).FirstOrDefault() ?? "";

        // The busiest source pod of the dashboard's most used hubble metric stands in for the user's namespace/workload choice.
        var metric = targets.Select(t => t.Expression).OfType<string>()
            .SelectMany(e => HubbleMetric().Matches(e).Select(m => m.Value))
            .GroupBy(m => m).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? "hubble_flows_processed_total";
        var busiest = (await prometheus.QueryAsync($"topk(1, sum by (source) (rate({metric}{{source!=\"\"}}[1m])))", cancellation)).Series.FirstOrDefault()?.Label("source") ?? "pets/store-front-0";
        var (ns, pod) = (busiest.Split('/')[0], busiest.Split('/').Last());
        var workload = WorkloadName.Of(pod);

        var common = new Dictionary<string, string>
        {
            ["cluster"] = cluster,
            ["namespace"] = ns,
            ["workload"] = workload,
            // What Grafana picks for a range of a few hours: rare events (an L7 policy denying a DELETE) fall into
            // every window, as they do on such a dashboard, instead of depending on the minute the test runs.
            ["__rate_interval"] = "5m",
            ["__interval"] = "30s",
            ["__range"] = "15m",
            ["__range_s"] = "900",
            ["datasource"] = "prometheus",
            ["netobs"] = "netobs",
        };
        // In PromQL `$nodes` sits in a regex matcher and "All" means every node; a flow filter takes one node name.
        var promql = new Dictionary<string, string>(common) { ["nodes"] = ".+" };
        var flowFilter = new Dictionary<string, string>(common) { ["nodes"] = node };
        return new DashboardVariables(promql, flowFilter);
    }

    /// <summary>The same choice with another namespace and workload, as a user would pick them from the variables.</summary>
    public DashboardVariables For(WorkloadChoice choice)
    {
        DashboardVariables copy = new(new Dictionary<string, string>(promql), new Dictionary<string, string>(flowFilter));
        foreach (var values in new[] { copy.promql, copy.flowFilter })
        {
            values["namespace"] = choice.Namespace;
            values["workload"] = choice.Workload;
        }

        return copy;
    }

    /// <summary>
    /// Every namespace/workload the running scenarios put into Hubble's pod-level series, busiest first: the values the
    /// dashboards' Namespace and Workload variables offer.
    /// </summary>
    internal static async Task<IReadOnlyList<WorkloadChoice>> ChoicesAsync(PrometheusApi prometheus, CancellationToken cancellation)
    {
        var choices = new Dictionary<WorkloadChoice, double>();
        foreach (var side in new[] { "source", "destination" })
        {
            var result = await prometheus.QueryAsync($"sum by ({side}) (rate({{__name__=~\"hubble_.+_total\", {side}!=\"\"}}[5m]))", cancellation);
            foreach (var series in result.Series)
            {
                var pod = series.Label(side);
                var choice = new WorkloadChoice(pod.Split('/')[0], WorkloadName.Of(pod.Split('/').Last()));
                choices[choice] = choices.GetValueOrDefault(choice) + series.Value;
            }
        }

        return [.. choices.OrderByDescending(c => c.Value).ThenBy(c => c.Key.ToString(), StringComparer.Ordinal).Select(c => c.Key)];
    }

    public string InPromQl(string expression) => TemplateVariables.Substitute(expression, promql);

    [GeneratedRegex(@"hubble_[a-z_]+_total", RegexOptions.CultureInvariant)]
    private static partial Regex HubbleMetric();
}

/// <summary>A namespace and one of its workloads, as the Namespace and Workload variables take them.</summary>
public sealed record WorkloadChoice(string Namespace, string Workload)
{
    public override string ToString() => $"{Namespace}/{Workload}";
}
