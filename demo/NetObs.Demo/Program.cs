using System.Globalization;
using System.Runtime.InteropServices;
using NetObs.Demo;
using NetObs.Demo.Plugin;
using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;
using NetObs.Demo.Walkthrough;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the stack cleanly; a second one ends the demo at once.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

// SIGTERM (kill, systemd, a CI runner's timeout) and SIGHUP (the terminal closed) stop the stack like the first Ctrl+C:
// without this the runtime exits at once and the simulator, Prometheus and the plugin keep running.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
using var hangUp = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, StopOnSignal);

if (args.Length > 0 && args[0] == "startup-time")
{
    if (args.Length < 2)
    {
        await Console.Error.WriteLineAsync(DemoOptions.Usage);
        return 2;
    }

    var runs = args.Length > 3 && args[2] == "--runs" ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
    return await StartupTimer.RunAsync(Path.GetFullPath(args[1]), runs, Console.Out, stop.Token);
}

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync($"netobs-demo: {e.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

var output = Console.Out;
var stackOptions = options.ToStackOptions(RepositoryLayout.Find(options.Configuration));
if (stackOptions.PrometheusExecutable is null && !options.NoPrometheus)
{
    output.WriteLine("Prometheus is not installed, so the demo runs without metrics and alerts.");
    output.WriteLine("  Install it with `sudo apt-get install prometheus` (Debian/Ubuntu) or put a `prometheus` binary on PATH.");
}

try
{
    await using var stack = await DemoStack.StartAsync(stackOptions, output, stop.Token);
    var health = await stack.DataSource.CheckHealthAsync(stop.Token);
    output.WriteLine($"  CheckHealth: {health.Status} {health.Message}");

    if (stack.Prometheus is not null && options.Settle > TimeSpan.Zero)
    {
        output.WriteLine($"Letting Prometheus scrape and evaluate the rules for {options.Settle.TotalSeconds:0} s ...");
        await SettleProgress.WaitAsync(options.Settle, TimeSpan.FromSeconds(10), output, TimeProvider.System, stop.Token);
    }

    var walkthrough = new UseCaseWalkthrough(stack, output);
    var results = await walkthrough.RunAsync(stop.Token);
    GrafanaInstructions.Write(output, stack);

    var failed = results.Where(r => r.Error is not null).ToList();
    output.WriteLine();
    output.WriteLine($"{results.Count(r => r.Ran)} steps ran, {failed.Count} failed, {results.Count(r => !r.Ran)} skipped.");
    if (options.Once)
    {
        return failed.Count == 0 ? 0 : 1;
    }

    output.WriteLine("Everything keeps running. Press Enter to walk the use cases again, Ctrl+C to stop.");
    while (!stop.IsCancellationRequested)
    {
        var line = await Task.Run(Console.ReadLine, stop.Token).WaitAsync(stop.Token);
        if (line is null)
        {
            // No terminal (stdin closed): keep serving until Ctrl+C or SIGTERM.
            await Task.Delay(Timeout.Infinite, stop.Token);
        }

        await walkthrough.RunAsync(stop.Token);
    }

    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    output.WriteLine("Stopping: plugin, Prometheus, history server, simulator ... done.");
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or FormatException)
{
    await Console.Error.WriteLineAsync($"netobs-demo: {e.Message}");
    return 1;
}

void StopOnSignal(PosixSignalContext context)
{
    // As with Ctrl+C: the first signal stops the stack cleanly, a second one ends the demo at once.
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
