using NetObs.Simulator.Metrics;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

/// <summary>
/// What the dashboards' Missing SYN-ACK panels compute (missing_synack in dashboards-templates/partials/promql.sbn),
/// applied to the simulator's hubble_tcp_flags_total: a pod's SYNs (source), minus the SYN-ACKs that name it
/// (destination, sent from an in-cluster server's node), minus the SYN-ACKs on its node that name no pod (answers
/// from outside the cluster), never below zero; a refusing RST counts as an answer like a SYN-ACK. On the TCP scenario
/// only its unanswered client is flagged; with every scenario, clients whose SYNs a policy drops are flagged too (their
/// attempts get no answer either), but no client whose SYNs were answered from outside the cluster.
/// </summary>
public sealed class MissingSynAckTests
{
    [Theory]
    [InlineData(ScenarioSet.Tcp)]
    [InlineData(ScenarioSet.All)]
    public void Only_the_pod_whose_syns_nobody_answers_is_flagged(ScenarioSet scenarios)
    {
        var flows = EngineRun.Flows(scenarios, TimeSpan.FromMinutes(10), seed: 5);
        var metrics = new FlowMetrics("default");
        foreach (var flow in flows)
        {
            metrics.Record(flow, flow.NodeName);
        }

        var flags = PrometheusText.Parse(metrics.Render()).Where(s => s.Name == "hubble_tcp_flags_total").ToList();
        var syns = flags.Where(s => s.Label("flag") == "SYN" && s.Label("source").Length > 0)
            .GroupBy(s => (Node: s.Label("instance"), Pod: s.Label("source"))).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var answers = flags.Where(s => s.Label("flag") is "SYN-ACK" or "RST").ToList();
        var named = answers.Where(s => s.Label("destination").Length > 0)
            .GroupBy(s => s.Label("destination")).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var unnamed = answers.Where(s => s.Label("source") == "" && s.Label("destination") == "")
            .GroupBy(s => s.Label("instance")).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

        var flagged = syns.Where(e => e.Value - named.GetValueOrDefault(e.Key.Pod) - unnamed.GetValueOrDefault(e.Key.Node) > 0)
            .Select(e => e.Key.Pod).ToList();

        // Clients whose SYNs a policy drops on the way: their attempts really get no answer.
        var policyDropped = flows.Where(f => f.Verdict == Cilium.Flow.Verdict.Dropped && f.L4?.TCP?.Flags is { SYN: true, ACK: false })
            .Select(f => $"{f.Source.Namespace}/{f.Source.PodName}").ToHashSet();

        Assert.Contains(flagged, p => p.StartsWith("pets/virtual-worker-", StringComparison.Ordinal));
        Assert.All(flagged, p => Assert.True(p.StartsWith("pets/virtual-worker-", StringComparison.Ordinal) || policyDropped.Contains(p), $"{p} is flagged though its SYNs were answered"));
        if (scenarios == ScenarioSet.Tcp)
        {
            Assert.Single(flagged);
        }
        else
        {
            // payment-gateway calls api.stripe.com, whose SYN-ACKs name no pod; it was flagged before.
            Assert.True(unnamed.Values.Sum() > 0, "no answer from outside the cluster was seen");
            Assert.DoesNotContain(flagged, p => p.StartsWith("shop/payment-gateway-", StringComparison.Ordinal));
        }
    }
}
