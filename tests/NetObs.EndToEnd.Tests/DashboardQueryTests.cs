using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>Every query of every generated dashboard, run where Grafana would run it: PromQL against the real Prometheus, drill-down panels through the plugin.</summary>
[Collection(AllScenariosCollection.Name)]
public sealed class DashboardQueryTests(AllScenariosStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_dashboard_promql_query_evaluates_against_prometheus_and_every_dashboard_shows_data()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var failures = new List<string>();
        var empty = new List<string>();
        var dashboards = new Dictionary<string, (int Queries, int WithData)>();
        var total = 0;
        foreach (var dashboard in DashboardTarget.Load(Path.Combine(stack.Stack.GeneratedFolder, "dashboards")).GroupBy(t => t.Uid))
        {
            var variables = await DashboardVariables.ForDashboardAsync(stack.Prometheus, dashboard.ToList(), timeout.Token);
            foreach (var target in dashboard.Where(t => t.Expression is not null))
            {
                total++;
                var counts = dashboards.GetValueOrDefault(target.Dashboard);
                var expression = variables.InPromQl(target.Expression!);
                var result = await stack.Prometheus.QueryAsync(expression, timeout.Token);
                if (result.Error is not null)
                {
                    failures.Add($"{target}: {result.Error}\n    {expression}");
                }
                else if (!result.HasData)
                {
                    empty.Add($"{target} (namespace={variables.Values["namespace"]}, workload={variables.Values["workload"]})");
                }

                dashboards[target.Dashboard] = (counts.Queries + 1, counts.WithData + (result.HasData ? 1 : 0));
            }
        }

        // Queries without data are listed, not failed: a workload-scoped panel is empty when the chosen workload has
        // no such traffic (e.g. no RST from a DNS server), as it would be for a user. A whole dashboard without data is a failure.
        output.WriteLine($"{total} PromQL queries, {failures.Count} errors, {empty.Count} without data:");
        empty.ForEach(e => output.WriteLine("  no data: " + e));
        Assert.True(total > 50, $"only {total} PromQL queries found in the generated dashboards");
        Assert.True(failures.Count == 0, "Queries Prometheus rejects:\n" + string.Join("\n", failures));
        var dark = dashboards.Where(d => d.Value.Queries > 0 && d.Value.WithData == 0).Select(d => d.Key).ToList();
        Assert.True(dark.Count == 0, "Dashboards where no query returns data: " + string.Join(", ", dark));
    }

    [Fact]
    public async Task Every_drilldown_panel_query_runs_through_the_plugin()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
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
                var query = target.Target.DeepClone().AsObject();
                query.Remove("datasource");
                if (query["filter"]?.GetValue<string>() is { } filter)
                {
                    query["filter"] = variables.InFlowFilter(filter);
                }

                var outcome = await stack.Stack.DataSource.QueryAsync(query, to.AddMinutes(-15), to, timeout.Token);
                if (outcome.Failed)
                {
                    failures.Add($"{target}: {outcome.Error}\n    {query.ToJsonString()}");
                }
                else if (outcome.TotalRows == 0)
                {
                    empty.Add($"{target}: {query.ToJsonString()}");
                }
            }
        }

        output.WriteLine($"{ran} NetObs drill-down queries, {failures.Count} errors, {empty.Count} without rows:");
        empty.ForEach(e => output.WriteLine("  no rows: " + e));
        Assert.True(ran >= 8, $"only {ran} NetObs panel queries in the generated dashboards; each of the eight has a drill-down row");
        Assert.True(failures.Count == 0, "Drill-down queries the plugin fails:\n" + string.Join("\n", failures));
        Assert.True(empty.Count <= ran / 3, $"{empty.Count} of {ran} drill-down queries return no rows:\n" + string.Join("\n", empty));
    }
}
