using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Net.Client;
using NetObs.Grafana.Protocol.V2;
using PluginStream = NetObs.Grafana.Protocol.V2.Stream;

namespace NetObs.Query.Tests;

/// <summary>
/// Launches gpx_netobs as go-plugin does for Grafana (magic cookie, offered protocol versions, stdout and
/// stderr pipes, Grafana's working directory), reads the handshake and opens the pluginv2 clients.
/// </summary>
internal sealed partial class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private readonly GrpcChannel _channel;

    private PluginProcess(Process process, string address)
    {
        _process = process;
        _channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        Data = new Data.DataClient(_channel);
        Diagnostics = new Diagnostics.DiagnosticsClient(_channel);
        Resource = new Resource.ResourceClient(_channel);
        Stream = new PluginStream.StreamClient(_channel);
    }

    public Data.DataClient Data { get; }

    /// <summary>The plugin's process id, e.g. to read its peak memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public Diagnostics.DiagnosticsClient Diagnostics { get; }

    public Resource.ResourceClient Resource { get; }

    public PluginStream.StreamClient Stream { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static string ExecutablePath
    {
        get
        {
            var configuration = typeof(PluginProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var path = Path.Combine(RepositoryPaths.Root, "plugin-backend", "NetObs.Plugin", "bin", configuration, "net10.0", "gpx_netobs");
            return OperatingSystem.IsWindows() ? path + ".exe" : path;
        }
    }

    public static async Task<PluginProcess> StartAsync()
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["grafana_plugin_type"] = "datasource";
        start.Environment["PLUGIN_PROTOCOL_VERSIONS"] = "2";
        start.Environment["PLUGIN_MIN_PORT"] = "10000";
        start.Environment["PLUGIN_MAX_PORT"] = "25000";
        start.Environment["GF_VERSION"] = "12.0.2";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var handshake = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                handshake.TrySetException(new InvalidOperationException("gpx_netobs closed stdout before its handshake: " + string.Join('\n', stderr)));
            }
            else
            {
                handshake.TrySetResult(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var line = await handshake.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var match = Handshake().Match(line);
        Assert.True(match.Success, $"handshake '{line}' is not 1|2|tcp|127.0.0.1:PORT|grpc");
        var plugin = new PluginProcess(process, match.Groups["address"].Value);
        lock (stderr)
        {
            plugin._stderr.AddRange(stderr);
        }

        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (plugin._stderr)
                {
                    plugin._stderr.Add(e.Data);
                }
            }
        };
        return plugin;
    }

    /// <summary>The PluginContext of a data source instance with these settings.</summary>
    public static PluginContext Context(string url, string jsonData = "{}", IReadOnlyDictionary<string, string>? secure = null, string uid = "hubble")
    {
        var settings = new DataSourceInstanceSettings
        {
            Uid = uid,
            Name = "Hubble",
            Url = url,
            JsonData = ByteString.CopyFromUtf8(jsonData),
            LastUpdatedMS = 1,
        };
        foreach (var (key, value) in secure ?? new Dictionary<string, string>())
        {
            settings.DecryptedSecureJsonData[key] = value;
        }

        return new PluginContext { OrgId = 1, PluginId = "netobs-hubble-datasource", DataSourceInstanceSettings = settings };
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^1\|2\|tcp\|(?<address>127\.0\.0\.1:\d+)\|grpc$")]
    private static partial Regex Handshake();
}
