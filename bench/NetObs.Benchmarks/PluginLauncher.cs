using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Net.Client;
using NetObs.Grafana.Protocol.V2;
using NetObs.Testing;

namespace NetObs.Benchmarks;

/// <summary>
/// gpx_netobs started the way go-plugin starts it for Grafana (magic cookie, protocol versions, port range, a working
/// directory of its own), with its handshake read and a pluginv2 Data client opened on the address it announces.
/// </summary>
internal sealed partial class PluginLauncher : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private PluginLauncher(Process process, string address)
    {
        _process = process;
        _channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        Data = new Data.DataClient(_channel);
    }

    public Data.DataClient Data { get; }

    public int ProcessId => _process.Id;

    /// <summary>The plugin's resident set size from /proc (Linux), or the runtime's working-set figure elsewhere.</summary>
    public long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>CPU time the plugin has used so far (user and system), a figure the machine's other load does not inflate.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static string ExecutablePath
    {
        get
        {
            var configuration = typeof(PluginLauncher).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var path = Path.Combine(RepositoryPaths.Root, "plugin-backend", "NetObs.Plugin", "bin", configuration, "net10.0", "gpx_netobs");
            return OperatingSystem.IsWindows() ? path + ".exe" : path;
        }
    }

    public static async Task<PluginLauncher> StartAsync(string executable)
    {
        var start = new ProcessStartInfo(executable)
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

        var process = new Process { StartInfo = start };
        var handshake = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                handshake.TrySetException(new InvalidOperationException("gpx_netobs closed stdout before its handshake."));
            }
            else
            {
                handshake.TrySetResult(e.Data);
            }
        };

        // Grafana reads the plugin's log lines from stderr; reading them here keeps the pipe from filling up.
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var line = await handshake.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var match = Handshake().Match(line);
        if (!match.Success)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"gpx_netobs answered the handshake with '{line}', not 1|2|tcp|127.0.0.1:PORT|grpc.");
        }

        return new PluginLauncher(process, match.Groups["address"].Value);
    }

    /// <summary>The PluginContext Grafana sends for a data source pointing at <paramref name="url"/>.</summary>
    public static PluginContext Context(string url, string jsonData) => new()
    {
        OrgId = 1,
        PluginId = "netobs-hubble-datasource",
        DataSourceInstanceSettings = new DataSourceInstanceSettings
        {
            Uid = "netobs",
            Name = "NetObs Hubble",
            Url = url,
            JsonData = ByteString.CopyFromUtf8(jsonData),
            LastUpdatedMS = 1,
        },
    };

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^1\|2\|tcp\|(?<address>127\.0\.0\.1:\d+)\|grpc$")]
    private static partial Regex Handshake();
}
