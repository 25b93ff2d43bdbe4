using Cilium.Observer;
using Cilium.Relay;
using Grpc.Health.V1;

namespace NetObs.Simulator.Tests;

public sealed class NodesAndStatusTests
{
    [Fact]
    public async Task Nodes_report_their_buffers_and_connection_state()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(buffer: 511, nodes: 3);
        var flows = await simulator.AllFlowsAsync();

        var nodes = (await simulator.Client.GetNodesAsync(new GetNodesRequest())).Nodes;

        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, node =>
        {
            Assert.Equal(NodeState.NodeConnected, node.State);
            Assert.Equal(511ul, node.MaxFlows);
            Assert.Equal((ulong)flows.Count(f => f.NodeName == node.Name), node.NumFlows);
            Assert.True(node.SeenFlows >= node.NumFlows);
            Assert.True(node.Tls.Enabled);
            Assert.EndsWith(".hubble-grpc.cilium.io", node.Tls.ServerName, StringComparison.Ordinal);
            Assert.Matches(@"^10\.224\.0\.\d+:4244$", node.Address);
        });
    }

    [Fact]
    public async Task Server_status_sums_the_node_buffers()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(buffer: 16383, nodes: 2, backfill: "1m", rate: 200);
        var nodes = (await simulator.Client.GetNodesAsync(new GetNodesRequest())).Nodes;
        var flows = await simulator.AllFlowsAsync();

        var status = await simulator.Client.ServerStatusAsync(new ServerStatusRequest());

        Assert.Equal(32766ul, status.MaxFlows);
        Assert.Equal((ulong)flows.Count, status.NumFlows);
        Assert.Equal(nodes.Aggregate(0ul, (sum, n) => sum + n.SeenFlows), status.SeenFlows);
        Assert.Equal(2u, status.NumConnectedNodes);
        Assert.Equal(0u, status.NumUnavailableNodes);
        Assert.InRange(status.UptimeNs, 59_000_000_000ul, 61_000_000_000ul);
        // Hubble computes the rate from the flows of the last minute still in the buffers.
        Assert.Equal(flows.Count(f => f.Time.ToDateTimeOffset() >= DateTimeOffset.Parse("2026-03-01T11:59:00Z", System.Globalization.CultureInfo.InvariantCulture)) / 60.0, status.FlowsRate, 6);
        Assert.InRange(status.FlowsRate, 100, 400);
        Assert.NotEmpty(status.Version);
    }

    [Fact]
    public async Task Namespaces_are_those_of_the_buffered_flows()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync();
        var flows = await simulator.AllFlowsAsync();

        var namespaces = (await simulator.Client.GetNamespacesAsync(new GetNamespacesRequest())).Namespaces;

        var expected = flows.SelectMany(f => new[] { f.Source?.Namespace, f.Destination?.Namespace })
            .Where(ns => !string.IsNullOrEmpty(ns)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, namespaces.Select(n => n.Namespace_));
        Assert.All(namespaces, n => Assert.Equal("default", n.Cluster));
        Assert.Contains("kube-system", expected);
        Assert.Contains("pets", expected);
    }

    [Fact]
    public async Task Health_service_reports_hubble_observer_serving()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "1s");
        var health = new Health.HealthClient(simulator.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest { Service = "hubble.server.Observer" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Responses_carry_the_relay_version_header()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "1s");

        using var call = simulator.Client.ServerStatusAsync(new ServerStatusRequest());
        var headers = await call.ResponseHeadersAsync;

        Assert.False(string.IsNullOrEmpty(headers.GetValue("hubble-relay-version")));
    }
}
