using NetObs.Hubble.Hosting;
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

try
{
    return await ServingProcess.RunAsync(async stopping => await SimulatorHost.StartAsync(options, TimeProvider.System, stopping), Console.Out);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"netobs-simulator: {e.Message}");
    return 2;
}
