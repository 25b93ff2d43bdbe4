using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>
/// Every query of every generated dashboard, run where Grafana would run it (PromQL against the real Prometheus that
/// scrapes the simulator running every scenario, NetObs panels through the plugin): each returns data for some choice
/// of namespace and workload, as a user would pick them, unless no scenario produces its situation. Those panels are
/// listed with the reason, and the list must be exact: a listed panel that shows data, or an unlisted one that shows
/// none, fails.
/// </summary>
[Collection(AllScenariosCollection.Name)]
public sealed class DashboardQueryTests(AllScenariosStack stack, ITestOutputHelper output)
{
    /// <summary>PromQL queries ("dashboard / panel / refId") whose situation no scenario produces, and why.</summary>
    private static readonly IReadOnlyDictionary<string, string> PromQlWithoutScenario = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Kubernetes / Networking / Clusters / Packets Dropped - Unknown / A"] = "the simulator gives every datapath drop an ingress or egress direction",
        ["Kubernetes / Networking / Clusters / TCP Active Connections by State / A"] = "Retina's TCP connection states need its advanced metrics; the simulator emits Retina's node-level forward, drop, interface rx/tx and TCP reset counters only",
        ["Kubernetes / Networking / Clusters / TCP Active Connections by Remote Addr / A"] = "Retina's per-remote-address TCP metric needs its advanced metrics; the simulator emits Retina's node-level forward, drop, interface rx/tx and TCP reset counters only",
        ["Kubernetes / Networking / Clusters / TCP Connection Timeouts / A"] = "no scenario times out TCP connections at the node level; the simulator emits Retina's node-level forward, drop, interface rx/tx and TCP reset counters only",
        ["Kubernetes / Networking / Clusters / TCP Connection Reorders / A"] = "no scenario reorders TCP segments; the simulator emits Retina's node-level forward, drop, interface rx/tx and TCP reset counters only",
        ["Kubernetes / Networking / Clusters / UDP Connections / A"] = "networkobservability_udp_connection_stats is not emitted; the simulator emits Retina's node-level forward, drop, interface rx/tx and TCP reset counters only",
        ["Kubernetes / Networking / Clusters / Windows TCP Packets / A"] = "the simulated cluster has no Windows nodes",
        ["Kubernetes / Networking / Clusters / Windows TCP RST Packets / A"] = "the simulated cluster has no Windows nodes",
        ["Kubernetes / Networking / Clusters / Windows TCP SYN-ACK Packets / A"] = "the simulated cluster has no Windows nodes",
        ["Kubernetes / Networking / Clusters / Dropped Rx Packets / A"] = "no scenario drops packets in the NIC driver",
        ["Kubernetes / Networking / Clusters / Dropped Tx Packets / A"] = "no scenario drops packets in the NIC driver",
        ["Kubernetes / Networking / Clusters / Rx Cache Full Errors / A"] = "no scenario overflows NIC queues",
        ["Kubernetes / Networking / Clusters / Tx No Op Errors / A"] = "no scenario overflows NIC queues",
        ["Kubernetes / Networking / Clusters / Rx Comp Full Errors / A"] = "no scenario overflows NIC queues",
        ["Kubernetes / Networking / Clusters / Tx Send Full Errors / A"] = "no scenario overflows NIC queues",
        ["Kubernetes / Networking / L7 Flows (Namespace) / Kafka Outgoing Request Success Rate / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Namespace) / Kafka Outgoing Requests by Topic and API Key / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Namespace) / Kafka Outgoing Traffic by Verdict / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Namespace) / Stacked (Total) Outgoing Kafka Requests by Source Pod / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Workload) / Kafka Outgoing Request Success Rate / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Workload) / Kafka Outgoing Requests by Topic and API Key / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Workload) / Kafka Outgoing Traffic by Verdict / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
        ["Kubernetes / Networking / L7 Flows (Workload) / Stacked (Total) Outgoing Kafka Requests by Source Pod / A"] = "Hubble's kafka handler labels with the flow's own context and the L7 scenario's Kafka records are seen at the brokers' ingress proxy, where ACNS's sourceEgressContext leaves `source` empty: no scenario has a client-side Kafka proxy",
    };

