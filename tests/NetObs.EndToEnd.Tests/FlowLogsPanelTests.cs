using NetObs.Demo.Frames;
using NetObs.Testing.Frames;

namespace NetObs.EndToEnd.Tests;

/// <summary>
/// Flow Logs names what the scenarios put into the flows (simulator/NetObs.Simulator/Scenarios): the outside names the
/// background traffic reaches, the policies the drops scenario denies with, and the names the DNS scenario fails to resolve.
/// </summary>
[Collection(AllScenariosCollection.Name)]
public sealed class FlowLogsPanelTests(AllScenariosStack stack)
{
    private const string Uid = "netobs-flow-logs";

    // DnsScenario's lookups that never answer NOERROR.
    private static readonly string[] FailingNames =
    [
        "api.stripe.com.shop.svc.cluster.local.", "api.stripe.com.svc.cluster.local.", "paymnet-gateway.shop.svc.cluster.local.",
        "db.legacy.corp.internal.", "internal.partner-bank.example.", "cdn.assets-provider.example.", "pastebin.com.",
    ];

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly IReadOnlyList<DashboardTarget> targets = DashboardTarget.Load(Path.Combine(stack.Stack.GeneratedFolder, "dashboards"));

    /// <summary>The frames a Flow Logs panel shows for the last 15 minutes with this namespace and workload selected.</summary>
    private async Task<IReadOnlyList<DecodedFrame>> FramesAsync(string panel, string ns, string workload)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var dashboard = targets.Where(t => t.Uid == Uid).ToList();
        var variables = (await DashboardVariables.ForDashboardAsync(stack.Prometheus, dashboard, timeout.Token)).For(new WorkloadChoice(ns, workload));
        var query = Assert.Single(dashboard, t => t.Panel == panel).NetObsQuery(variables.Values);
        var to = DateTimeOffset.UtcNow;
        var outcome = await stack.Stack.DataSource.QueryAsync(query, to - Window, to, timeout.Token);
        Assert.False(outcome.Failed, $"{Uid} / {panel}: {outcome.Error}");
        return outcome.Frames;
    }

    private static List<Dictionary<string, string>> Rows(DecodedFrame frame) =>
        [.. Enumerable.Range(0, frame.RowCount).Select(row => frame.Fields.ToDictionary(f => f.Name, f => f.Text(row), StringComparer.Ordinal))];

    /// <summary>The label value of every series of a time-series panel that counted at least one flow.</summary>
    private static HashSet<string> SeriesWithFlows(IReadOnlyList<DecodedFrame> frames, string label) =>
        [.. frames.SelectMany(f => f.Fields)
            .Where(f => f.Labels.ContainsKey(label) && f.Values.Any(v => v is not null && Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) > 0))
            .Select(f => f.Labels[label])];

    [Fact]
    public async Task Traffic_leaving_the_cluster_is_counted_by_the_destinations_dns_names()
    {
        var names = SeriesWithFlows(await FramesAsync("Traffic Leaving the Cluster by Destination Name", "shop", "payment-gateway"), "destination_names");
        Assert.Contains("api.stripe.com", names);
        // Scoped to the selected workload: order-service's outside destination is not payment-gateway's.
        Assert.DoesNotContain("api.github.com", names);

        var destinations = Rows(Assert.Single(await FramesAsync("Top Destinations Outside the Cluster", "shop", "payment-gateway")));
        Assert.Contains(destinations, r => r["destination_names"] == "api.stripe.com" && r["destination_ip"] == "54.187.174.169"
            && r["destination_port"] == "443" && r["source_workload"] == "shop/payment-gateway");
        // Only what leaves the cluster: no destination is a pod or service address of the simulated cluster.
        Assert.DoesNotContain(destinations, r => r["destination_ip"].StartsWith("10.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_flows_are_counted_by_the_policy_that_denied_them()
    {
        Assert.Contains("banking/accounts-api-ingress",
            SeriesWithFlows(await FramesAsync("Dropped Flows by Denying Policy", "banking", "accounts-api"), "denied_by_policy"));
        Assert.Contains("shop/deny-smtp-egress", SeriesWithFlows(await FramesAsync("Dropped Flows by Denying Policy", "shop", "orders"), "denied_by_policy"));

        var top = Rows(Assert.Single(await FramesAsync("Top Drops by Reason, Denying Policy, Source and Destination", "banking", "accounts-api")));
        Assert.Contains(top, r => r["drop_reason"] == "POLICY_DENIED" && r["denied_by_policy"] == "banking/accounts-api-ingress"
            && r["source_workload"] == "banking/web-frontend" && r["destination_workload"] == "banking/accounts-api");
    }

    [Fact]
    public async Task Dropped_flows_name_the_reason_and_the_policy_that_denied_them()
    {
        var banking = Rows(Assert.Single(await FramesAsync("Dropped Flows with Reason and Denying Policy", "banking", "accounts-api")));
        Assert.NotEmpty(banking);
        Assert.All(banking, r => Assert.NotEqual("", r["drop_reason"]));
        Assert.Contains(banking, r => r["drop_reason"] == "POLICY_DENIED" && r["policies_denied"].Contains("accounts-api-ingress", StringComparison.Ordinal)
            && WorkloadName.Of(r["source_pod"].Split('/').Last()) == "web-frontend");

        var shop = Rows(Assert.Single(await FramesAsync("Dropped Flows with Reason and Denying Policy", "shop", "orders")));
        Assert.Contains(shop, r => r["policies_denied"].Contains("deny-smtp-egress", StringComparison.Ordinal) && r["destination_port"] == "25");
    }

    [Fact]
    public async Task Dns_errors_by_query_name_the_lookups_the_dns_scenario_makes_fail()
    {
        var rows = Rows(Assert.Single(await FramesAsync("DNS Errors by Query", "banking", "web-frontend")));
        var errors = rows.Where(r => r["dns_rcode"] != "NOERROR").ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, r => Assert.Contains(r["dns_query"], FailingNames));
        Assert.True(errors.Select(r => r["dns_query"]).Distinct().Count() >= 2, "the DNS scenario fails lookups of several names from every client");
        Assert.Contains(errors, r => r["dns_rcode"] == "NXDOMAIN");
    }
}
