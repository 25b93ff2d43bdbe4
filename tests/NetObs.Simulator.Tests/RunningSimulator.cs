using System.Net.Http.Headers;
using Cilium.Observer;
using Grpc.Core;
using Grpc.Net.Client;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

/// <summary>A simulator hosted in the test process on loopback ports the OS picks, with a client for it.</summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private RunningSimulator(SimulatorHost host, GrpcChannel channel)
    {
        Host = host;
        _channel = channel;
        Client = new Cilium.Observer.Observer.ObserverClient(channel);
    }

    public SimulatorHost Host { get; }

    public Cilium.Observer.Observer.ObserverClient Client { get; }

    public GrpcChannel Channel => _channel;

    public static async Task<RunningSimulator> StartAsync(SimulatorOptions options, TimeProvider? clock = null)
    {
        var host = await SimulatorHost.StartAsync(
            options with { Listen = new(System.Net.IPAddress.Loopback, 0), MetricsListen = new(System.Net.IPAddress.Loopback, 0) },
            clock ?? TimeProvider.System);
        var channel = GrpcChannel.ForAddress($"http://{host.GrpcEndpoint}");
        return new RunningSimulator(host, channel);
    }

    /// <summary>A frozen-clock simulator whose buffers hold its whole back-filled history.</summary>
    public static Task<RunningSimulator> StartFrozenAsync(ulong seed = 7, string backfill = "1m", int buffer = 65535, int nodes = 3, double rate = 200,
        ScenarioSet scenarios = ScenarioSet.All, FrozenClock? clock = null) =>
        StartAsync(
            new SimulatorOptions
            {
                Seed = seed,
                Backfill = Parse(backfill),
                BufferCapacity = buffer,
                Nodes = nodes,
                Rate = rate,
                Scenarios = scenarios,
            },
            clock ?? FrozenClock.At("2026-03-01T12:00:00Z"));

    public async Task<List<GetFlowsResponse>> GetFlowsAsync(GetFlowsRequest request, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        using var call = Client.GetFlows(request, cancellationToken: cancel.Token);
        var responses = new List<GetFlowsResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            responses.Add(response);
        }

        return responses;
    }

    /// <summary>Every stored flow, oldest first, as the relay returns them.</summary>
    public async Task<List<Cilium.Flow.Flow>> AllFlowsAsync() =>
        (await GetFlowsAsync(new GetFlowsRequest())).Where(r => r.Flow is not null).Select(r => r.Flow).ToList();

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://{Host.MetricsEndpoint}/metrics"));
        response.EnsureSuccessStatusCode();
        Assert.Equal(new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" }.MediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Host.DisposeAsync();
    }

    private static TimeSpan Parse(string duration) =>
        DurationParser.TryParse(duration, out var parsed) ? parsed : throw new ArgumentException(duration, nameof(duration));
}