    /// <summary>
    /// PromQL queries that round rates to 0.01/s (round(x, 0.01) > 0) where a scenario produces the situation at a
    /// lower rate: the L7 scenario's denied DELETEs reach each pod about once every few minutes. They must show data
    /// once the rounding is finer; at the panel's precision they may or may not.
    /// </summary>
    private static readonly IReadOnlyList<string> BelowDisplayedPrecision =
    [
        "Kubernetes / Networking / L7 Flows (Namespace) / Stacked (Total) Outgoing HTTP Drops by Source Pod / A",
        "Kubernetes / Networking / L7 Flows (Namespace) / Stacked (Total) Incoming HTTP Drops by Destination Pod / A",
        "Kubernetes / Networking / L7 Flows (Workload) / Stacked (Total) Outgoing HTTP Drops by Source Pod / A",
        "Kubernetes / Networking / L7 Flows (Workload) / Stacked (Total) Incoming HTTP Drops by Destination Pod / A",
    ];

    /// <summary>NetObs panel queries whose situation no scenario produces, and why.</summary>
    private static readonly IReadOnlyDictionary<string, string> FlowsWithoutScenario = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    /// <summary>How much scraped history the checks wait for, so that the scenarios' rarer events (RSTs, a 5 % share of 503s) are in every window.</summary>
    internal static readonly TimeSpan RareEventSpan = TimeSpan.FromMinutes(2);

    private static string Key(DashboardTarget target) => $"{target.Dashboard} / {target.Panel} / {target.Target["refId"]?.GetValue<string>()}";

    private static bool DependsOnWorkloadChoice(string text) =>
        text.Contains("$namespace", StringComparison.Ordinal) || text.Contains("$workload", StringComparison.Ordinal)
        || text.Contains("${namespace", StringComparison.Ordinal) || text.Contains("${workload", StringComparison.Ordinal);

    [Fact]
    public async Task Every_dashboard_promql_query_returns_data_where_a_scenario_produces_its_situation()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await stack.WaitForScrapedSpanAsync(RareEventSpan, timeout.Token);
        var choices = await DashboardVariables.ChoicesAsync(stack.Prometheus, timeout.Token);
        var pastWindow = await PastWindowAsync(timeout.Token);
        var failures = new List<string>();
        var empty = new List<string>();
        var total = 0;
        foreach (var dashboard in DashboardTarget.Load(Path.Combine(stack.Stack.GeneratedFolder, "dashboards")).GroupBy(t => t.Uid))
        {
            var variables = await DashboardVariables.ForDashboardAsync(stack.Prometheus, dashboard.ToList(), timeout.Token);
            foreach (var target in dashboard.Where(t => t.Expression is not null))
            {
                total++;
                var expression = variables.InPromQl(pastWindow(target.Expression!));
                var result = await stack.Prometheus.QueryAsync(expression, timeout.Token);
                if (result.Error is not null)
                {
                    failures.Add($"{target}: {result.Error}\n    {expression}");
                    continue;
                }

                var source = pastWindow(target.Expression!);
                if (BelowDisplayedPrecision.Contains(Key(target)))
                {
                    source = source.Replace(", 0.01)", ", 0.0001)", StringComparison.Ordinal);
                    result = await stack.Prometheus.QueryAsync(variables.InPromQl(source), timeout.Token);
                }

                var hasData = result.HasData;
                if (!hasData && DependsOnWorkloadChoice(target.Expression!))
                {
                    foreach (var choice in choices)
                    {
                        if ((await stack.Prometheus.QueryAsync(variables.For(choice).InPromQl(source), timeout.Token)).HasData)
                        {
                            hasData = true;
                            break;
                        }
                    }
                }

                if (!hasData)
                {
                    empty.Add(Key(target));
                }
            }
        }

