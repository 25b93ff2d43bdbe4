using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NetObs.History.Storage;
using NetObs.History.Tests.Following;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Tests.Server;

/// <summary>Hubble's observer API over stored flows: the request fields a relay honours, answered from DuckDB.</summary>
public sealed class ObserverApiTests : IAsyncLifetime
{
    private readonly HistoryFixture _history = new();
    private IReadOnlyList<Flow> _flows = [];

    public async Task InitializeAsync()
    {
        _flows = ScenarioFlows.Generate(3000);
        await _history.StartAsync(relayAddress: null);
        await _history.Host!.Store.AppendAsync(_flows.Select(f => StoredFlow.From("sim", f)).ToList(), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _history.DisposeAsync();

    [Fact]
    public async Task Number_gives_the_newest_flows_of_each_node_oldest_first_as_a_relay_does()
    {
        var served = await FlowsAsync(new GetFlowsRequest { Number = 10 });

        var expected = _flows.GroupBy(f => f.NodeName).SelectMany(g => g.TakeLast(10)).ToList();
        Assert.Equal(30, expected.Count);
        Assert.Equal(expected.Select(f => f.Uuid).Order(), served.Select(f => f.Uuid).Order());
        Assert.Equal(served.Select(StoredFlow.TimeOf).Order(), served.Select(StoredFlow.TimeOf));
    }

    [Fact]
    public async Task First_gives_the_oldest_flows_of_each_node()
    {
        var served = await FlowsAsync(new GetFlowsRequest { Number = 7, First = true });

        var expected = _flows.GroupBy(f => f.NodeName).SelectMany(g => g.Take(7)).ToList();
        Assert.Equal(expected.Select(f => f.Uuid).Order(), served.Select(f => f.Uuid).Order());
        Assert.Equal(served.Select(StoredFlow.TimeOf).Order(), served.Select(StoredFlow.TimeOf));
    }

    [Fact]
    public async Task Since_and_until_bound_the_flows_inclusively()
    {
        var since = StoredFlow.TimeOf(_flows[1000]);
        var until = StoredFlow.TimeOf(_flows[2000]);

        var served = await FlowsAsync(new GetFlowsRequest { Since = Stamp(since), Until = Stamp(until) });

        var expected = _flows.Where(f => StoredFlow.TimeOf(f) >= since && StoredFlow.TimeOf(f) <= until).Select(f => f.Uuid).Order();
        Assert.Equal(expected, served.Select(f => f.Uuid).Order());
    }

    [Fact]
    public async Task Whitelist_and_blacklist_select_what_the_shared_evaluator_selects()
    {
        var request = new GetFlowsRequest();
        request.Whitelist.Add(new FlowFilter { SourcePod = { "pets/" } });
        request.Whitelist.Add(new FlowFilter { Verdict = { Verdict.Dropped } });
        request.Blacklist.Add(new FlowFilter { DestinationPort = { "53" } });
        var evaluator = FlowFilterEvaluator.Compile(request);

        var served = await FlowsAsync(request);

        var expected = _flows.Where(evaluator.Matches).Select(f => f.Uuid).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, served.Select(f => f.Uuid).Order());
    }

    [Fact]
    public async Task A_field_mask_keeps_only_the_listed_fields()
    {
        var request = new GetFlowsRequest { Number = 20, FieldMask = new FieldMask { Paths = { "time", "verdict", "source.namespace" } } };

        var served = await FlowsAsync(request);

        var expected = _flows.GroupBy(f => f.NodeName).SelectMany(g => g.TakeLast(20)).Select(f => new Flow { Time = f.Time, Verdict = f.Verdict, Source = new Endpoint { Namespace = f.Source.Namespace } });
        Assert.Equal(expected.Select(f => f.ToByteString()).Order(ByteStringOrder.Instance), served.Select(f => f.ToByteString()).Order(ByteStringOrder.Instance));
    }

    [Fact]
    public async Task Requests_Hubble_rejects_are_rejected_as_invalid_arguments()
    {
        var badMask = await Assert.ThrowsAsync<RpcException>(() => FlowsAsync(new GetFlowsRequest { FieldMask = new FieldMask { Paths = { "source.no_such_field" } } }));
        var firstAndFollow = await Assert.ThrowsAsync<RpcException>(() => FlowsAsync(new GetFlowsRequest { First = true, Follow = true }));

        Assert.Equal(StatusCode.InvalidArgument, badMask.StatusCode);
        Assert.Contains("source.no_such_field", badMask.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, firstAndFollow.StatusCode);
    }

    [Fact]
    public async Task ServerStatus_counts_the_stored_flows_and_reports_their_time_range()
    {
        using var call = _history.Observer.ServerStatusAsync(new ServerStatusRequest());
        var status = await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal((ulong)_flows.Count, status.NumFlows);
        Assert.Equal(0u, status.NumConnectedNodes);
        var oldest = DateTimeOffset.Parse(headers.GetValue("netobs-history-oldest")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_flows[0].Time.ToDateTimeOffset(), oldest, TimeSpan.FromMilliseconds(1));
        var newest = DateTimeOffset.Parse(headers.GetValue("netobs-history-newest")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_flows[^1].Time.ToDateTimeOffset(), newest, TimeSpan.FromMilliseconds(1));
        Assert.True(status.UptimeNs >= (ulong)(DateTimeOffset.UtcNow - oldest).Ticks * 100 - 60_000_000_000UL);
    }

    [Fact]
    public async Task GetNodes_and_GetNamespaces_list_what_is_stored()
    {
        var nodes = await _history.Observer.GetNodesAsync(new GetNodesRequest());
        var namespaces = await _history.Observer.GetNamespacesAsync(new GetNamespacesRequest());

        Assert.Equal(_flows.Select(f => f.NodeName).Distinct().Order(), nodes.Nodes.Select(n => n.Name).Order());
        Assert.Equal((ulong)_flows.Count, nodes.Nodes.Aggregate(0UL, (sum, n) => sum + n.NumFlows));
        var expected = _flows.SelectMany(f => new[] { f.Source?.Namespace, f.Destination?.Namespace }).Where(n => !string.IsNullOrEmpty(n)).Distinct().Order();
        Assert.Equal(expected, namespaces.Namespaces.Select(n => n.Namespace_));
        Assert.All(namespaces.Namespaces, n => Assert.Equal("sim", n.Cluster));
    }

    private async Task<IReadOnlyList<Flow>> FlowsAsync(GetFlowsRequest request) =>
        (await _history.GetFlowsAsync(request)).Where(r => r.Flow is not null).Select(r => r.Flow).ToList();

    private static Timestamp Stamp(long nanos) => new() { Seconds = nanos / 1_000_000_000, Nanos = (int)(nanos % 1_000_000_000) };

    private sealed class ByteStringOrder : IComparer<ByteString>
    {
        public static ByteStringOrder Instance { get; } = new();

        public int Compare(ByteString? x, ByteString? y) => x!.Span.SequenceCompareTo(y!.Span);
    }
}
