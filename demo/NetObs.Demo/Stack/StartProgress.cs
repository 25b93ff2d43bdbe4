using System.Diagnostics;

namespace NetObs.Demo.Stack;

/// <summary>Prints how long a start-up step has taken every few seconds, so a slow start (a simulator backfilling an hour) never looks hung.</summary>
internal static class StartProgress
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    public static async Task<T> ReportAsync<T>(Task<T> work, TextWriter progress, string label, CancellationToken cancellation)
    {
        await ReportAsync((Task)work, progress, label, cancellation);
        return await work;
    }

    public static async Task ReportAsync(Task work, TextWriter progress, string label, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();

        // The lines are written from this method's own continuations, one at a time, so the writer needs no lock.
        while (await Task.WhenAny(work, Task.Delay(Every, cancellation)) != work)
        {
            cancellation.ThrowIfCancellationRequested();
            progress.WriteLine($"  ... {label}: {watch.Elapsed.TotalSeconds:0} s");
        }

        await work;
    }
}
