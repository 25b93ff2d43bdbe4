using NetObs.Testing.Processes;

namespace NetObs.Demo.Prometheus;

/// <summary>A real Prometheus (Debian's `prometheus` package) on a free loopback port, with its own data folder.</summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private PrometheusProcess(ChildProcess process, Uri address)
    {
        this.process = process;
        Address = address;
        Api = new PrometheusApi(address);
    }

    public Uri Address { get; }

    public PrometheusApi Api { get; }

    /// <summary>Finds `prometheus` on PATH (Debian installs /usr/bin/prometheus); null when it is not installed.</summary>
    public static string? Locate()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "prometheus.exe" } : ["prometheus"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts Prometheus on <paramref name="port"/> (checked free by the caller) and waits for /-/ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string executable, int port, string configFile, string dataFolder, string logFile, CancellationToken cancellation)
    {
        Directory.CreateDirectory(dataFolder);
        var address = new Uri($"http://127.0.0.1:{port}/");
        var spec = new ChildProcessSpec("prometheus", executable,
        [
            $"--config.file={configFile}",
            $"--storage.tsdb.path={dataFolder}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1d",
        ], logFile);
        var prometheus = new PrometheusProcess(ChildProcess.Start(spec), address);
        try
        {
            await prometheus.Api.WaitUntilReadyAsync(prometheus.process, TimeSpan.FromSeconds(60), cancellation);
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    public string DescribeErrors() => process.DescribeErrors();

    public async Task StopAsync() => await process.StopAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await process.DisposeAsync();
    }
}
