using Cilium.Flow;
using NetObs.Hubble.FlowValues;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Simulator.Options;

namespace NetObs.Query.Tests;

/// <summary>
/// `destination_names` and `denied_by_policy` read list fields of a flow (destination_names; ingress_denied_by and
/// egress_denied_by): one value per flow, the items comma-joined, so every flow counts once.
/// </summary>
public sealed class ListDimensionTests
{
    private static string Read(string dimension, Flow flow)
    {
        Assert.True(FlowDimensions.TryGet(dimension, out var found));
        return found.Read(flow, new FlowText());
    }

    [Fact]
    public void A_flow_with_several_names_or_policies_has_them_all_in_one_value_in_hubbles_order()
    {
        var flow = new Flow { DestinationNames = { "api.stripe.com", "stripe.com" } };
        flow.IngressDeniedBy.Add(new Policy { Namespace = "banking", Name = "accounts-api-ingress" });
        flow.EgressDeniedBy.Add(new Policy { Name = "cluster-wide-deny" });

        Assert.Equal("api.stripe.com,stripe.com", Read("destination_names", flow));
        Assert.Equal("banking/accounts-api-ingress,cluster-wide-deny", Read("denied_by_policy", flow));
    }

    [Fact]
    public void A_flow_without_names_or_denying_policies_has_the_empty_value()
    {
        var flow = new Flow { Verdict = Verdict.Forwarded };
        flow.EgressAllowedBy.Add(new Policy { Namespace = "shop", Name = "allow-all" });

        Assert.Equal("", Read("destination_names", flow));
        Assert.Equal("", Read("denied_by_policy", flow));
    }

    [Fact]
    public async Task Top_destination_names_and_denying_policies_count_the_scenarios_flows()
    {
        await using var relay = await SimulatedRelay.StartAsync(ScenarioSet.Background | ScenarioSet.Drops);
        var limits = new QueryLimits(DataSourceSettings.DefaultDefaultLimit, DataSourceSettings.DefaultMaxLimit);
        var engine = new QueryEngine(relay.Relay, limits, QueryEngineOptions.Default with { CacheLifetime = TimeSpan.Zero });
        var window = new QueryWindow(relay.Start.AddSeconds(-150), relay.Start.AddSeconds(-30), TimeSpan.FromSeconds(10), 1000);
        var flows = await relay.FlowsAsync(window.From, window.To);

        var names = await engine.RunJsonAsync("A", "{\"queryType\":\"topk\",\"filter\":\"--to-label reserved:world\",\"groupBy\":[\"destination_names\"],\"k\":50}", window, TopKQuery.RunAsync);
        var expectedNames = flows.Where(f => f.Destination?.Labels.Contains("reserved:world") == true)
            .GroupBy(f => string.Join(',', f.DestinationNames)).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedNames.OrderBy(e => e.Key), names.Rows.ToDictionary(r => r.Values[0], r => r.Count).OrderBy(e => e.Key));
        Assert.Contains(names.Rows, r => r.Values[0] == "api.stripe.com" && r.Count > 0);

        var policies = await engine.RunJsonAsync("B", "{\"queryType\":\"topk\",\"filter\":\"--verdict DROPPED\",\"groupBy\":[\"denied_by_policy\"],\"k\":50}", window, TopKQuery.RunAsync);
        var expectedPolicies = flows.Where(f => f.Verdict == Verdict.Dropped)
            .GroupBy(f => string.Join(',', f.IngressDeniedBy.Concat(f.EgressDeniedBy).Select(p => p.Namespace + "/" + p.Name)))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedPolicies.OrderBy(e => e.Key), policies.Rows.ToDictionary(r => r.Values[0], r => r.Count).OrderBy(e => e.Key));
        Assert.Contains(policies.Rows, r => r.Values[0] == "banking/accounts-api-ingress");
        Assert.Contains(policies.Rows, r => r.Values[0] == "shop/deny-smtp-egress");
    }
}
