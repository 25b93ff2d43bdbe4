using System.Diagnostics;
using System.Globalization;
using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;
using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>The real demo process stops every program it started when it is sent SIGTERM, as it does on Ctrl+C (issue 12, item 8).</summary>
public sealed class DemoSignalTests(ITestOutputHelper output) : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string work = Directory.CreateTempSubdirectory("netobs-demo-sigterm-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Sigterm_stops_the_simulator_prometheus_and_the_plugin_before_the_demo_exits()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The children are found through /proc.
        }

        var layout = RepositoryLayout.Find(Configuration, RepositoryPaths.Root);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = layout.Root,
            ArgumentList =
            {
                Path.Combine(layout.Root, "demo", "NetObs.Demo", "bin", Configuration, "net10.0", "NetObs.Demo.dll"),
                "--configuration", Configuration,
                "--work", work,
                "--plugin", layout.BuiltPlugin,
                "--backfill", "2m",
                "--rate", "20",
                // The shortest history: the history server is one of the children that must stop with the demo.
                "--history", "1h",
                // Long enough that SIGTERM arrives while the demo waits for Prometheus, with every child running.
                "--settle", "10m",
            },
        };
        if (PrometheusProcess.Locate() is null)
        {
            start.ArgumentList.Add("--no-prometheus");
        }

        using var demo = Process.Start(start)!;
        demo.StandardInput.Close();
        var printed = new List<string>();
        var stderr = demo.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await demo.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                printed.Add(line);
                if (line.Contains("CheckHealth:", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (printed.Count == 0 || !printed[^1].Contains("CheckHealth:", StringComparison.Ordinal))
            {
                Assert.Fail("the demo did not get its stack up:\n" + string.Join("\n", printed) + "\n" + await stderr);
            }

            var children = Descendants(demo.Id);
            var expected = PrometheusProcess.Locate() is null ? 3 : 4;
            Assert.True(children.Count >= expected, $"expected the simulator, the history server, the plugin{(expected == 4 ? " and Prometheus" : "")} under the demo, found: {Describe(children)}");

            Signal(demo.Id, "TERM");
            using var exitLimit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var rest = await demo.StandardOutput.ReadToEndAsync(exitLimit.Token);
            await demo.WaitForExitAsync(exitLimit.Token);
            output.WriteLine(string.Join("\n", printed) + "\n" + rest);

            Assert.Equal(0, demo.ExitCode);
            Assert.Contains("Stopping: plugin, Prometheus, history server, simulator ... done.", rest, StringComparison.Ordinal);
            var survivors = children.Where(c => IsRunning(c.Pid)).ToList();
            Assert.True(survivors.Count == 0, $"still running after the demo exited: {Describe(survivors)}");
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Every process below <paramref name="pid"/>, from /proc's parent links.</summary>
    private static List<(int Pid, string Name)> Descendants(int pid)
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ReadStat(id) is { } stat)
            {
                parents[id] = (stat.Parent, stat.Name);
            }
        }

        var found = new List<(int, string)>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var (child, (_, name)) in parents.Where(p => p.Value.Parent == current))
            {
                found.Add((child, name));
                queue.Enqueue(child);
            }
        }

        return found;
    }

    private static bool IsRunning(int pid) => ReadStat(pid) is { State: not 'Z' };

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    private static (string Name, char State, int Parent)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return (text[(text.IndexOf('(') + 1)..close], fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Describe(IEnumerable<(int Pid, string Name)> processes) =>
        string.Join(", ", processes.Select(p => $"{p.Name} ({p.Pid})")) is { Length: > 0 } text ? text : "none";

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
