using System.Text.Json.Nodes;

namespace NetObs.Generator.Tests;

/// <summary>
/// Flow Logs (issue 15) reads only the NetObs data source: its variables come from the data source's resources, and
/// every panel is scoped by them, so the cluster, namespace and workload a user picks are the ones every panel shows.
/// </summary>
public sealed class FlowLogsDashboardTests
{
    private static readonly JsonObject Dashboard =
        Generation.Dashboards(Generation.Defaults).Single(d => d.Path == "dashboards/netobs-flow-logs.json").Dashboard;

    private static IEnumerable<JsonObject> ContentPanels() =>
        Generation.Panels(Dashboard).Where(p => p["type"]!.GetValue<string>() != "row");

    private static JsonObject Variable(string name) =>
        Dashboard["templating"]!["list"]!.AsArray().Select(v => v!.AsObject()).Single(v => v["name"]!.GetValue<string>() == name);

    [Fact]
    public void Every_panel_queries_the_netobs_data_source()
    {
        Assert.Equal("Kubernetes / Networking / Flow Logs", Dashboard["title"]!.GetValue<string>());
        Assert.All(ContentPanels(), p =>
        {
            Assert.Equal("netobs-hubble-datasource", p["datasource"]!["type"]!.GetValue<string>());
            Assert.All(p["targets"]!.AsArray(), t => Assert.Equal("netobs-hubble-datasource", t!["datasource"]!["type"]!.GetValue<string>()));
        });
    }

    [Theory]
    [InlineData("cluster", "clusters", false)]
    [InlineData("namespace", "namespaces", true)]
    [InlineData("workload", "workloads", true)]
    public void Variables_list_what_the_flows_carry(string name, string kind, bool all)
    {
        var variable = Variable(name);

        Assert.Equal("${netobs}", variable["datasource"]!["uid"]!.GetValue<string>());
        Assert.Equal(kind, variable["query"]!["kind"]!.GetValue<string>());
        Assert.Equal(all, variable["includeAll"]!.GetValue<bool>());
        // All must mean "no restriction", which the data source's filter interpolation gives only without a custom all value.
        Assert.Null(variable["allValue"]);
    }

    [Fact]
    public void Workloads_are_those_of_the_selected_namespace()
    {
        Assert.Equal("$namespace", Variable("workload")["query"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Every_flow_panel_is_scoped_by_the_variables_and_coverage_by_the_cluster()
    {
        foreach (var panel in ContentPanels())
        {
            var target = Assert.Single(panel["targets"]!.AsArray())!;
            var filter = target["filter"]!.GetValue<string>();
            if (target["queryType"]!.GetValue<string>() == "coverage")
            {
                Assert.Equal("--cluster $cluster", filter);
                continue;
            }

            Assert.StartsWith("--cluster $cluster --namespace $namespace --workload $workload", filter, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Traffic Leaving the Cluster by Destination Name", "timeseries", "--to-label reserved:world")]
    [InlineData("Top Destinations Outside the Cluster", "topk", "--to-label reserved:world")]
    [InlineData("Dropped Flows by Denying Policy", "timeseries", "--verdict DROPPED")]
    [InlineData("Dropped Flows with Reason and Denying Policy", "flows", "--verdict DROPPED")]
    [InlineData("DNS Errors by Query", "topk", "--protocol dns --type l7")]
    [InlineData("HTTP Errors by Path", "topk", "--http-status 4+ --http-status 5+")]
    public void Panels_select_the_flows_their_titles_name(string title, string queryType, string flags)
    {
        var target = ContentPanels().Single(p => p["title"]!.GetValue<string>() == title)["targets"]![0]!;

        Assert.Equal(queryType, target["queryType"]!.GetValue<string>());
        Assert.Contains(flags, target["filter"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dns_and_http_error_tables_rank_by_the_name_and_path_they_are_titled_by()
    {
        var dns = ContentPanels().Single(p => p["title"]!.GetValue<string>() == "DNS Errors by Query");
        var http = ContentPanels().Single(p => p["title"]!.GetValue<string>() == "HTTP Errors by Path");

        Assert.Equal(new[] { "dns_query", "dns_rcode" }, dns["targets"]![0]!["groupBy"]!.AsArray().Select(g => g!.GetValue<string>()));
        // NOERROR responses are hidden in Grafana, since Hubble cannot filter by return code.
        Assert.Contains("NOERROR", dns["transformations"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("http_path", http["targets"]![0]!["groupBy"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Traffic Leaving the Cluster by Destination Name", "destination_names")]
    [InlineData("Top Destinations Outside the Cluster", "destination_names")]
    [InlineData("Dropped Flows by Denying Policy", "denied_by_policy")]
    [InlineData("Top Drops by Reason, Denying Policy, Source and Destination", "denied_by_policy")]
    public void Panels_titled_by_a_name_or_policy_group_by_it(string title, string dimension)
    {
        var groupBy = ContentPanels().Single(p => p["title"]!.GetValue<string>() == title)["targets"]![0]!["groupBy"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();

        Assert.Contains(dimension, groupBy);
    }

    [Fact]
    public void The_service_map_is_titled_as_a_map_of_the_drops_and_no_map_stands_for_a_name_or_policy_panel()
    {
        // Names and denying policies are group-by dimensions; a map shows them only on hover, so it says what it is.
        var map = Assert.Single(ContentPanels(), p => p["type"]!.GetValue<string>() == "nodeGraph");

        Assert.Equal("Service Map: Dropped Flows", map["title"]!.GetValue<string>());
        Assert.Contains("--verdict DROPPED", map["targets"]![0]!["filter"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
