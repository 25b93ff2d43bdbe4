namespace NetObs.Demo.Prometheus;

/// <summary>Waits for Prometheus to settle and says how long is left, so the wait never looks like a hang.</summary>
internal static class SettleProgress
{
    public static async Task WaitAsync(TimeSpan settle, TimeSpan every, TextWriter output, TimeProvider time, CancellationToken cancellation)
    {
        var left = settle;
        while (left > TimeSpan.Zero)
        {
            var step = left < every ? left : every;
            await Task.Delay(step, time, cancellation);
            left -= step;
            if (left > TimeSpan.Zero)
            {
                output.WriteLine($"  ... {left.TotalSeconds:0} s left");
            }
        }
    }
}
