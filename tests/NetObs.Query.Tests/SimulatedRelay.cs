using System.Net;
using Cilium.Flow;
using Cilium.Observer;
using Grpc.Net.Client;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;

namespace NetObs.Query.Tests;

/// <summary>
/// The simulator hosted in the test process on an OS-assigned loopback port, with history back-filled so that past windows are fixed.
/// <see cref="Relay"/> is the plugin's relay client; <see cref="Client"/> is a plain gRPC client for reading what the simulator served.
/// </summary>
internal sealed class SimulatedRelay : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly HubbleRelayClient _relayClient;

    private SimulatedRelay(SimulatorHost host)
    {
        Host = host;
        _channel = GrpcChannel.ForAddress($"http://{host.GrpcEndpoint}");
        Client = new Observer.ObserverClient(_channel);
        _relayClient = new HubbleRelayClient(new RelayConnectionOptions { Address = Address, RequestTimeout = TimeSpan.FromSeconds(30) });
    }

    public SimulatorHost Host { get; }

    public Observer.ObserverClient Client { get; }

    public IFlowSource Relay => _relayClient;

    public string Address => Host.GrpcEndpoint.ToString();

    /// <summary>When the simulator started; the back-filled history lies before it.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(Host.StartUnixNanos / 1_000_000);

    public static async Task<SimulatedRelay> StartAsync(ScenarioSet scenarios = ScenarioSet.All, ulong seed = 11, double rate = 200, string? certFile = null, string? keyFile = null)
    {
        var options = new SimulatorOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            MetricsListen = new IPEndPoint(IPAddress.Loopback, 0),
            Seed = seed,
            Scenarios = scenarios,
            Rate = rate,
            Nodes = 3,
            BufferCapacity = 65535,
            Backfill = TimeSpan.FromMinutes(3),
            TlsCertFile = certFile,
            TlsKeyFile = keyFile,
        };
        return new SimulatedRelay(await SimulatorHost.StartAsync(options, TimeProvider.System));
    }

    /// <summary>Every flow the simulator holds in [from, to], read with a plain GetFlows.</summary>
    public async Task<List<Flow>> FlowsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var flows = new List<Flow>();
        using var call = Client.GetFlows(new GetFlowsRequest
        {
            Since = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(from),
            Until = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(to),
        });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
    }

    public async ValueTask DisposeAsync()
    {
        _relayClient.Dispose();
        _channel.Dispose();
        await Host.DisposeAsync();
    }
}
