using System.Runtime.InteropServices;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;

SimulatorOptions? options;
try
{
    options = SimulatorOptionsParser.Parse(args);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(SimulatorOptionsParser.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

SimulatorHost host;
try
{
    host = await SimulatorHost.StartAsync(options, TimeProvider.System, stop.Token);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
    return 2;
}

await using (host)
{
    Console.WriteLine(host.ListeningLine);
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // SIGINT or SIGTERM: stop serving and exit cleanly.
    }

    await host.StopAsync();
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
