using System.Globalization;
using NetObs.Testing.Plugin;

namespace NetObs.Demo.Plugin;

/// <summary>Measures a plugin executable's start-to-handshake time as Grafana experiences it (launch, first stdout line), and its size.</summary>
internal static class StartupTimer
{
    public static async Task<int> RunAsync(string executable, int runs, TextWriter output, CancellationToken cancellation)
    {
        var times = new List<double>();
        var log = Path.Combine(Path.GetTempPath(), $"netobs-startup-{Environment.ProcessId}.log");
        for (var run = 0; run < runs + 1; run++)
        {
            await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(executable) { LogFile = log }, cancellation);
            // The first run warms the OS file cache, as a plugin restarted by Grafana would find it.
            if (run > 0)
            {
                times.Add(plugin.StartToHandshake.TotalMilliseconds);
            }
        }

        File.Delete(log);
        times.Sort();
        var size = new FileInfo(executable).Length / 1024.0 / 1024.0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(executable)}: {size:0.0} MiB, start to handshake median {times[times.Count / 2]:0} ms (min {times[0]:0}, max {times[^1]:0}, {runs} runs)"));
        return 0;
    }
}