        output.WriteLine($"{total} PromQL queries, {failures.Count} errors, {empty.Count} without data for any namespace and workload:");
        empty.ForEach(e => output.WriteLine("  no data: " + e));
        Assert.True(total > 50, $"only {total} PromQL queries found in the generated dashboards");
        Assert.True(failures.Count == 0, "Queries Prometheus rejects:\n" + string.Join("\n", failures));
        AssertExactly(PromQlWithoutScenario, empty, "PromQL");
    }

    [Fact]
    public async Task Every_drilldown_panel_query_returns_rows_through_the_plugin_where_a_scenario_produces_its_situation()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var choices = await DashboardVariables.ChoicesAsync(stack.Prometheus, timeout.Token);
        var failures = new List<string>();
        var empty = new List<string>();
        var ran = 0;
        var to = DateTimeOffset.UtcNow;
        foreach (var dashboard in DashboardTarget.Load(Path.Combine(stack.Stack.GeneratedFolder, "dashboards")).GroupBy(t => t.Uid))
        {
            var variables = await DashboardVariables.ForDashboardAsync(stack.Prometheus, dashboard.ToList(), timeout.Token);
            foreach (var target in dashboard.Where(t => t.IsNetObs))
            {
                ran++;
                var filter = target.Target["filter"]?.GetValue<string>() ?? "";
                IReadOnlyList<DashboardVariables> candidates = DependsOnWorkloadChoice(filter) ? [variables, .. choices.Select(variables.For)] : [variables];
                var rows = 0;
                foreach (var candidate in candidates)
                {
                    var query = target.NetObsQuery(candidate.Values);
                    var outcome = await stack.Stack.DataSource.QueryAsync(query, to.AddMinutes(-15), to, timeout.Token);
                    if (outcome.Failed)
                    {
                        failures.Add($"{target}: {outcome.Error}\n    {query.ToJsonString()}");
                        break;
                    }

                    rows = outcome.TotalRows;
                    if (rows > 0)
                    {
                        break;
                    }
                }

                if (rows == 0)
                {
                    empty.Add(Key(target));
                }
            }
        }

        output.WriteLine($"{ran} NetObs drill-down queries, {failures.Count} errors, {empty.Count} without rows for any namespace and workload:");
        empty.ForEach(e => output.WriteLine("  no rows: " + e));
        Assert.True(ran >= 8, $"only {ran} NetObs panel queries in the generated dashboards; every dashboard has NetObs panels");
        Assert.True(failures.Count == 0, "Drill-down queries the plugin fails:\n" + string.Join("\n", failures));
        AssertExactly(FlowsWithoutScenario, empty, "NetObs");
    }

    /// <summary>
    /// The "(past 10 minutes)" counts divide what happened by ten minutes; on a stack younger than that they would read
    /// a fraction of the real rate, so they are evaluated over the time the stack has been scraped.
    /// </summary>
    private async Task<Func<string, string>> PastWindowAsync(CancellationToken cancellation)
    {
        var scrapes = await stack.Prometheus.QueryAsync("max(count_over_time(up[10m]))", cancellation);
        var seconds = (int)Math.Clamp((scrapes.Series.FirstOrDefault()?.Value ?? 1) * RunningStack.Interval.TotalSeconds, 10, 600);
        return expression => expression.Replace("[10m]", $"[{seconds}s]", StringComparison.Ordinal);
    }

    private static void AssertExactly(IReadOnlyDictionary<string, string> expected, List<string> empty, string kind)
    {
        var unexpected = empty.Except(expected.Keys, StringComparer.Ordinal).ToList();
        var stale = expected.Keys.Except(empty, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, $"{kind} queries without data although a scenario should produce their situation:\n" + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, $"{kind} queries listed as having no scenario now show data; remove them from the list:\n" + string.Join("\n", stale));
    }
}
