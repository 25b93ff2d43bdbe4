using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NetObs.Hubble.Evaluation;

namespace NetObs.Simulator.Tests;

public sealed class GetFlowsTests
{
    [Fact]
    public async Task First_response_is_node_status_connected_listing_every_node()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(nodes: 4);

        var responses = await simulator.GetFlowsAsync(new GetFlowsRequest { Number = 3 });

        Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.NodeStatus, responses[0].ResponseTypesCase);
        Assert.Equal(NodeState.NodeConnected, responses[0].NodeStatus.StateChange);
        Assert.Equal(simulator.Host.Store.Nodes.Select(n => n.AbsoluteName), responses[0].NodeStatus.NodeNames);
        Assert.All(responses.Skip(1), r => Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.Flow, r.ResponseTypesCase));
    }

    [Fact]
    public async Task Number_takes_the_newest_flows_of_each_node()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync();
        var all = await simulator.AllFlowsAsync();

        var last = (await simulator.GetFlowsAsync(new GetFlowsRequest { Number = 5 })).Where(r => r.Flow is not null).ToList();

        Assert.Equal(5 * simulator.Host.Store.Nodes.Count, last.Count);
        foreach (var node in simulator.Host.Store.Nodes)
        {
            var expected = all.Where(f => f.NodeName == node.AbsoluteName).TakeLast(5).Select(f => f.Uuid);
            Assert.Equal(expected, last.Where(r => r.NodeName == node.AbsoluteName).Select(r => r.Flow.Uuid));
        }
    }

    [Fact]
    public async Task First_takes_the_oldest_flows_of_each_node()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync();
        var all = await simulator.AllFlowsAsync();

        var first = (await simulator.GetFlowsAsync(new GetFlowsRequest { Number = 4, First = true })).Where(r => r.Flow is not null).ToList();

        foreach (var node in simulator.Host.Store.Nodes)
        {
            var expected = all.Where(f => f.NodeName == node.AbsoluteName).Take(4).Select(f => f.Uuid);
            Assert.Equal(expected, first.Where(r => r.NodeName == node.AbsoluteName).Select(r => r.Flow.Uuid));
        }
    }

    [Fact]
    public async Task Since_and_until_bound_flow_times()
    {
        var clock = FrozenClock.At("2026-03-01T12:00:00Z");
        await using var simulator = await RunningSimulator.StartFrozenAsync(clock: clock);
        var since = clock.GetUtcNow().AddSeconds(-90);
        var until = clock.GetUtcNow().AddSeconds(-60);
        var all = await simulator.AllFlowsAsync();

        var bounded = (await simulator.GetFlowsAsync(new GetFlowsRequest
        {
            Since = Timestamp.FromDateTimeOffset(since),
            Until = Timestamp.FromDateTimeOffset(until),
        })).Where(r => r.Flow is not null).Select(r => r.Flow).ToList();

        var expected = all.Where(f => f.Time.ToDateTimeOffset() >= since && f.Time.ToDateTimeOffset() <= until).Select(f => f.Uuid).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, bounded.Select(f => f.Uuid).ToHashSet());
    }

    [Fact]
    public async Task Since_takes_precedence_over_number()
    {
        var clock = FrozenClock.At("2026-03-01T12:00:00Z");
        await using var simulator = await RunningSimulator.StartFrozenAsync(clock: clock);
        var since = clock.GetUtcNow().AddSeconds(-2);

        var flows = (await simulator.GetFlowsAsync(new GetFlowsRequest { Number = 100_000, Since = Timestamp.FromDateTimeOffset(since) }))
            .Where(r => r.Flow is not null).ToList();

        Assert.NotEmpty(flows);
        Assert.All(flows, r => Assert.True(r.Flow.Time.ToDateTimeOffset() >= since));
    }

    [Fact]
    public async Task Allowlist_and_denylist_return_what_the_evaluator_accepts()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync();
        var all = await simulator.AllFlowsAsync();
        var request = new GetFlowsRequest
        {
            Whitelist = { new FlowFilter { Verdict = { Verdict.Dropped } }, new FlowFilter { SourcePod = { "pets/" } } },
            Blacklist = { new FlowFilter { DestinationPod = { "pets/mongodb-0" } } },
        };
        var evaluator = FlowFilterEvaluator.Compile(request.Whitelist, request.Blacklist);

        var filtered = (await simulator.GetFlowsAsync(request)).Where(r => r.Flow is not null).Select(r => r.Flow.Uuid).ToList();

        var expected = all.Where(evaluator.Matches).Select(f => f.Uuid).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), filtered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Invalid_filter_fails_with_invalid_argument()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "5s");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            simulator.GetFlowsAsync(new GetFlowsRequest { Whitelist = { new FlowFilter { HttpStatusCode = { "4xx" } } } }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("4xx", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_with_follow_is_invalid_argument()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "5s");

        var error = await Assert.ThrowsAsync<RpcException>(() => simulator.GetFlowsAsync(new GetFlowsRequest { First = true, Follow = true }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("first cannot be specified with follow", error.Status.Detail);
    }

    [Fact]
    public async Task Flows_of_all_nodes_arrive_merged_in_time_order()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync();

        var flows = await simulator.AllFlowsAsync();

        Assert.True(flows.Select(f => f.NodeName).Distinct().Count() > 1);
        var times = flows.Select(f => f.Time.ToDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Follow_streams_flows_generated_after_the_call()
    {
        await using var simulator = await RunningSimulator.StartAsync(new Options.SimulatorOptions { Rate = 2000 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var before = simulator.Host.Store.Nodes
            .SelectMany(n => Enumerable.Range(0, n.Ring.Count).Select(i => n.Ring.Read(n.Ring.Oldest + i)?.Flow?.Uuid))
            .ToHashSet();

        using var call = simulator.Client.GetFlows(new GetFlowsRequest { Follow = true }, cancellationToken: cancel.Token);
        var flows = new List<Flow>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            if (response.Flow is not null)
            {
                flows.Add(response.Flow);
            }

            if (flows.Count >= 300)
            {
                break;
            }
        }

        Assert.Equal(300, flows.Count);
        // Follow without number starts live: nothing that was stored before the call.
        Assert.DoesNotContain(flows, f => before.Contains(f.Uuid));
    }

    [Fact]
    public async Task Field_mask_returns_only_the_masked_fields()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "20s");

        var flows = (await simulator.GetFlowsAsync(new GetFlowsRequest
        {
            Number = 20,
            FieldMask = new FieldMask { Paths = { "verdict", "source.pod_name", "source.namespace", "Summary", "l4" } },
        })).Where(r => r.Flow is not null).Select(r => r.Flow).ToList();

        Assert.NotEmpty(flows);
        Assert.All(flows, flow =>
        {
            Assert.NotEqual(Verdict.Unknown, flow.Verdict);
            Assert.NotEmpty(flow.Summary);
            Assert.NotNull(flow.L4);
            Assert.Null(flow.Time);
            Assert.Null(flow.Destination);
            Assert.Null(flow.IP);
            Assert.Empty(flow.Uuid);
            Assert.Empty(flow.NodeName);
            Assert.Null(flow.IsReply);
            if (flow.Source is not null)
            {
                Assert.Equal(0u, flow.Source.Identity);
                Assert.Empty(flow.Source.Labels);
            }
        });
        Assert.Contains(flows, f => f.Source?.PodName.Length > 0);
    }

    [Fact]
    public async Task Unknown_field_mask_path_is_invalid_argument()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "5s");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            simulator.GetFlowsAsync(new GetFlowsRequest { FieldMask = new FieldMask { Paths = { "source.podname" } } }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("source.podname", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_and_debug_events_are_unimplemented_as_on_the_relay()
    {
        await using var simulator = await RunningSimulator.StartFrozenAsync(backfill: "5s");

        var agent = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = simulator.Client.GetAgentEvents(new GetAgentEventsRequest());
            await call.ResponseStream.MoveNext();
        });
        var debug = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = simulator.Client.GetDebugEvents(new GetDebugEventsRequest());
            await call.ResponseStream.MoveNext();
        });

        Assert.Equal(StatusCode.Unimplemented, agent.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, debug.StatusCode);
    }
}
