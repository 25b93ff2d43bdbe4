using System.Runtime.InteropServices;

namespace NetObs.Hubble.Hosting;

/// <summary>
/// The process contract of the simulator and netobs-history: start the host, print its one line on stdout once it
/// serves and nothing else there, serve until SIGINT or SIGTERM, then stop cleanly and exit with code 0.
/// </summary>
public static class ServingProcess
{
    /// <summary>Runs <paramref name="start"/>'s host until a signal; returns the exit code.</summary>
    /// <param name="start">Starts the host; the token fires when a signal arrives while it starts.</param>
    /// <param name="stdout">Where the listening line goes (the console in the executables).</param>
    /// <remarks>What <paramref name="start"/> throws, other than a cancellation by a signal, propagates to the caller,
    /// which turns its own option errors into messages and exit codes.</remarks>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<IServingHost>> start, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stdout);
        using var stop = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        IServingHost host;
        try
        {
            host = await start(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A signal during start: nothing serves yet, so there is nothing to stop.
            return 0;
        }

        await using (host.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync(host.ListeningLine).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT or SIGTERM: the host stops what it runs.
            }

            await host.StopAsync().ConfigureAwait(false);
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            // Handled: the runtime must not end the process before the host has stopped.
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
