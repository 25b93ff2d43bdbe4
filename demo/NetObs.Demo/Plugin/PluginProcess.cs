using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Net.Client;
using NetObs.Demo.Processes;
using NetObs.Grafana.Protocol.GoPlugin;
using NetObs.Grafana.Protocol.V2;
using StreamService = NetObs.Grafana.Protocol.V2.Stream;

namespace NetObs.Demo.Plugin;

/// <summary>The plugin executable launched the way Grafana's go-plugin client launches it, with gRPC clients on the announced address.</summary>
internal sealed class PluginProcess : IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly GrpcChannel channel;

    private PluginProcess(ChildProcess process, PluginHandshake handshake, TimeSpan startToHandshake, GrpcChannel channel)
    {
        this.process = process;
        this.channel = channel;
        Handshake = handshake;
        StartToHandshake = startToHandshake;
        Data = new Data.DataClient(channel);
        Diagnostics = new Diagnostics.DiagnosticsClient(channel);
        Resource = new Resource.ResourceClient(channel);
        Stream = new StreamService.StreamClient(channel);
        Controller = new GRPCController.GRPCControllerClient(channel);
    }

    public PluginHandshake Handshake { get; }

    /// <summary>Time from process start to the handshake line on stdout.</summary>
    public TimeSpan StartToHandshake { get; }

    public Data.DataClient Data { get; }

    public Diagnostics.DiagnosticsClient Diagnostics { get; }

    public Resource.ResourceClient Resource { get; }

    public StreamService.StreamClient Stream { get; }

    public GRPCController.GRPCControllerClient Controller { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Grafana's environment for a backend plugin (grafana-plugin-protocol.md §1.3): the magic cookie and protocol 2.</summary>
    public static IReadOnlyDictionary<string, string> GrafanaEnvironment(string grafanaVersion = "12.0.2") => new Dictionary<string, string>
    {
        ["grafana_plugin_type"] = "datasource",
        ["PLUGIN_PROTOCOL_VERSIONS"] = "2",
        ["PLUGIN_MIN_PORT"] = "10000",
        ["PLUGIN_MAX_PORT"] = "25000",
        ["GF_VERSION"] = grafanaVersion,
        ["GF_PLUGIN_VERSION"] = "",
    };

    public static Task<PluginProcess> StartAsync(string executable, string logFile, CancellationToken cancellation) =>
        StartAsync([], executable, logFile, cancellation);

    /// <summary>Starts the executable through <paramref name="launcher"/> (a program and its options, such as qemu-aarch64 for another architecture's executable); empty runs it directly.</summary>
    public static async Task<PluginProcess> StartAsync(IReadOnlyList<string> launcher, string executable, string logFile, CancellationToken cancellation)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"The plugin executable '{executable}' does not exist. Run `dotnet cake --target=Package --platforms=linux-x64` or `dotnet build -c Release plugin-backend/NetObs.Plugin`.");
        }

        // Grafana does not set the working directory: the plugin inherits Grafana's (§1.2); a temporary folder stands in.
        string[] command = [.. launcher, executable];
        var spec = new ChildProcessSpec("plugin", command[0], command[1..], logFile)
        {
            Environment = GrafanaEnvironment(),
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardInput = true,
        };
        var process = ChildProcess.Start(spec);
        try
        {
            // go-plugin reads the first stdout line and gives up after its one-minute start timeout.
            var line = await process.WaitForLineAsync(_ => true, TimeSpan.FromMinutes(1), cancellation);
            var elapsed = Stopwatch.GetElapsedTime(process.StartedAt);
            var handshake = PluginHandshake.Parse(line);
            if (handshake.Network != "tcp")
            {
                throw new NotSupportedException($"The plugin announced a {handshake.Network} socket '{handshake.Address}'; the demo's client dials TCP only.");
            }

            var channel = GrpcChannel.ForAddress($"http://{handshake.Address}", new GrpcChannelOptions
            {
                MaxReceiveMessageSize = int.MaxValue,
                MaxSendMessageSize = int.MaxValue,
            });
            return new PluginProcess(process, handshake, elapsed, channel);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public string DescribeErrors() => process.DescribeErrors();

    /// <summary>Stops the plugin as Grafana does: GRPCController/Shutdown, then 2 s to exit before a kill (§1.6).</summary>
    public async Task<bool> ShutdownAsync()
    {
        if (process.HasExited)
        {
            return true;
        }

        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Controller.ShutdownAsync(new Empty(), cancellationToken: deadline.Token);
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or SocketException)
        {
            // Grafana ignores the Shutdown error too and relies on the kill below.
        }

        return await process.WaitForExitOrKillAsync(TimeSpan.FromSeconds(2));
    }

    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync();
        channel.Dispose();
        await process.DisposeAsync();
    }
}
