using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Grpc.Net.Client;

namespace NetObs.Grafana.Tests;

/// <summary>
/// Launches the sample plugin executable the way go-plugin does for Grafana (environment, stdout pipe, stderr
/// pipe), reads the handshake line and opens a gRPC channel to the address it announces.
/// </summary>
internal sealed partial class PluginProcess : IAsyncDisposable
{
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<string> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PluginProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public string Address { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Everything the plugin wrote to stdout (the handshake must be all of it).</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    public static string SamplePluginPath
    {
        get
        {
            var configuration = typeof(PluginProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var path = Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Grafana.SamplePlugin", "bin", configuration, "net10.0", "NetObs.Grafana.SamplePlugin");
            return OperatingSystem.IsWindows() ? path + ".exe" : path;
        }
    }

    /// <summary>Grafana's launch environment: go-plugin's magic cookie, offered versions and port range.</summary>
    public static Dictionary<string, string?> GrafanaEnvironment() => new()
    {
        ["grafana_plugin_type"] = "datasource",
        ["PLUGIN_PROTOCOL_VERSIONS"] = "2",
        ["PLUGIN_MIN_PORT"] = "10000",
        ["PLUGIN_MAX_PORT"] = "25000",
        ["GF_VERSION"] = "12.0.2",
    };

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(SamplePluginPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Grafana does not set the working directory: the plugin inherits Grafana's.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("grafana_plugin_type");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Starts the plugin as Grafana would and waits for its handshake.</summary>
    public static async Task<PluginProcess> StartAsync(IReadOnlyDictionary<string, string?>? extraEnvironment = null, params string[] args)
    {
        var environment = GrafanaEnvironment();
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var plugin = Launch(StartInfo(environment, args));
        var line = await plugin._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var match = HandshakePattern().Match(line);
        Assert.True(match.Success, $"handshake line '{line}' is not 1|2|tcp|127.0.0.1:PORT|grpc");
        plugin.Address = match.Groups["address"].Value;
        plugin.Channel = GrpcChannel.ForAddress($"http://{plugin.Address}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        return plugin;
    }

    /// <summary>Starts the process without waiting for anything.</summary>
    public static PluginProcess Launch(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var plugin = new PluginProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                plugin._handshake.TrySetException(new InvalidOperationException("stdout closed before a handshake line: " + string.Join("\n", plugin.StderrLines)));
                return;
            }

            lock (plugin._stdout)
            {
                plugin._stdout.Add(e.Data);
            }

            plugin._handshake.TrySetResult(e.Data);
        };
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
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return plugin;
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    [GeneratedRegex(@"^1\|2\|tcp\|(?<address>127\.0\.0\.1:\d{1,5})\|grpc$")]
    private static partial Regex HandshakePattern();
}
